import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from './index';
import { driver, openTestMemory } from './test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
const N = 40_000;
const value = (step: number) => Math.sin(step / 500) + (step % 997 === 0 ? 5 : 0) + ((step * 7919) % 101) / 1000;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { batchSize: 10_000, flushIntervalMs: 0 } }));
  await memory.createExperiment({ id: 'q', name: 'q', spec: {}, seed: 1, backend: 'cpu' });
  await memory.createTrial({ id: 'q-t0', experimentId: 'q', config: {}, seed: 1 });
  // Out of order, in several flushes: rollups merge across flushes.
  for (const parity of [1, 0]) {
    const points = [];
    for (let step = parity; step < N; step += 2) points.push({ trialId: 'q-t0', step, name: 'loss', value: value(step) });
    memory.appendMetrics(points);
    await memory.flush();
  }
}, 120_000);
afterAll(async () => cleanup?.());

/** Brute force: true minimum and maximum over a step range. */
function extremes(from: number, to: number) {
  let min = Infinity;
  let max = -Infinity;
  for (let s = from; s <= to; s++) {
    min = Math.min(min, value(s));
    max = Math.max(max, value(s));
  }
  return { min, max };
}

describe(`dashboard series queries on ${driver}`, () => {
  for (const maxPoints of [100, 1000, 10_000]) {
    it(`downsamples ${N} points to at most ${maxPoints}, keeping the extremes and real points`, async () => {
      const s = await memory.queries.series('q-t0', 'loss', { maxPoints });
      expect(s.total).toBe(N);
      expect(s.method).toBe('minmax');
      expect(s.points.length).toBeLessThanOrEqual(maxPoints);
      expect(s.points.length).toBeGreaterThan(maxPoints / 2);
      const steps = s.points.map((p) => p.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      for (const p of s.points) expect(p.value).toBe(value(p.step));
      const { min, max } = extremes(0, N - 1);
      expect(Math.min(...s.points.map((p) => p.value))).toBe(min);
      expect(Math.max(...s.points.map((p) => p.value))).toBe(max);
      // Every spike (step % 997 == 0) survives downsampling when buckets are narrower than 997 steps.
      if (N / (maxPoints / 2) < 997) for (let k = 997; k < N; k += 997) expect(steps).toContain(k);
    });
  }

  it('restricts to a step range and returns raw points when few enough', async () => {
    const s = await memory.queries.series('q-t0', 'loss', { fromStep: 1000, toStep: 30_000, maxPoints: 200 });
    expect(s.points.length).toBeLessThanOrEqual(200);
    expect(s.points.every((p) => p.step >= 1000 && p.step <= 30_000)).toBe(true);
    const { max } = extremes(1000, 30_000);
    expect(Math.max(...s.points.map((p) => p.value))).toBe(max);
    const raw = await memory.queries.series('q-t0', 'loss', { fromStep: 100, toStep: 130, maxPoints: 1000 });
    expect(raw.method).toBe('raw');
    expect(raw.points.map((p) => p.step)).toEqual(Array.from({ length: 31 }, (_, i) => 100 + i));
    expect(await memory.queries.series('q-t0', 'nothing')).toMatchObject({ points: [], total: 0 });
  });
});
