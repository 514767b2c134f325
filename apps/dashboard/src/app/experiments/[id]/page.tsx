import { Suspense } from 'react';
import { ExperimentView } from '../../../components/experiment-view';

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<div className="state">Loading experiment…</div>}>
      <ExperimentView id={decodeURIComponent(id)} />
    </Suspense>
  );
}
