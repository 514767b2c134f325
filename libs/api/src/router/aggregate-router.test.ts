import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, refusal, type Harness } from '../test/router-harness';

let h: Harness;
const experimentId = 'agg';

beforeAll(async () => {
  h = await openHarness();
  // The objective is `loss`, minimised: the bands of `loss` take each trial's minimum per bucket.
  await h.memory.createExperiment({ id: experimentId, name: 'agg', spec: { objective: { metric: 'loss', mode: 'min' } }, seed: 1, backend: 'cpu' });
  for (let k = 0; k < 6; k++) await h.memory.createTrial({ id: `agg-${k}`, experimentId, config: { lr: 0.01 * (k + 1) }, seed: k });
  h.memory.appendMetrics(
    Array.from({ length: 6 }, (_, k) =>
      Array.from({ length: 512 }, (_, step) => [
        { trialId: `agg-${k}`, step, name: 'loss', value: 1 + k - step / 1000 },
        { trialId: `agg-${k}`, step, name: 'acc', value: k + step / 1000 },
      ]).flat(),
    ).flat(),
  );
  await h.memory.flush();
  await h.memory.appendEvents(
    Array.from({ length: 300 }, (_, i) => ({
      experimentId,
      trialId: `agg-${i % 6}`,
      step: i,
      level: i % 3 === 0 ? ('epoch' as const) : ('step' as const),
      regulator: 'r',
      kind: 'change' as const,
      param: i % 2 ? 'lr' : 'momentum',
      from: 1,
      to: 2,
      reason: 'test',
    })),
  );
}, 240_000);
afterAll(async () => h?.close());

describe('aggregate.*', () => {
  it('gives population bands by the objective’s mode, max for other metrics', async () => {
    const loss = await h.caller.aggregate.population({ experimentId, metric: 'loss', buckets: 4 });
    expect(loss).toEqual(await h.memory.queries.populationBands({ experimentId, metric: 'loss', mode: 'min', buckets: 4 }));
    expect(loss.mode).toBe('min');
    expect(loss.trials).toBe(6);
    expect(loss.bands).toHaveLength(4);
    // Each trial's minimum in the last bucket is at step 511; the best trial is agg-0.
    expect(loss.bands.at(-1)!.min).toBeCloseTo(1 - 511 / 1000, 9);
    const acc = await h.caller.aggregate.population({ experimentId, metric: 'acc', fromStep: 128, toStep: 255 });
    expect(acc.mode).toBe('max');
    expect(acc.bands.every((b) => b.fromStep >= 128 && b.toStep <= 255)).toBe(true);
    expect(acc.bands.at(-1)!.max).toBeCloseTo(5 + 255 / 1000, 9);
  });

  it('counts events per bucket and lane, filtered by parameter', async () => {
    const all = await h.caller.aggregate.events({ experimentId, buckets: 3 });
    expect(all.total).toBe(300);
    expect(all.width).toBe(100);
    expect(all.buckets.reduce((n, b) => n + b.n, 0)).toBe(300);
    expect(new Set(all.buckets.map((b) => b.level))).toEqual(new Set(['epoch', 'step']));
    const lr = await h.caller.aggregate.events({ experimentId, params: ['lr'], fromStep: 0, toStep: 99, buckets: 1 });
    expect(lr.total).toBe(50);
    expect(lr.buckets.reduce((n, b) => n + b.n, 0)).toBe(50);
  });

  it('refuses bad input naming the field and the allowed range', async () => {
    expect(await refusal(h.caller.aggregate.population({ experimentId, metric: 'loss', buckets: 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'buckets',
      allowed: 'an integer between 2 and 5000',
    });
    expect(await refusal(h.caller.aggregate.events({ experimentId, buckets: 5000 }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'buckets',
      allowed: 'an integer between 1 and 2000',
    });
    expect(await refusal(h.caller.aggregate.events({ experimentId, fromStep: -1 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'fromStep' });
    expect(await refusal(h.caller.aggregate.population({ experimentId: 'nope', metric: 'loss' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(h.caller.aggregate.events({ experimentId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
