import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
// Two trials: a rises to 0.8 by step 999; b reaches 0.9 at step 500 and falls.
const a = (step: number) => (0.8 * step) / 999;
const b = (step: number) => (step <= 500 ? (0.9 * step) / 500 : 0.9 - (step - 500) / 1000);

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { flushIntervalMs: 0 } }));
  await memory.createExperiment({ id: 'p', name: 'p', spec: {}, seed: 1, backend: 'cpu' });
  for (const t of ['a', 'b']) await memory.createTrial({ id: `p-${t}`, experimentId: 'p', config: {}, seed: 1 });
  memory.appendMetrics(
    Array.from({ length: 1000 }, (_, step) => [
      { trialId: 'p-a', step, name: 'acc', value: a(step) },
      { trialId: 'p-b', step, name: 'acc', value: b(step) },
    ]).flat(),
  );
  await memory.flush();
}, 60_000);
afterAll(async () => cleanup?.());

describe('populationBest', () => {
  it('gives the running best over all trials at each bucket end, and the best trial', async () => {
    const max = await memory.queries.populationBest({ experimentId: 'p', metric: 'acc', buckets: 8 });
    expect(max.bestTrialId).toBe('p-b');
    expect(max.curve.length).toBeLessThanOrEqual(8);
    for (const point of max.curve) {
      let best = -Infinity;
      for (let s = 0; s <= point.step; s++) best = Math.max(best, a(s), b(s));
      expect(point.value).toBe(best);
    }
    expect(max.curve.at(-1)).toEqual({ step: 999, value: 0.9 });
    const min = await memory.queries.populationBest({ experimentId: 'p', metric: 'acc', mode: 'min', buckets: 4 });
    expect(min.curve.every((p) => p.value === 0)).toBe(true);
    expect(min.bestTrialId).toBe('p-a');
  });

  it('answers an unknown metric empty and refuses bad options', async () => {
    expect(await memory.queries.populationBest({ experimentId: 'p', metric: 'nope' })).toEqual({ curve: [], bestTrialId: undefined });
    await expect(memory.queries.populationBest({ experimentId: 'p', metric: 'acc', buckets: 1 })).rejects.toMatchObject({ field: 'buckets' });
    await expect(memory.queries.populationBest({ experimentId: 'x', metric: 'acc' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
