import { createRegulome, float, width, type SearchSpace } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createGrowthReflex, type GrowthReflexOptions } from './growth-reflex';

const space: SearchSpace = { lr: float(1e-4, 1, { log: true }), 'width.0': width(4, 64), 'width.1': width(4, 64), dropout: float(0, 0.3) };

/** Feeds evaluations (training loss, validation loss) to one trial; returns the config after each and the reasons. */
async function feed(points: readonly [number, number][], options: GrowthReflexOptions = {}, start = { 'width.0': 8, 'width.1': 16, dropout: 0 }) {
  const reflex = createGrowthReflex(options);
  const regulome = createRegulome({ space, regulators: [reflex] });
  await regulome.addTrial('t0', { config: { lr: 0.1, ...start } });
  const configs: Record<string, unknown>[] = [];
  const reasons: string[] = [];
  for (const [i, [loss, val]] of points.entries()) {
    // 20 step signals carry the training loss (the regulome's EMA of it then sits within 0.1% of
    // it); an epoch-level reflex sees only the evaluations
    for (let k = 1; k <= 20; k++) await regulome.observe({ trialId: 't0', kind: 'step', step: 100 * i + 5 * k, metrics: { loss } });
    const out = await regulome.observe({ trialId: 't0', kind: 'eval', step: 100 * (i + 1), metrics: { loss, val_loss: val } });
    configs.push({ ...out.config });
    reasons.push(...out.events.map((e) => e.reason));
  }
  return { configs, reasons, reflex, regulome };
}

const flat = (n: number, loss: number, gap: number): [number, number][] => Array.from({ length: n }, () => [loss, loss * (1 + gap)]);

