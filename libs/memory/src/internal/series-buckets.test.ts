import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesRows, type BucketedSeries, type Memory } from '../index';
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

/** Every column of a series has one entry per point (`raw`: step and value; the rest empty) or per bucket. */
function expectParallel(s: BucketedSeries) {
  const columns = [s.step, s.value, s.fromStep, s.n, s.minStep, s.minValue, s.maxStep, s.maxValue];
  const buckets = s.method === 'buckets' ? s.step.length : 0;
  expect(columns.map((c) => c.length)).toEqual([s.step.length, s.step.length, buckets, buckets, buckets, buckets, buckets, buckets]);
  for (const c of columns) for (const x of c) expect(typeof x).toBe('number');
}

describe('seriesBuckets', () => {
  for (const buckets of [10, 100, 1000]) {
    it(`cuts ${N} points into at most ${buckets} buckets with exact min, max and last`, async () => {
      const s = await memory.queries.seriesBuckets('s-t0', 'loss', { buckets });
      expect(s.method).toBe('buckets');
      expect(s.total).toBe(N);
      expectParallel(s);
      expect(s.step.length).toBeGreaterThan(0);
      expect(s.step.length).toBeLessThanOrEqual(buckets);
      expect(s.n.reduce((a, b) => a + b, 0)).toBe(N);
      expect(s.fromStep[0]).toBe(0);
      expect([s.step.at(-1), s.value.at(-1)]).toEqual([N - 1, value(N - 1)]);
      const rows = seriesRows(s);
      expect(rows.points).toEqual([]);
      expect(rows.buckets).toHaveLength(s.step.length);
      for (const b of rows.buckets) {
        const t = truth(b.fromStep, b.toStep);
        expect(b.n).toBe(b.toStep - b.fromStep + 1);
        expect(b.min).toEqual(t.min);
        expect(b.max.value).toBe(t.max.value);
        // Among equal maxima the step may be any of them: it must hold the value, inside the bucket.
        expect(value(b.max.step)).toBe(b.max.value);
        expect(b.max.step).toBeGreaterThanOrEqual(b.fromStep);
        expect(b.max.step).toBeLessThanOrEqual(b.toStep);
        expect(b.last).toEqual(t.last);
      }
    });
  }

  it('zooms: a narrow range gives its raw points, a wider one buckets inside the range', async () => {
    const raw = await memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: 500, toStep: 700, buckets: 300 });
    expect(raw.method).toBe('raw');
    expectParallel(raw);
    expect(raw.step).toEqual(Array.from({ length: 201 }, (_, i) => 500 + i));
    expect(raw.value).toEqual(raw.step.map(value));
    expect(seriesRows(raw)).toEqual({ points: Array.from({ length: 201 }, (_, i) => ({ step: 500 + i, value: value(500 + i) })), buckets: [] });
    const zoom = await memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: 500, toStep: 900, buckets: 50 });
    expect(zoom.method).toBe('buckets');
    expectParallel(zoom);
    expect(zoom.fromStep[0]).toBe(500);
    expect(zoom.step.at(-1)).toBe(900);
    expect(zoom.n.reduce((a, b) => a + b, 0)).toBe(401);
  });

  it('answers an unknown series empty and refuses bad options naming the field', async () => {
    expect(await memory.queries.seriesBuckets('s-t0', 'nothing')).toEqual({
      trialId: 's-t0',
      name: 'nothing',
      total: 0,
      method: 'raw',
      step: [],
      value: [],
      fromStep: [],
      n: [],
      minStep: [],
      minValue: [],
      maxStep: [],
      maxValue: [],
    });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { buckets: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'buckets' });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { buckets: 5001 })).rejects.toMatchObject({ field: 'buckets', allowed: 'an integer in [2, 5000]' });
    await expect(memory.queries.seriesBuckets('s-t0', 'loss', { fromStep: -1 })).rejects.toMatchObject({ field: 'fromStep' });
    await expect(memory.queries.seriesBuckets('', 'loss')).rejects.toMatchObject({ field: 'trialId' });
  });
});
