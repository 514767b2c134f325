import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
let clock = 1_000;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ now: () => clock++, metrics: { flushIntervalMs: 0 } }));
  // fitness per trial, in creation order (the store takes finite values only); the rule: highest, first created among equals.
  const plans: Record<string, (number | undefined)[]> = { empty: [], none: [undefined, undefined], tie: [0.5, 0.9, 0.9, 0.2], neg: [-2, -1, undefined] };
  for (const [id, fitnesses] of Object.entries(plans)) {
    await memory.createExperiment({ id, name: id, spec: {}, seed: 1, backend: 'cpu' });
    for (const [i, fitness] of fitnesses.entries()) {
      const trialId = `${id}-t${i}`;
      await memory.createTrial({ id: trialId, experimentId: id, config: { lr: i }, seed: i });
      if (fitness !== undefined) await memory.updateTrial(trialId, { fitness });
      memory.appendMetrics(Array.from({ length: i + 1 }, (_, s) => ({ trialId, step: s, name: 'loss', value: s })));
      await memory.appendEvents(
        Array.from({ length: i }, (_, s) => ({
          experimentId: id,
          trialId,
          step: s,
          level: 'step' as const,
          regulator: 'r',
          kind: 'change' as const,
          param: 'lr',
          from: 0,
          to: 1,
          reason: 'x',
        })),
      );
    }
  }
  await memory.flush();
}, 60_000);
afterAll(async () => cleanup?.());

describe('queries.experimentListing', () => {
  it('gives what listExperiments, listTrials and counts give one by one, with the best trial by the same rule', async () => {
    const listing = await memory.queries.experimentListing();
    const records = await memory.listExperiments();
    expect(listing.map((l) => l.experiment)).toEqual(records);
    for (const l of listing) {
      const trials = await memory.listTrials(l.experiment.id);
      const counts = await memory.counts(l.experiment.id);
      const best = trials.filter((t) => t.fitness !== undefined && Number.isFinite(t.fitness)).sort((a, b) => (b.fitness as number) - (a.fitness as number))[0];
      expect({ trials: l.trials, metricPoints: l.metricPoints, events: l.events, best: l.best }).toEqual({
        trials: trials.length,
        metricPoints: counts.metrics,
        events: counts.events,
        best,
      });
    }
    expect(Object.fromEntries(listing.map((l) => [l.experiment.id, [l.trials, l.metricPoints, l.events, l.best?.id ?? null]]))).toEqual({
      empty: [0, 0, 0, null],
      none: [2, 3, 1, null],
      tie: [4, 10, 6, 'tie-t1'],
      neg: [3, 6, 3, 'neg-t1'],
    });
  });
});
