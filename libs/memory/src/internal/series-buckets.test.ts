import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
const N = 20_000;
const value = (step: number) => Math.cos(step / 300) + (step % 1999 === 0 ? 3 : 0) + ((step * 7919) % 89) / 1000;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { batchSize: 50_000, flushIntervalMs: 0 } }));
  await memory.createExperiment({ id: 's', name: 's', spec: {}, seed: 1, backend: 'cpu' });
  await memory.createTrial({ id: 's-t0', experimentId: 's', config: {}, seed: 1 });
  memory.appendMetrics(Array.from({ length: N }, (_, step) => ({ trialId: 's-t0', step, name: 'loss', value: value(step) })));
  await memory.flush();
}, 120_000);
afterAll(async () => cleanup?.());

/** Brute force over a step range: min, max (first step among equals), last. */
function truth(from: number, to: number) {
  let min = { step: from, value: value(from) };
  let max = min;
  for (let s = from; s <= to; s++) {
    if (value(s) < min.value) min = { step: s, value: value(s) };
    if (value(s) > max.value) max = { step: s, value: value(s) };
  }
  return { min, max, last: { step: to, value: value(to) } };
}

describe('seriesBuckets', () => {
  for (const buckets of [10, 100, 1000]) {
    it(`cuts ${N} points into at most ${buckets} buckets with exact min, max and last`, async () => {
      const s = await memory.queries.seriesBuckets('s-t0', 'loss', { buckets });
      expect(s.method).toBe('buckets');
      expect(s.total).toBe(N);
      expect(s.buckets.length).toBeLessThanOrEqual(buckets);
      expect(s.buckets.reduce((a, b) => a + b.n, 0)).toBe(N);
      expect(s.buckets[0]!.fromStep).toBe(0);
      expect(s.buckets.at(-1)!.last).toEqual({ step: N - 1, value: value(N - 1) });
      for (const b of s.buckets) {
        const t = truth(b.fromStep, b.toStep);
        expect(b.n).toBe(b.toStep - b.fromStep + 1);
        expect(b.min.value).toBe(t.min.value);
        expect(b.max.value).toBe(t.max.value);
        expect(b.last).toEqual(t.last);
      }
    });
  }

  it('zooms: a narrow range gives its raw points, a wider one buckets inside the range', async () => {
    const raw = await memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: 500, toStep: 700, buckets: 300 });
    expect(raw.method).toBe('raw');
    expect(raw.points).toEqual(Array.from({ length: 201 }, (_, i) => ({ step: 500 + i, value: value(500 + i) })));
    const zoom = await memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: 500, toStep: 900, buckets: 50 });
    expect(zoom.method).toBe('buckets');
    expect(zoom.buckets[0]!.fromStep).toBe(500);
    expect(zoom.buckets.at(-1)!.toStep).toBe(900);
    expect(zoom.buckets.reduce((a, b) => a + b.n, 0)).toBe(401);
  });

  it('answers an unknown series empty and refuses bad options naming the field', async () => {
    expect(await memory.queries.seriesBuckets('s-t0', 'nothing')).toMatchObject({ total: 0, points: [], buckets: [] });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { buckets: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'buckets' });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { buckets: 5001 })).rejects.toMatchObject({ field: 'buckets', allowed: 'an integer in [2, 5000]' });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: -1 })).rejects.toMatchObject({ field: 'fromStep' });
    await expect(memory.queries.seriesBuckets('', 'loss')).rejects.toMatchObject({ field: 'trialId' });
  });
});
