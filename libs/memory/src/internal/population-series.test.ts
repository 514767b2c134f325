import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesRows, type Memory } from '../index';
import { driver, openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
const value = (trial: number, step: number) => Math.cos(step / 300 + trial) + (step % 1999 === 0 ? 3 : 0) + ((step * 7919 + trial) % 89) / 1000;
/** Three trials of different extents: every step of 0..19,999; every 2nd of 0..9,998; every step of 5,000..14,999. */
const TRIALS = [
  { id: 'p-t0', steps: Array.from({ length: 20_000 }, (_, i) => i) },
  { id: 'p-t1', steps: Array.from({ length: 5_000 }, (_, i) => 2 * i) },
  { id: 'p-t2', steps: Array.from({ length: 10_000 }, (_, i) => 5_000 + i) },
];

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { batchSize: 50_000, flushIntervalMs: 0 } }));
  await memory.createExperiment({ id: 'p', name: 'p', spec: {}, seed: 1, backend: 'cpu' });
  await memory.createExperiment({ id: 'other', name: 'other', spec: {}, seed: 1, backend: 'cpu' });
  await memory.createTrial({ id: 'o-t0', experimentId: 'other', config: {}, seed: 1 });
  for (const [k, t] of TRIALS.entries()) {
    await memory.createTrial({ id: t.id, experimentId: 'p', config: {}, seed: k });
    memory.appendMetrics(t.steps.map((step) => ({ trialId: t.id, step, name: 'loss', value: value(k, step) })));
    memory.appendMetrics(t.steps.slice(0, 10).map((step) => ({ trialId: t.id, step, name: 'acc', value: step })));
  }
  memory.appendMetrics([{ trialId: 'o-t0', step: 1, name: 'loss', value: 1 }]);
  await memory.flush();
}, 120_000);
afterAll(async () => cleanup?.());

/** Brute force over a trial's points in [from, to]: count, min, max (first step among equals), last. */
function truth(k: number, from: number, to: number) {
  const steps = TRIALS[k]!.steps.filter((s) => s >= from && s <= to);
  let min = { step: steps[0]!, value: value(k, steps[0]!) };
  let max = min;
  for (const s of steps) {
    if (value(k, s) < min.value) min = { step: s, value: value(k, s) };
    if (value(k, s) > max.value) max = { step: s, value: value(k, s) };
  }
  return { n: steps.length, min, max, last: { step: steps.at(-1)!, value: value(k, steps.at(-1)!) } };
}

