import type { Memory } from '../memory';
import { lineage, regulationEvents } from '../schema';
import { lineageEdgeSchema } from '../schemas/lineage-edge-schema';
import { regulationEventsSchema } from '../schemas/regulation-event-schema';
import { parseInput } from './parse-input';
import type { StoreContext } from './store-context';

/** Regulation events and lineage edges: appended, never updated. */
export function eventMethods(store: StoreContext): Pick<Memory, 'appendEvents' | 'addLineage'> {
  const { db, now } = store;
  return {
    async appendEvents(events) {
      parseInput(regulationEventsSchema, events, 'events');
      if (events.length === 0) return;
      for (const id of new Set(events.map((e) => e.experimentId))) await store.requireExperiment(id, 'events[].experimentId');
      await store.requireTrials(
        events.map((e) => e.trialId),
        'events[].trialId',
      );
      const t = now();
      await db.insert(regulationEvents).values(
        events.map((e) => ({
          experimentId: e.experimentId,
          trialId: e.trialId,
          step: e.step,
          level: e.level,
          regulator: e.regulator,
          kind: e.kind,
          param: e.param,
          from: e.from,
          to: e.to,
          reason: e.reason,
          createdAt: t,
        })),
      );
    },

    async addLineage(edge) {
      parseInput(lineageEdgeSchema, edge, 'edge');
      await store.requireExperiment(edge.experimentId, 'edge.experimentId');
      await store.requireTrials([edge.childId], 'edge.childId');
      await store.requireTrials([edge.parentId], 'edge.parentId');
      await db
        .insert(lineage)
        .values({ ...edge, createdAt: now() })
        .onConflictDoNothing();
    },
  };
}
