import { invalidArgument } from '../errors/epigenome-error';

/** Options of the feature tracker; all optional. */
export interface FeatureOptions {
  /** Smoothing of the loss EMA, in (0, 1]; 1 = no smoothing. Default 0.3. */
  emaAlpha?: number;
  /** Number of recent EMA points the slope and variance are fitted over (≥ 2). Default 8. */
  window?: number;
  /** Relative improvement of the best value that resets the plateau counter. Default 1e-3. */
  minDelta?: number;
  /** Loss above `divergenceFactor` × its running minimum counts as divergence (> 1). Default 4. */
  divergenceFactor?: number;
  /** Total step budget, for `budget_used`. Default: none (feature omitted). */
  budgetSteps?: number;
}

/** One observation of a trial: its step and the metrics measured at it. */
export interface Observation {
  /** Optimiser steps taken so far (≥ 0). */
  step: number;
  /** Metric name → value; `loss` and, at evaluations, `val_loss` are the ones features use. */
  metrics: Readonly<Record<string, number>>;
}

interface SeriesState {
  count: number;
  ema: number;
  best: number;
  sinceBest: number;
  steps: number[];
  emas: number[];
}

/** The incremental state of the tracker; plain data, JSON-serialisable. */
export interface FeatureState {
  loss: SeriesState | undefined;
  valLoss: SeriesState | undefined;
  runningMinLoss: number;
  lastLoss: number;
  lastValLoss: number;
  /** Weights were just restored to the last good checkpoint after a finite loss jump (see {@link afterRollback}); absent before it was kept. */
  rolledBack?: boolean;
  /** The last observation had a non-finite loss or validation loss (a blow-up, never a context change). */
  nonFinite?: boolean;
}

/**
 * Derived features of the environment of one trial. Slopes are in loss units per optimiser
 * step; plateaus count observations (of that series) since its best improved by `minDelta`.
 */
export interface Features {
  loss_ema?: number;
  loss_slope?: number;
  loss_var?: number;
  loss_plateau?: number;
  val_loss_ema?: number;
  val_loss_slope?: number;
  val_loss_plateau?: number;
  /** The validation plateau when validation has been seen, else the training one. */
  plateau?: number;
  /** 1 when the last loss was NaN/±Inf or above `divergenceFactor` × its running minimum, else 0. */
  diverged: number;
  /**
   * 1 on the first signal after a rollback whose (finite) loss is still above `divergenceFactor` ×
   * the running minimum: the weights that were good are bad now, so the data changed, not the step
   * size (a context change, e.g. covariate shift). The loss series restarts at the new level and
   * `diverged` is 0; regulators may undo what they did for the false divergence. Absent otherwise.
   */
  context_shift?: number;
  /** Generalisation gap: last validation loss − last training loss. */
  gap?: number;
  /** step ÷ budgetSteps, clamped to [0, 1]. */
  budget_used?: number;
  [name: string]: number | undefined;
}

/** The state after the trial's weights were restored to its last good checkpoint: the next loss tells a context change from a blow-up. */
export function afterRollback(state: FeatureState): FeatureState {
  // a NaN/Inf is a blow-up whatever follows; only a finite jump may have been the data moving
  return { ...state, rolledBack: state.nonFinite !== true };
}

/** The tracker's starting state. */
export function initialFeatureState(): FeatureState {
  return { loss: undefined, valLoss: undefined, runningMinLoss: Number.POSITIVE_INFINITY, lastLoss: Number.NaN, lastValLoss: Number.NaN };
}

function resolve(options: FeatureOptions): Required<Omit<FeatureOptions, 'budgetSteps'>> & { budgetSteps: number | undefined } {
  const emaAlpha = options.emaAlpha ?? 0.3;
  const window = options.window ?? 8;
  const minDelta = options.minDelta ?? 1e-3;
  const divergenceFactor = options.divergenceFactor ?? 4;
  if (!(emaAlpha > 0 && emaAlpha <= 1)) throw invalidArgument('features.emaAlpha', emaAlpha, 'a number in (0, 1]');
  if (!(Number.isInteger(window) && window >= 2)) throw invalidArgument('features.window', window, 'an integer ≥ 2');
  if (!(minDelta >= 0 && Number.isFinite(minDelta))) throw invalidArgument('features.minDelta', minDelta, 'a finite number ≥ 0');
  if (!(divergenceFactor > 1 && Number.isFinite(divergenceFactor))) throw invalidArgument('features.divergenceFactor', divergenceFactor, 'a finite number > 1');
  if (options.budgetSteps !== undefined && !(options.budgetSteps > 0)) throw invalidArgument('features.budgetSteps', options.budgetSteps, 'a number > 0');
  return { emaAlpha, window, minDelta, divergenceFactor, budgetSteps: options.budgetSteps };
}