describe(`populationSeries on ${driver}`, () => {
  for (const range of [{}, { fromStep: 4_000, toStep: 9_000 }, { fromStep: 6_000, toStep: 6_500 }]) {
    it(`gives each trial exact buckets on common edges (${JSON.stringify(range)})`, async () => {
      const buckets = 100;
      const answer = await memory.queries.populationSeries({ experimentId: 'p', name: 'loss', buckets, ...range });
      expect(answer.series.map((s) => s.trialId)).toEqual(['p-t0', 'p-t1', 'p-t2'].filter((id) => id !== 'p-t1' || (range.fromStep ?? 0) < 10_000));
      const lo = Math.max(range.fromStep ?? 0, 0);
      for (const s of answer.series) {
        const k = TRIALS.findIndex((t) => t.id === s.trialId);
        expect(s.method).toBe('buckets');
        for (const c of [s.value, s.fromStep, s.n, s.minStep, s.minValue, s.maxStep, s.maxValue]) expect(c).toHaveLength(s.step.length);
        expect(s.step.length).toBeGreaterThan(0);
        expect(s.step.length).toBeLessThanOrEqual(buckets);
        const { buckets: rows } = seriesRows(s);
        for (const b of rows) {
          const t = truth(k, b.fromStep, b.toStep);
          expect(b.n).toBe(t.n);
          expect(b.min).toEqual(t.min);
          expect(b.max.value).toBe(t.max.value);
          expect(b.last).toEqual(t.last);
          // Common edges: a bucket never straddles a multiple of the width from the range's start.
          if (answer.width < 64) expect(Math.floor((b.fromStep - lo) / answer.width)).toBe(Math.floor((b.toStep - lo) / answer.width));
        }
        // Raw buckets hold exactly the range's points; `total` counts whole 64-step blocks, as seriesBuckets does.
        const n = s.n.reduce((a, b) => a + b, 0);
        if (range.fromStep !== undefined && answer.width < 64) expect(n).toBe(truth(k, range.fromStep, range.toStep!).n);
        expect(s.total).toBeGreaterThanOrEqual(n);
        if (range.fromStep === undefined) expect(s.total).toBe(TRIALS[k]!.steps.length);
      }
    });
  }

  it('gives one bucket per 64-step block when the budget is the blocks the range touches (a dashboard zoom)', async () => {
    // 6,400..16,383 is blocks 100..255: 156 buckets of one block each, read from the rollups without grouping.
    const answer = await memory.queries.populationSeries({ experimentId: 'p', name: 'loss', buckets: 156, fromStep: 6_400, toStep: 16_383 });
    expect(answer.width).toBe(64);
    expect(answer.series.map((s) => s.trialId)).toEqual(['p-t0', 'p-t1', 'p-t2']);
    for (const s of answer.series) {
      const k = TRIALS.findIndex((t) => t.id === s.trialId);
      const { buckets: rows } = seriesRows(s);
      expect(rows.map((b) => Math.floor(b.fromStep / 64))).toEqual(Array.from({ length: rows.length }, (_, i) => 100 + i));
      for (const b of rows) {
        expect(Math.floor(b.toStep / 64)).toBe(Math.floor(b.fromStep / 64));
        const t = truth(k, b.fromStep, b.toStep);
        expect(b).toMatchObject({ n: t.n, min: t.min, last: t.last });
        expect(b.max.value).toBe(t.max.value);
      }
    }
  });

  it('answers one trial exactly as seriesBuckets does', async () => {
    for (const options of [
      { buckets: 50 },
      { buckets: 1000 },
      { buckets: 300, fromStep: 500, toStep: 700 },
      { buckets: 50, fromStep: 500, toStep: 900 },
      { buckets: 2, fromStep: 19_990 },
    ]) {
      const one = await memory.queries.seriesBuckets('p-t0', 'loss', options);
      const all = await memory.queries.populationSeries({ experimentId: 'p', name: 'loss', trialIds: ['p-t0'], ...options });
      expect(all.series).toEqual([one]);
    }
  });

  it('gives raw points to a trial that fits the budget and only the asked trials', async () => {
    const answer = await memory.queries.populationSeries({ experimentId: 'p', name: 'acc', buckets: 10 });
    const bucketColumns = (s: (typeof answer.series)[number]) => [s.fromStep, s.n, s.minStep, s.minValue, s.maxStep, s.maxValue].flat().length;
    expect(answer.series.map((s) => [s.trialId, s.method, s.total, s.step.length, s.value.length, bucketColumns(s)])).toEqual([
      ['p-t0', 'raw', 10, 10, 10, 0],
      ['p-t1', 'raw', 10, 10, 10, 0],
      ['p-t2', 'raw', 10, 10, 10, 0],
    ]);
    expect(answer.series[1]!.step).toEqual(TRIALS[1]!.steps.slice(0, 10));
    expect(answer.series[1]!.value).toEqual(TRIALS[1]!.steps.slice(0, 10));
    const two = await memory.queries.populationSeries({ experimentId: 'p', name: 'loss', trialIds: ['p-t2', 'p-t1', 'o-t0'], buckets: 10 });
    expect(two.series.map((s) => s.trialId)).toEqual(['p-t1', 'p-t2']);
  });

  it('answers an unknown metric or an empty range empty, refuses bad options naming the field', async () => {
    expect(await memory.queries.populationSeries({ experimentId: 'p', name: 'nothing' })).toEqual({ name: 'nothing', width: 0, series: [] });
    expect((await memory.queries.populationSeries({ experimentId: 'p', name: 'loss', fromStep: 50_000 })).series).toEqual([]);
    await expect(memory.queries.populationSeries({ experimentId: 'nope', name: 'loss' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(memory.queries.populationSeries({ experimentId: 'p', name: 'loss', buckets: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'buckets' });
    await expect(memory.queries.populationSeries({ experimentId: 'p', name: 'loss', trialIds: [] })).rejects.toMatchObject({ field: 'trialIds' });
    await expect(memory.queries.populationSeries({ experimentId: 'p', name: 'loss', toStep: -1 })).rejects.toMatchObject({ field: 'toStep' });
    await expect(memory.queries.populationSeries({ experimentId: 'p', name: '' })).rejects.toMatchObject({ field: 'name' });
  });
});
