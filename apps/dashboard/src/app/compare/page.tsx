import { Suspense } from 'react';
import { CompareView } from '../../components/compare-view';

export default function ComparePage() {
  return (
    <Suspense fallback={<div className="state">Loading…</div>}>
      <CompareView />
    </Suspense>
  );
}
