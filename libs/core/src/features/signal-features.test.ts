import { describe, expect, it } from 'vitest';
import { afterRollback, initialFeatureState, leastSquaresSlope, updateFeatures, type FeatureOptions, type Observation } from './signal-features';

function run(observations: Observation[], options: FeatureOptions = {}) {
  let state = initialFeatureState();
  const out = [];
  for (const o of observations) {
    const r = updateFeatures(state, o, options);
    state = r.state;
    out.push(r.features);
  }
  return out;
}

describe('signal features', () => {
  it('computes the EMA and its least-squares slope on a hand-computed series', () => {
    // alpha 0.5: losses 4, 2, 2 → EMA 4, 3, 2.5 at steps 0, 10, 20
    const f = run(
      [
        { step: 0, metrics: { loss: 4 } },
        { step: 10, metrics: { loss: 2 } },
        { step: 20, metrics: { loss: 2 } },
      ],
      { emaAlpha: 0.5, window: 3 },
    );
    expect(f[2]?.loss_ema).toBeCloseTo(2.5, 12);
    // slope of (0,4),(10,3),(20,2.5): sxy = (-10)(0.8333)+(10)(-0.6667) = -15, sxx = 200 → -0.075
    expect(f[2]?.loss_slope).toBeCloseTo(-0.075, 12);
    // variance of 4, 3, 2.5 (n−1): mean 3.1667 → (0.6944+0.0278+0.4444)/2 = 0.58333
    expect(f[2]?.loss_var).toBeCloseTo(0.583333, 5);
  });

  it('fits the slope over the last `window` points only', () => {
    const f = run(
      [
        { step: 0, metrics: { loss: 100 } },
        { step: 1, metrics: { loss: 3 } },
        { step: 2, metrics: { loss: 2 } },
      ],
      { emaAlpha: 1, window: 2 },
    );
    expect(f[2]?.loss_slope).toBe(-1);
  });

  it('counts plateau length since the last real improvement', () => {
    const f = run(
      [5, 4, 4, 3.9999, 4.1, 3].map((loss, step) => ({ step, metrics: { loss } })),
      { minDelta: 1e-3 },
    );
    expect(f.map((x) => x.loss_plateau)).toEqual([0, 0, 1, 2, 3, 0]);
    expect(f.map((x) => x.plateau)).toEqual([0, 0, 1, 2, 3, 0]);
  });

  it('prefers the validation plateau once validation is seen, and reports the gap', () => {
    const f = run([
      { step: 0, metrics: { loss: 1 } },
      { step: 1, metrics: { loss: 0.8, val_loss: 1.1 } },
      { step: 2, metrics: { loss: 0.6, val_loss: 1.2 } },
    ]);
    expect(f[0]?.gap).toBeUndefined();
    expect(f[1]?.gap).toBeCloseTo(0.3, 12);
    expect(f[2]?.gap).toBeCloseTo(0.6, 12);
    expect(f[2]?.plateau).toBe(1);
    expect(f[2]?.loss_plateau).toBe(0);
  });

  it('flags divergence on NaN/Inf and on a loss above k× its running minimum', () => {
    const f = run(
      [
        { step: 0, metrics: { loss: 2 } },
        { step: 1, metrics: { loss: 1 } },
        { step: 2, metrics: { loss: 3.9 } },
        { step: 3, metrics: { loss: 4.1 } },
        { step: 4, metrics: { loss: Number.NaN } },
        { step: 5, metrics: { loss: 1 } },
        { step: 6, metrics: { loss: 1, val_loss: Number.POSITIVE_INFINITY } },
      ],
      { divergenceFactor: 4 },
    );
    expect(f.map((x) => x.diverged)).toEqual([0, 0, 0, 1, 1, 0, 1]);
    // the NaN did not poison the EMA
    expect(Number.isFinite(f[5]?.loss_ema)).toBe(true);
  });

  it('tells a context change from a blow-up: restored good weights whose loss is still high mean the data moved', () => {
    const o = { divergenceFactor: 4 };
    let s = initialFeatureState();
    for (const [step, loss] of [
      [0, 2],
      [10, 0.2],
    ] as const)
      s = updateFeatures(s, { step, metrics: { loss } }, o).state;
    const jump = updateFeatures(s, { step: 20, metrics: { loss: 1.7 } }, o);
    expect(jump.features.diverged).toBe(1);
    expect(jump.features.context_shift).toBeUndefined();
    // the runner restored the last good checkpoint; its loss on the current data is as high
    const shifted = updateFeatures(afterRollback(jump.state), { step: 30, metrics: { loss: 1.6 } }, o);
    expect(shifted.features).toMatchObject({ diverged: 0, context_shift: 1, loss_ema: 1.6 });
    // the new level is the baseline: training on from it is no divergence
    const next = updateFeatures(shifted.state, { step: 40, metrics: { loss: 1.2 } }, o);
    expect(next.features.diverged).toBe(0);
    expect(next.features.context_shift).toBeUndefined();
    // a rollback that cured a real blow-up shows a low loss: nothing to report
    const cured = updateFeatures(afterRollback(jump.state), { step: 30, metrics: { loss: 0.3 } }, o);
    expect(cured.features).toMatchObject({ diverged: 0 });
    expect(cured.features.context_shift).toBeUndefined();
    // NaN after a rollback is still divergence
    const nan = updateFeatures(afterRollback(jump.state), { step: 30, metrics: { loss: Number.NaN } }, o);
    expect(nan.features.diverged).toBe(1);
    // and a rollback for a NaN is a blow-up: a high loss after it is divergence again, not a shift
    const again = updateFeatures(afterRollback(nan.state), { step: 40, metrics: { loss: 1.7 } }, o);
    expect(again.features).toMatchObject({ diverged: 1 });
    expect(again.features.context_shift).toBeUndefined();
  });

  it('reports the budget used, clamped to [0, 1]', () => {
    const f = run(
      [
        { step: 50, metrics: {} },
        { step: 150, metrics: {} },
      ],
      { budgetSteps: 100 },
    );
    expect(f.map((x) => x.budget_used)).toEqual([0.5, 1]);
  });

  it('is pure: the input state is not modified', () => {
    const s0 = initialFeatureState();
    const { state: s1 } = updateFeatures(s0, { step: 0, metrics: { loss: 1 } });
    const copy = JSON.stringify(s1);
    updateFeatures(s1, { step: 1, metrics: { loss: 0.5 } });
    expect(JSON.stringify(s1)).toBe(copy);
    expect(s0.loss).toBeUndefined();
  });

  it('rejects bad options and steps with the field named', () => {
    const s = initialFeatureState();
    expect(() => updateFeatures(s, { step: 0, metrics: {} }, { emaAlpha: 0 })).toThrow('features.emaAlpha must be a number in (0, 1]; got 0');
    expect(() => updateFeatures(s, { step: 0, metrics: {} }, { window: 1 })).toThrow(/features.window must be an integer ≥ 2/);
    expect(() => updateFeatures(s, { step: 0, metrics: {} }, { divergenceFactor: 1 })).toThrow(/features.divergenceFactor/);
    expect(() => updateFeatures(s, { step: -1, metrics: {} })).toThrow(/observation.step must be a finite number ≥ 0/);
  });

  it('least-squares slope is exact on a line and 0 when undefined', () => {
    expect(leastSquaresSlope([1, 2, 3], [2, 4, 6])).toBeCloseTo(2, 12);
    expect(leastSquaresSlope([1], [1])).toBe(0);
    expect(leastSquaresSlope([2, 2], [1, 3])).toBe(0);
  });
});
