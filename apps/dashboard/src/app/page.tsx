import { Suspense } from 'react';
import { ExperimentsView } from '../components/experiments-view';

export default function ExperimentsPage() {
  return (
    <Suspense fallback={<div className="state">Loading experiments…</div>}>
      <ExperimentsView />
    </Suspense>
  );
}
