import { choice, createRng, float, int, type Config, type SearchSpace } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { errorOf } from './internal/error-of';
import { hyperparameterImportance } from './hyperparameter-importance';

function byParam(result: { param: string; importance: number }[]): Record<string, number> {
  return Object.fromEntries(result.map((r) => [r.param, r.importance]));
}

const cube: SearchSpace = { x1: float(0, 1), x2: float(0, 1), x3: float(0, 1) };

function linearTrials(n: number, seed = 1): { config: Config; value: number }[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const config = { x1: rng.next(), x2: rng.next(), x3: rng.next() };
    return { config, value: 10 * config.x1 + 0.1 * config.x2 + rng.normal(0, 0.01) };
  });
}

describe('hyperparameterImportance (PED-ANOVA)', () => {
  it('ranks x1 far above x2 and x3 for f = 10·x1 + 0.1·x2 + noise, x3 irrelevant', () => {
    const trials = linearTrials(300);
    const before = structuredClone(trials);
    const result = hyperparameterImportance(trials, cube);
    expect(trials).toEqual(before);
    expect(result.map((r) => r.param)[0]).toBe('x1');
    const imp = byParam(result);
    expect(imp.x1).toBeGreaterThan(0.8);
    expect(imp.x1).toBeGreaterThan(10 * (imp.x2 as number));
    expect(imp.x3).toBeLessThan(0.1);
    expect(result.reduce((a, r) => a + r.importance, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < result.length; i++) expect(result[i - 1]!.importance).toBeGreaterThanOrEqual(result[i]!.importance);
  });

  it('finds a categorical that decides the objective', () => {
    const rng = createRng(2);
    const space: SearchSpace = { optimizer: choice(['adam', 'sgd', 'rmsprop']), width: int(8, 64), x: float(0, 1) };
    const trials = Array.from({ length: 120 }, () => {
      const config = { optimizer: rng.pick(['adam', 'sgd', 'rmsprop']), width: 8 + rng.int(57), x: rng.next() };
      return { config, value: (config.optimizer === 'adam' ? 1 : 0) + rng.normal(0, 0.05) };
    });
    const result = hyperparameterImportance(trials, space);
    expect(result[0]!.param).toBe('optimizer');
    expect(result[0]!.importance).toBeGreaterThan(0.8);
  });

  it('finds an int that decides the objective', () => {
    const rng = createRng(3);
    const space: SearchSpace = { x: float(0, 1), layers: int(1, 6) };
    const trials = Array.from({ length: 120 }, () => {
      const config = { x: rng.next(), layers: 1 + rng.int(6) };
      return { config, value: -Math.abs(config.layers - 4) + rng.normal(0, 0.1) };
    });
    expect(hyperparameterImportance(trials, space)[0]).toMatchObject({ param: 'layers' });
  });

  it('measures a log-scale float on its log axis: the same importances as a linear float over its exponent', () => {
    const rng = createRng(4);
    const rows = Array.from({ length: 200 }, () => ({ e: rng.uniform(-5, -1), x: rng.next(), noise: rng.normal(0, 0.05) }));
    const value = (r: (typeof rows)[number]): number => -Math.abs(r.e + 3) + 0.2 * r.x + r.noise;
    const logSpace: SearchSpace = { lr: float(1e-5, 1e-1, { log: true }), x: float(0, 1) };
    const expSpace: SearchSpace = { lr: float(-5, -1), x: float(0, 1) };
    const onLog = hyperparameterImportance(
      rows.map((r) => ({ config: { lr: 10 ** r.e, x: r.x }, value: value(r) })),
      logSpace,
    );
    const onExp = hyperparameterImportance(
      rows.map((r) => ({ config: { lr: r.e, x: r.x }, value: value(r) })),
      expSpace,
    );
    expect(onLog[0]!.param).toBe('lr');
    expect(onLog[0]!.importance).toBeGreaterThan(0.7);
    onLog.forEach((r, i) => {
      expect(r.param).toBe(onExp[i]!.param);
      expect(r.importance).toBeCloseTo(onExp[i]!.importance, 9);
    });
  });

  it('gives the same result in min mode on negated values as in max mode', () => {
    const trials = linearTrials(150, 5);
    const max = hyperparameterImportance(trials, cube, { mode: 'max' });
    const min = hyperparameterImportance(
      trials.map((t) => ({ config: t.config, value: -t.value })),
      cube,
      { mode: 'min' },
    );
    expect(min).toEqual(max);
    expect(hyperparameterImportance(trials, cube, { mode: 'min' })).not.toEqual(max);
  });

  it('leaves out NaN and infinite values', () => {
    const trials = linearTrials(100, 6);
    const polluted = [
      ...trials,
      { config: { x1: 0.1, x2: 0.5, x3: 0.5 }, value: Number.NaN },
      { config: { x1: 0.2, x2: 0.9, x3: 0.1 }, value: Infinity },
      { config: { x1: 0.3, x2: 0.1, x3: 0.9 }, value: -Infinity },
    ];
    expect(hyperparameterImportance(polluted, cube)).toEqual(hyperparameterImportance(trials, cube));
  });

  it('returns all 0 when undefined: too few trials, every trial tied, and 0 for a fixed parameter', () => {
    const few = hyperparameterImportance(linearTrials(7), cube);
    expect(few.map((r) => r.param).sort()).toEqual(['x1', 'x2', 'x3']);
    expect(few.every((r) => r.importance === 0)).toBe(true);
    const tied = hyperparameterImportance(
      linearTrials(50).map((t) => ({ ...t, value: 1 })),
      cube,
    );
    expect(tied.every((r) => r.importance === 0)).toBe(true);
    const fixed = hyperparameterImportance(
      linearTrials(50).map((t) => ({ config: { ...t.config, k: 'only' }, value: t.value })),
      { ...cube, k: choice(['only']) },
    );
    expect(byParam(fixed).k).toBe(0);
    expect(fixed.at(-1)!.param).toBe('k');
  });

  it('raises γ to keep at least 4 trials on top: 8 trials still give an answer', () => {
    const result = hyperparameterImportance(linearTrials(8, 7), cube, { quantile: 0.01 });
    expect(result.reduce((a, r) => a + r.importance, 0)).toBeCloseTo(1, 12);
  });

  it('refuses bad input with an EpigenomeError naming the field and the allowed range', () => {
    const trials = linearTrials(20);
    for (const quantile of [Number.NaN, Infinity, 0, 1, 1.5, -0.2]) {
      const e = errorOf(() => hyperparameterImportance(trials, cube, { quantile }));
      expect(e.field).toBe('options.quantile');
      expect(e.message).toContain('> 0 and < 1');
    }
    const missing = trials.map((t, i) => (i === 2 ? { config: { x1: 0.5, x3: 0.5 }, value: t.value } : t));
    const e = errorOf(() => hyperparameterImportance(missing, cube));
    expect(e.field).toBe('trials[2].config.x2');
    expect(e.message).toContain('a number in [0, 1]');
    expect(errorOf(() => hyperparameterImportance(trials, cube, { mode: 'maximize' as never })).field).toBe('options.mode');
    expect(errorOf(() => hyperparameterImportance(trials, cube, { quantiel: 0.2 } as never)).field).toBe('options.quantiel');
    expect(errorOf(() => hyperparameterImportance([{ config: { x1: 0, x2: 0, x3: 0 }, value: '1' as never }], cube)).field).toBe('trials[0].value');
    expect(errorOf(() => hyperparameterImportance([{ config: { o: 'lion' }, value: 1 }], { o: choice(['adam', 'sgd']) })).field).toBe('trials[0].config.o');
    expect(errorOf(() => hyperparameterImportance(trials, { x1: float(0, 1), bad: { kind: 'float', min: 2, max: 1 } })).field).toBe('space.bad.max');
    expect(errorOf(() => hyperparameterImportance(null as never, cube)).field).toBe('trials');
  });
});
