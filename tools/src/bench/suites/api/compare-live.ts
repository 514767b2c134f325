import type { Memory } from '@epigenome/memory';
import type { Received } from './sse-subscriber';

/** What the store holds for an experiment, in the units `live.experiment` sends. */
export interface StoredRecords {
  readonly events: Set<number>;
  /** `trialId\tname\tstep` of every metric point. */
  readonly points: Set<string>;
  /** Final state of each trial (status, step, fitness, config, parent, generation, as JSON). */
  readonly trials: Map<string, string>;
  readonly status: string;
}

type TrialFields = { status: string; step: number; fitness?: number | null; config: unknown; parentId?: string | null; generation: number };
/** The fields a `trial` message carries (the live router's digest covers the same ones). */
const trialState = (t: TrialFields) => JSON.stringify([t.status, t.step, t.fitness ?? null, t.config, t.parentId ?? null, t.generation]);

/** Reads every event, metric point and trial state of `experimentId` from the (closed-by-the-server) store. */
export async function storedRecords(memory: Memory, experimentId: string): Promise<StoredRecords> {
  const q = memory.queries;
  const events = new Set<number>();
  for (let afterId: number | undefined = 0; afterId !== undefined; ) {
    const page = await q.eventPage({ experimentId, afterId, limit: 500 });
    for (const e of page.items) events.add(e.id);
    afterId = page.items.length > 0 ? page.nextAfterId : undefined;
  }
  const points = new Set<string>();
  for (const s of await q.experimentSeries(experimentId)) {
    for (let after = -1; ; ) {
      const page = await q.pointsAfter(s.id, after, 5000);
      for (const p of page) points.add(`${s.trialId}\t${s.name}\t${p.step}`);
      if (page.length < 5000) break;
      after = page[page.length - 1]!.step;
    }
  }
  const trials = new Map((await q.trialStates(experimentId)).map((t) => [t.id, trialState(t)]));
  return { events, points, trials, status: (await memory.getExperiment(experimentId)).status };
}

/**
 * Compares one subscriber's messages with the stored records. Lost: a stored event or point never
 * received, a trial whose last received state is not its stored one, a final status not received.
 * Duplicated: an event or point received more than once, a trial state sent again unchanged.
 * Spurious: an event or point received that the store does not hold.
 */
export function compareReceived(received: Received, stored: StoredRecords): { lost: number; duplicated: number; spurious: number } {
  const events = new Map<number, number>();
  const points = new Map<string, number>();
  const trials = new Map<string, string>();
  let duplicated = 0;
  let status: string | undefined;
  for (const m of received.messages) {
    if (m.type === 'events') for (const e of m.events) events.set(e.id, (events.get(e.id) ?? 0) + 1);
    else if (m.type === 'metrics') for (const p of m.points) points.set(`${m.trialId}\t${m.name}\t${p.step}`, (points.get(`${m.trialId}\t${m.name}\t${p.step}`) ?? 0) + 1);
    else if (m.type === 'trial') {
      const state = trialState(m.trial);
      if (trials.get(m.trial.id) === state) duplicated++;
      trials.set(m.trial.id, state);
    } else status = m.status;
  }
  for (const n of [...events.values(), ...points.values()]) duplicated += n - 1;
  let lost = 0;
  for (const id of stored.events) if (!events.has(id)) lost++;
  for (const key of stored.points) if (!points.has(key)) lost++;
  for (const [id, state] of stored.trials) if (trials.get(id) !== state) lost++;
  if (status !== stored.status) lost++;
  // Received but not stored (should not exist).
  let spurious = 0;
  for (const id of events.keys()) if (!stored.events.has(id)) spurious++;
  for (const key of points.keys()) if (!stored.points.has(key)) spurious++;
  return { lost, duplicated, spurious };
}
