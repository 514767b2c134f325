import type { Config, ExperimentStatus, TrialStatus } from '@epigenome/core';
import type { StoredEvent } from '@epigenome/memory';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from '../api-context';
import { id, input } from './input-parts';
import { decodeLiveCursor, digest, encodeLiveCursor, startCursor, type LiveCursor } from './live-cursor';
import { toTrpcError } from './to-trpc-error';
import { publicProcedure, router } from './trpc';

/** Most points in one `metrics` message; most events in one `events` message. */
const POINTS_PER_MESSAGE = 5000;
const EVENTS_PER_MESSAGE = 500;
/** How long a subscription waits for a change before it reads again (writers of other processes are seen this way). */
const POLL_MS = 500;

/** A message of `live.experiment`. */
export type LiveMessage =
  | { type: 'metrics'; trialId: string; name: string; points: { step: number; value: number }[] }
  | { type: 'events'; events: StoredEvent[] }
  | { type: 'trial'; trial: { id: string; status: TrialStatus; step: number; fitness: number | null; config: Config; parentId: string | null; generation: number } }
  | { type: 'status'; status: ExperimentStatus; running: boolean };

/**
 * One pass over what is new since `cursor`: events by id, each series' points by step, trials
 * whose row changed, then the status. Each message comes with the cursor just after it.
 */
async function* pass(ctx: ApiContext, experimentId: string, start: LiveCursor, status: ExperimentStatus, running: boolean): AsyncGenerator<[LiveCursor, LiveMessage]> {
  const q = ctx.memory.queries;
  let cursor = start;
  for (;;) {
    const page = await q.eventPage({ experimentId, afterId: cursor.e, limit: EVENTS_PER_MESSAGE });
    if (page.items.length === 0) break;
    cursor = { ...cursor, e: page.items[page.items.length - 1]!.id };
    yield [cursor, { type: 'events', events: page.items }];
    if (page.nextAfterId === undefined) break;
  }
  for (const s of await q.experimentSeries(experimentId)) {
    for (;;) {
      const points = await q.pointsAfter(s.id, cursor.s[String(s.id)] ?? -1, POINTS_PER_MESSAGE);
      if (points.length === 0) break;
      cursor = { ...cursor, s: { ...cursor.s, [String(s.id)]: points[points.length - 1]!.step } };
      yield [cursor, { type: 'metrics', trialId: s.trialId, name: s.name, points }];
      if (points.length < POINTS_PER_MESSAGE) break;
    }
  }
  for (const [i, t] of (await q.trialStates(experimentId)).entries()) {
    const trial = { id: t.id, status: t.status, step: t.step, fitness: t.fitness ?? null, config: t.config, parentId: t.parentId ?? null, generation: t.generation };
    const state = digest(trial);
    if (cursor.t[i] === state) continue;
    const states = Array.from({ length: Math.max(cursor.t.length, i + 1) }, (_, j) => cursor.t[j] ?? '');
    states[i] = state;
    cursor = { ...cursor, t: states };
    yield [cursor, { type: 'trial', trial }];
  }
  // The status with whether a host runs it: a run's stored status turns final a moment before
  // its host lets it go, and the last message must say both (read once, with the status).
  const sent = running ? `${status}+` : status;
  if (cursor.st !== sent) {
    cursor = { ...cursor, st: sent };
    yield [cursor, { type: 'status', status, running }];
  }
}

let open = 0;
/** How many `live.experiment` generators run in this process now (for tests: a client that went away must end its generator). */
export const openLiveSubscriptions = (): number => open;

/** `live.*`: subscriptions (tRPC 11 async generators; over SSE on the server). */
export const liveRouter = router({
  /**
   * The live feed of an experiment: new regulation events (`events`, by id), new metric points per
   * series (`metrics`), changed trials (`trial`: status, step, fitness, config, parent, generation) and the status
   * (`status`), first everything stored so far, then what comes. Every message is `tracked` with
   * an id that encodes the whole cursor; reconnecting with it as `lastEventId` resumes with nothing
   * lost and nothing twice. Ends after the final status once everything before it was sent; stops
   * when the client goes away (`signal`).
   */
  experiment: publicProcedure
    .input(input({ experimentId: id('an experiment'), lastEventId: z.string({ error: 'the id of a message of this subscription' }).nullish() }))
    .subscription(async function* ({ ctx, input: { experimentId, lastEventId }, signal }) {
      open++;
      try {
        let cursor = lastEventId ? decodeLiveCursor(lastEventId, experimentId) : startCursor(experimentId);
        await ctx.memory.getExperiment(experimentId);
        while (!signal?.aborted) {
          // Wait on the change feed from before the reads, so a change during them is not missed.
          const change = ctx.changes.next(experimentId, { timeoutMs: POLL_MS, ...(signal ? { signal } : {}) });
          // The status first: when it is final, every record before it is already stored.
          const record = await ctx.memory.getExperiment(experimentId);
          const running = ctx.host.isRunning(experimentId);
          const final = record.status !== 'running' && !running;
          for await (const [next, message] of pass(ctx, experimentId, cursor, record.status, running)) {
            if (signal?.aborted) return;
            cursor = next;
            yield tracked(encodeLiveCursor(cursor), message);
          }
          if (final) return;
          await change;
        }
      } catch (error) {
        if (signal?.aborted) return;
        throw toTrpcError(error, { experimentId, lastEventId });
      } finally {
        open--;
      }
    }),
});
