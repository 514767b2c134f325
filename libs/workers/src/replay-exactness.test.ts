// What the distributed engine relies on (no database needed): on one backend, a trial rebuilt from
// a checkpoint trains bit-exactly like the trial that saved it. One thing a checkpoint leaves out:
// the last update direction, which a one-step call compares its gradient with (`grad_cos`,
// `grad_dot`); replaying the train call before the checkpoint restores that too. Hence a remote
// trial's anchor is the checkpoint *before* its newest one.
import { createTfjsEngine, spirals, type TfjsEngine } from '@epigenome/engine-tfjs';
import type { StepStats, Trial } from '@epigenome/core';
import { afterAll, describe, expect, it } from 'vitest';

const config = { lr: 0.05, batch_size: 32, optimizer: 'adam' };
const seed = 11;
const timeless = (s: StepStats) => {
  const metrics: Record<string, number> = { ...s.metrics };
  delete metrics.samples_per_s;
  return { ...s, seconds: 0, metrics };
};
const bytesOf = async (t: Trial) => Buffer.from((await t.save()).bytes);

describe('checkpoint → restore → train on the TensorFlow.js engine', () => {
  const engine: TfjsEngine = createTfjsEngine({ model: { kind: 'mlp', hidden: [8], activation: 'tanh' }, data: spirals({ samples: 200, validation: 50 }) });
  afterAll(() => engine.dispose());

  it('is bit-exact: weights, optimiser state and every statistic of the next call', async () => {
    const original = await engine.createTrial(config, seed);
    await original.train(10);
    const checkpoint = await original.save();
    const next = await original.train(10);
    const restored = await engine.createTrial(config, seed);
    await restored.load(checkpoint);
    expect(timeless(await restored.train(10))).toEqual(timeless(next));
    expect((await bytesOf(restored)).equals(await bytesOf(original))).toBe(true);
    original.dispose();
    restored.dispose();
  });

  it('needs the call before the checkpoint replayed for the direction a one-step call compares with', async () => {
    const original = await engine.createTrial(config, seed);
    await original.train(10);
    const before = await original.save();
    await original.train(10);
    const checkpoint = await original.save();
    const next = await original.train(1);
    expect(next.metrics?.grad_cos).toBeDefined();

    const restored = await engine.createTrial(config, seed);
    await restored.load(checkpoint);
    const fromCheckpoint = await restored.train(1);
    expect((await bytesOf(restored)).equals(await bytesOf(original))).toBe(true);
    expect(fromCheckpoint.loss).toBe(next.loss);
    expect(fromCheckpoint.metrics?.grad_cos).toBeUndefined();

    const replayed = await engine.createTrial(config, seed);
    await replayed.load(before);
    await replayed.train(10);
    expect(timeless(await replayed.train(1))).toEqual(timeless(next));
    expect((await bytesOf(replayed)).equals(await bytesOf(original))).toBe(true);
    for (const t of [original, restored, replayed]) t.dispose();
  });
});
