import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, refusal, type Harness } from '../test/router-harness';

let h: Harness;
const experimentId = 'pop';
const ids = Array.from({ length: 5 }, (_, k) => `pop-${k}`);

beforeAll(async () => {
  h = await openHarness();
  await h.memory.createExperiment({ id: experimentId, name: 'pop', spec: {}, seed: 1, backend: 'cpu' });
  for (const [k, trialId] of ids.entries()) await h.memory.createTrial({ id: trialId, experimentId, config: { lr: 0.01 * (k + 1) }, seed: k });
  h.memory.appendMetrics(ids.flatMap((trialId, k) => Array.from({ length: 3000 }, (_, step) => ({ trialId, step, name: 'acc', value: k + Math.sin(step / 100) }))));
  await h.memory.flush();
}, 240_000);
afterAll(async () => h?.close());

describe('series.population', () => {
  it('answers every trial in one call as series.get answers each', async () => {
    for (const range of [{ buckets: 100 }, { buckets: 400, fromStep: 1000, toStep: 1300 }, { buckets: 50, fromStep: 200, toStep: 2200 }]) {
      const all = await h.caller.series.population({ experimentId, name: 'acc', ...range });
      expect(all.series.map((s) => s.trialId)).toEqual(ids);
      for (const s of all.series) expect(s).toEqual(await h.caller.series.get({ trialId: s.trialId, name: 'acc', ...range }));
    }
    const two = await h.caller.series.population({ experimentId, name: 'acc', trialIds: ['pop-3', 'pop-1'], buckets: 10 });
    expect(two.series.map((s) => s.trialId)).toEqual(['pop-1', 'pop-3']);
  });

  it('refuses bad input naming the field and the allowed range', async () => {
    expect(await refusal(h.caller.series.population({ experimentId, name: 'acc', buckets: 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'buckets',
      allowed: 'an integer between 2 and 5000',
    });
    expect(await refusal(h.caller.series.population({ experimentId, name: 'acc', trialIds: Array.from({ length: 65 }, (_, i) => `t${i}`) }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'trialIds',
    });
    expect(await refusal(h.caller.series.population({ experimentId: 'nope', name: 'acc' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
