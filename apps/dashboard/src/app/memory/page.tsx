import { Suspense } from 'react';
import { MemoryView } from '../../components/memory-view';

export default function MemoryPage() {
  return (
    <Suspense fallback={<div className="state">Loading marks…</div>}>
      <MemoryView />
    </Suspense>
  );
}
