import type { LineageView, MemoryStore, TaskContext } from '@epigenome/core';

/** The lineage level's view of a memory store for one experiment's context. */
export function createLineageView(store: MemoryStore, context: TaskContext): LineageView {
  return {
    context,
    inherit: (k, other) => store.inherit(other ?? context, k),
    mark: async (input) => (await store.mark(input)).id,
    reinforce: async (id, amount) => {
      await store.reinforce(id, amount);
    },
    weaken: async (id, amount) => {
      await store.weaken(id, amount);
    },
  };
}
