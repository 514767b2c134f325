import { float } from '@epigenome/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signalState, signalStateNames } from './signal-state';
import { signal as stepSignal } from './test/step-signal';

const space = { lr: float(1e-4, 1, { log: true }), dropout: float(0, 0.5) };
const signal = (features: Record<string, number>, metrics: Record<string, number> = {}, config = { lr: 0.01, dropout: 0.25 }) =>
  stepSignal(metrics, { features: { diverged: 0, ...features }, config });

describe('signalState', () => {
  it('names every entry, controlled hyperparameters included', () => {
    expect(signalStateNames(['lr'])).toEqual([
      'bias',
      'position:lr',
      'loss_trend',
      'val_loss_trend',
      'loss_noise',
      'plateau',
      'gap',
      'budget_used',
      'grad_cos',
      'diverged',
      'slice_cos',
    ]);
    expect(signalState(signal({}), space, ['lr', 'dropout'])).toHaveLength(signalStateNames(['lr', 'dropout']).length);
  });

  it('places the value in its bounds on the spec axis, and fills missing features with 0', () => {
    const x = signalState(signal({}), space, ['lr', 'dropout']);
    expect(x[0]).toBe(1);
    expect(x[1]).toBeCloseTo(2 * (2 / 4) - 1, 12); // 0.01 is half-way on the log axis [1e-4, 1]
    expect(x[2]).toBeCloseTo(0, 12);
    expect(x.slice(3)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('reads trends, plateau, budget, cosine and divergence', () => {
    const names = signalStateNames(['lr']);
    const x = signalState(signal({ loss_ema: 2, loss_slope: -0.01, plateau: 20, budget_used: 0.3, diverged: 1 }, { grad_cos: 0.1 }), space, ['lr']);
    const at = (n: string) => x[names.indexOf(n)] as number;
    expect(at('loss_trend')).toBeCloseTo(Math.tanh((-0.01 * 100) / 2), 12);
    expect(at('plateau')).toBe(1);
    expect(at('budget_used')).toBe(0.3);
    expect(at('grad_cos')).toBeCloseTo(Math.tanh(0.4), 12);
    expect(at('diverged')).toBe(1);
  });

  it('stays finite and in [−1, 1] whatever the signal (property)', () => {
    const num = fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity), fc.constant(-Infinity));
    fc.assert(
      fc.property(
        fc.record({ loss_ema: num, loss_slope: num, val_loss_ema: num, val_loss_slope: num, loss_var: num, plateau: num, gap: num, budget_used: num }),
        num,
        num,
        (f, cos, lr) => {
          const x = signalState(signal(f, { grad_cos: cos }, { lr, dropout: 0.1 }), space, ['lr', 'dropout']);
          return x.every((v) => Number.isFinite(v) && v >= -1 && v <= 1);
        },
      ),
    );
  });
});
