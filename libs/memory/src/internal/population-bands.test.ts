import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
// 20 trials over 640 steps (10 rollup blocks): trial k has value k + step / 1000, so in every
// bucket trial k's best is k + (last step of the bucket) / 1000 and the order over trials is known.
const TRIALS = 20;
const value = (k: number, step: number) => k + step / 1000;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { flushIntervalMs: 0 } }));
  await memory.createExperiment({ id: 'b', name: 'b', spec: {}, seed: 1, backend: 'cpu' });
  for (let k = 0; k < TRIALS; k++) await memory.createTrial({ id: `b-${k}`, experimentId: 'b', config: {}, seed: k });
  memory.appendMetrics(
    Array.from({ length: TRIALS }, (_, k) => Array.from({ length: 640 }, (_, step) => ({ trialId: `b-${k}`, step, name: 'acc', value: value(k, step) }))).flat(),
  );
  await memory.flush();
}, 180_000);
afterAll(async () => cleanup?.());

// Linear interpolation between closest ranks, as PostgreSQL's percentile_cont.
const percentile = (sorted: number[], p: number) => {
  const at = p * (sorted.length - 1);
  const i = Math.floor(at);
  return sorted[i]! + (at - i) * ((sorted[i + 1] ?? sorted[i]!) - sorted[i]!);
};

describe('populationBands', () => {
  it('gives per step bucket the spread over trials of each trial’s best value there', async () => {
    const result = await memory.queries.populationBands({ experimentId: 'b', metric: 'acc', buckets: 5 });
    expect(result).toMatchObject({ metric: 'acc', mode: 'max', trials: TRIALS, width: 128 });
    expect(result.bands.map((b) => [b.fromStep, b.toStep])).toEqual([
      [0, 127],
      [128, 255],
      [256, 383],
      [384, 511],
      [512, 639],
    ]);
    for (const band of result.bands) {
      const bests = Array.from({ length: TRIALS }, (_, k) => value(k, band.toStep)).sort((a, b) => a - b);
      expect(band.trials).toBe(TRIALS);
      expect(band.min).toBeCloseTo(bests[0]!, 9);
      expect(band.max).toBeCloseTo(bests.at(-1)!, 9);
      expect(band.median).toBeCloseTo(percentile(bests, 0.5), 9);
      expect(band.p10).toBeCloseTo(percentile(bests, 0.1), 9);
      expect(band.p25).toBeCloseTo(percentile(bests, 0.25), 9);
      expect(band.p75).toBeCloseTo(percentile(bests, 0.75), 9);
      expect(band.p90).toBeCloseTo(percentile(bests, 0.9), 9);
    }
  });

  it('takes each trial’s minimum for mode min and restricts to a step range', async () => {
    const result = await memory.queries.populationBands({ experimentId: 'b', metric: 'acc', mode: 'min', buckets: 2, fromStep: 130, toStep: 300 });
    // Whole blocks: 128..319 in two buckets of two blocks (128 steps), the second holding one block.
    expect(result.bands.map((b) => [b.fromStep, b.toStep])).toEqual([
      [128, 255],
      [256, 319],
    ]);
    expect(result.bands[0]!.min).toBeCloseTo(value(0, 128), 9);
    expect(result.bands[1]!.max).toBeCloseTo(value(TRIALS - 1, 256), 9);
  });

  it('answers an unknown metric empty and refuses bad options by name', async () => {
    expect(await memory.queries.populationBands({ experimentId: 'b', metric: 'nope' })).toEqual({ metric: 'nope', mode: 'max', trials: 0, width: 0, bands: [] });
    await expect(memory.queries.populationBands({ experimentId: 'b', metric: 'acc', buckets: 1 })).rejects.toMatchObject({ field: 'buckets' });
    await expect(memory.queries.populationBands({ experimentId: 'b', metric: 'acc', mode: 'best' as 'max' })).rejects.toMatchObject({ field: 'mode' });
    await expect(memory.queries.populationBands({ experimentId: 'x', metric: 'acc' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