/** Least-squares slope of ys over xs (0 for fewer than two distinct xs). */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxy += dx * ((ys[i] as number) - my);
    sxx += dx * dx;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

function variance(ys: readonly number[]): number {
  if (ys.length < 2) return 0;
  const m = ys.reduce((a, b) => a + b, 0) / ys.length;
  return ys.reduce((a, y) => a + (y - m) ** 2, 0) / (ys.length - 1);
}

function updateSeries(prev: SeriesState | undefined, step: number, value: number, o: ReturnType<typeof resolve>): SeriesState {
  if (prev === undefined) return { count: 1, ema: value, best: value, sinceBest: 0, steps: [step], emas: [value] };
  const ema = o.emaAlpha * value + (1 - o.emaAlpha) * prev.ema;
  const improved = value < prev.best - o.minDelta * Math.abs(prev.best);
  const steps = [...prev.steps, step].slice(-o.window);
  const emas = [...prev.emas, ema].slice(-o.window);
  return {
    count: prev.count + 1,
    ema,
    best: Math.min(prev.best, value),
    sinceBest: improved ? 0 : prev.sinceBest + 1,
    steps,
    emas,
  };
}

function seriesFeatures(prefix: string, s: SeriesState | undefined, out: Features): void {
  if (!s) return;
  out[`${prefix}_ema`] = s.ema;
  out[`${prefix}_slope`] = leastSquaresSlope(s.steps, s.emas);
  out[`${prefix}_var`] = variance(s.emas);
  out[`${prefix}_plateau`] = s.sinceBest;
}

/**
 * Folds one observation into the state and returns the new state with the features it implies.
 * Pure: the input state is not modified. Non-finite losses mark divergence and are not folded
 * into the EMA, best or slope, so one NaN does not poison later features.
 */
export function updateFeatures(state: FeatureState, observation: Observation, options: FeatureOptions = {}): { state: FeatureState; features: Features } {
  const o = resolve(options);
  const { step, metrics } = observation;
  if (!(Number.isFinite(step) && step >= 0)) throw invalidArgument('observation.step', step, 'a finite number ≥ 0');
  const next: FeatureState = { ...state };
  let diverged = 0;
  let shift = false;
  const loss = metrics.loss;
  next.nonFinite = false;
  if (loss !== undefined) {
    next.lastLoss = loss;
    next.rolledBack = false;
    if (!Number.isFinite(loss)) {
      diverged = 1;
      next.nonFinite = true;
    } else {
      if (state.runningMinLoss > 0 && Number.isFinite(state.runningMinLoss) && loss > o.divergenceFactor * state.runningMinLoss) {
        // restored good weights still far above their old loss: the data moved, not the rate
        if (state.rolledBack) shift = true;
        else diverged = 1;
      }
      next.runningMinLoss = shift ? loss : Math.min(state.runningMinLoss, loss);
      next.loss = updateSeries(shift ? undefined : state.loss, step, loss, o);
    }
  }
  const valLoss = metrics.val_loss;
  if (valLoss !== undefined) {
    next.lastValLoss = valLoss;
    if (!Number.isFinite(valLoss)) {
      diverged = 1;
      next.nonFinite = true;
    } else next.valLoss = updateSeries(state.valLoss, step, valLoss, o);
  }
  const features: Features = { diverged, ...(shift ? { context_shift: 1 } : {}) };
  seriesFeatures('loss', next.loss, features);
  seriesFeatures('val_loss', next.valLoss, features);
  const plateau = next.valLoss ? next.valLoss.sinceBest : next.loss?.sinceBest;
  if (plateau !== undefined) features.plateau = plateau;
  if (Number.isFinite(next.lastValLoss) && Number.isFinite(next.lastLoss)) features.gap = next.lastValLoss - next.lastLoss;
  if (o.budgetSteps !== undefined) features.budget_used = Math.min(1, Math.max(0, step / o.budgetSteps));
  return { state: next, features };
}