describe('createGrowthReflex', () => {
  it('grows every width on a training plateau with a small gap, then cools down', async () => {
    // falling loss (no plateau), then flat at a 3% gap
    const { configs, reasons } = await feed([[2, 2.06], [1.5, 1.55], [1, 1.03], ...flat(8, 1, 0.03)]);
    const w0 = configs.map((c) => c['width.0']);
    // plateau counted at evals 4 and 5 → grow at 5; cooldown 2 (6, 7); plateau again at 8, 9 → grow at 9
    expect(w0).toEqual([8, 8, 8, 8, 16, 16, 16, 16, 32, 32, 32]);
    expect(configs.map((c) => c['width.1'])).toEqual([16, 16, 16, 16, 32, 32, 32, 32, 64, 64, 64]);
    expect(reasons[0]).toBe('growth: underfitting (training loss not improved by 1.0% for 2 evaluations, gap 3.0% ≤ 10.0%); width.0 8→16, width.1 16→32');
  });

  it('stops at the upper bound of the space and does nothing once every width is there', async () => {
    const { configs, reasons } = await feed(flat(14, 1, 0), { cooldown: 0, growFactor: 3 });
    expect(configs.at(-1)).toMatchObject({ 'width.0': 64, 'width.1': 64 });
    // 8→24→64 and 16→48→64: two changes (an event per width each), then nothing left to grow
    expect(reasons).toHaveLength(4);
    expect(new Set(reasons).size).toBe(2);
  });

  it('does not grow when the gap is large: a plateau with a 30% gap is not underfitting', async () => {
    const { configs, reasons } = await feed(flat(8, 1, 0.3));
    expect(reasons).toEqual([]);
    expect(configs.at(-1)).toMatchObject({ 'width.0': 8, 'width.1': 16 });
  });

  it('shrinks on overfitting (validation plateau, gap above the threshold and growing)', async () => {
    // training loss keeps falling by 10% an evaluation, validation loss stuck at 1
    const points: [number, number][] = Array.from({ length: 7 }, (_, i) => [0.9 * 0.9 ** i, 1]);
    const { configs, reasons } = await feed(points, {}, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    // overfitting at the 3rd evaluation; cooldown at the 4th and 5th; a fresh plateau of 2 with a growing gap at the 7th
    expect(configs.map((c) => c['width.0'])).toEqual([64, 64, 32, 32, 32, 32, 16]);
    expect(configs.map((c) => c['width.1'])).toEqual([40, 40, 20, 20, 20, 20, 10]);
    expect(reasons[0]).toMatch(/^growth: overfitting \(val_loss not improved by 1\.0% for 2 evaluations, gap 11\.1%→37\.2%\); width\.0 64→32, width\.1 40→20$/);
  });

  it('shrinks at most maxShrinks times a trial', async () => {
    const points: [number, number][] = Array.from({ length: 7 }, (_, i) => [0.9 * 0.9 ** i, 1]);
    const { configs, reasons } = await feed(points, { maxShrinks: 1 }, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    // as above, but the second overfitting signature (7th evaluation) finds the budget spent
    expect(configs.map((c) => c['width.0'])).toEqual([64, 64, 32, 32, 32, 32, 32]);
    expect(reasons).toHaveLength(2);
    const none = await feed(points, { maxShrinks: 0 }, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    expect(none.reasons).toEqual([]);
  });

  it('shrinks gradually in shrinkSteps cuts, one per evaluation, then cools down', async () => {
    const points: [number, number][] = Array.from({ length: 10 }, (_, i) => [0.9 * 0.9 ** i, 1]);
    const { configs, reasons, reflex } = await feed(points, { shrinkSteps: 4, maxShrinks: 1, cooldown: 1 }, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    // signature at the 3rd evaluation: target 32 / 20, cuts of 8 / 5 at evaluations 3, 4, 5, 6
    expect(configs.map((c) => c['width.0'])).toEqual([64, 64, 56, 48, 40, 32, 32, 32, 32, 32]);
    expect(configs.map((c) => c['width.1'])).toEqual([40, 40, 35, 30, 25, 20, 20, 20, 20, 20]);
    expect(reasons[0]).toMatch(/^growth: overfitting \(.*\), gradual shrink, cut 1\/4 towards width\.0 64→32, width\.1 40→20; width\.0 64→56, width\.1 40→35$/);
    expect(reasons.at(-1)).toBe('growth: gradual shrink, cut 4/4 towards width.0 64→32, width.1 40→20; width.0 40→32, width.1 25→20');
    expect(reasons).toHaveLength(8);
    // a snapshot taken mid-shrink resumes the cuts
    const mid = await feed(points.slice(0, 4), { shrinkSteps: 4 }, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    const snap = JSON.parse(JSON.stringify(mid.reflex.snapshot?.()));
    expect(snap.t0.cuts).toEqual({ from: { 'width.0': 64, 'width.1': 40 }, to: { 'width.0': 32, 'width.1': 20 }, done: 2 });
    expect(reflex.snapshot?.()).toMatchObject({ t0: { shrinks: 1 } });
  });

  it('raises dropout instead of shrinking when dropout is among its params, until dropout is at its maximum', async () => {
    const points: [number, number][] = Array.from({ length: 12 }, (_, i) => [0.9 * 0.9 ** i, 1]);
    const { configs } = await feed(points, { params: ['width.0', 'dropout'], cooldown: 0, dropoutStep: 0.2 }, { 'width.0': 64, 'width.1': 40, dropout: 0 });
    const dropouts = configs.map((c) => Number((c.dropout as number).toFixed(6)));
    // raised at the 3rd evaluation, then (no cooldown) again once a new plateau has a 3-evaluation gap history
    expect(dropouts.slice(0, 6)).toEqual([0, 0, 0.2, 0.2, 0.2, 0.3]);
    // at the space's maximum (0.3) it shrinks the width it controls; width.1 is not its
    expect(configs.at(-1)).toMatchObject({ dropout: 0.3, 'width.1': 40 });
    expect(configs.at(-1)?.['width.0']).toBeLessThan(64);
  });

  it('acts only every n-th evaluation with every: { evals: n }', async () => {
    const { configs } = await feed(flat(6, 1, 0), { every: { evals: 3 }, cooldown: 0 });
    // plateau from eval 3 (waits 1, 2 at evals 2, 3): first decision at eval 3
    expect(configs.map((c) => c['width.0'])).toEqual([8, 8, 16, 16, 16, 32]);
  });

  it('keeps its per-trial state in JSON snapshots', async () => {
    const { reflex } = await feed([[2, 2.06], ...flat(2, 1, 0.03)]);
    const snap = JSON.parse(JSON.stringify(reflex.snapshot?.()));
    const other = createGrowthReflex();
    other.restore?.(snap);
    expect(other.snapshot?.()).toEqual(snap);
    expect(snap.t0.trainWait).toBe(1);
  });

  it('controls every width of the space by default, and refuses other kinds', () => {
    const regulome = createRegulome({ space, regulators: [createGrowthReflex()] });
    expect(regulome.controls('growth')).toEqual(['width.0', 'width.1']);
    expect(() => createRegulome({ space, regulators: [createGrowthReflex({ params: 'lr' })] })).toThrow(
      /options\.params must be width or int hyperparameters, or a float "dropout" \("lr" is a float\); got "lr"/,
    );
    expect(() => createRegulome({ space: { lr: float(1e-4, 1) }, regulators: [createGrowthReflex()] })).toThrow(/the space has none \(lr\)/);
  });

  it('validates options with field and allowed range, and refuses unknown keys with the nearest name', () => {
    expect(() => createGrowthReflex({ growFactor: 1 })).toThrow('options.growFactor must be a finite number > 1; got 1');
    expect(() => createGrowthReflex({ shrinkFactor: 1 })).toThrow('options.shrinkFactor must be a finite number > 0 and < 1; got 1');
    expect(() => createGrowthReflex({ patience: 0 })).toThrow('options.patience must be an integer ≥ 1; got 0');
    expect(() => createGrowthReflex({ shrinkSteps: 0 })).toThrow('options.shrinkSteps must be an integer ≥ 1; got 0');
    expect(() => createGrowthReflex({ maxShrinks: -1 })).toThrow('options.maxShrinks must be an integer ≥ 0; got -1');
    expect(() => createGrowthReflex({ maxShrinks: 1.5 })).toThrow('options.maxShrinks must be an integer ≥ 0; got 1.5');
    expect(() => createGrowthReflex({ every: { evals: 0 } })).toThrow(/options\.every\.evals must be an integer ≥ 1; got 0/);
    expect(() => createGrowthReflex({ cooldwn: 1 } as GrowthReflexOptions)).toThrow(/options\.cooldwn is not an option; did you mean "cooldown"\?/);
  });
});
