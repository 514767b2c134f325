import { encodeValue, type ParamSpec, type SearchSpace, type Signal } from '@epigenome/core';

/** Options of {@link signalState}. */
export interface SignalStateOptions {
  /**
   * Steps over which a loss slope is expressed as a relative change (slope × horizon ÷ loss EMA,
   * then tanh): the scale of "a trend". Default 100 optimiser steps.
   */
  readonly horizon?: number;
  /** Plateau length (evaluations or signals) that maps to 1. Default 10. */
  readonly plateauScale?: number;
  /** Gain on `grad_cos` before tanh (typical mean cosines of successive directions are ±0.05…0.4). Default 4. */
  readonly cosineGain?: number;
}

/**
 * Names of the state features, in order, for controlled hyperparameters `params`:
 * `bias`, `position:<param>` for each, then `loss_trend`, `val_loss_trend`, `loss_noise`,
 * `plateau`, `gap`, `budget_used`, `grad_cos`, `diverged`, `slice_cos`.
 */
export function signalStateNames(params: readonly string[]): string[] {
  return ['bias', ...params.map((p) => `position:${p}`), 'loss_trend', 'val_loss_trend', 'loss_noise', 'plateau', 'gap', 'budget_used', 'grad_cos', 'diverged', 'slice_cos'];
}

const squash = (x: number): number => (Number.isFinite(x) ? Math.tanh(x) : x > 0 ? 1 : x < 0 ? -1 : 0);
const unit = (x: number | undefined, fallback = 0): number => (x === undefined || !Number.isFinite(x) ? fallback : Math.min(1, Math.max(-1, x)));

/**
 * The DACBench-style state of a trial (Eimer et al. 2021, "DACBench: A Benchmark Library for
 * Dynamic Algorithm Configuration") derived from one `Signal`: a fixed-length vector, every
 * entry normalised and clipped to [−1, 1], missing features 0. See {@link signalStateNames}.
 *
 * - `position:<p>`: where the effective value sits in its bounds (log axis for log specs), −1…1;
 * - `loss_trend`, `val_loss_trend`: tanh(slope × horizon ÷ |EMA|), negative when improving;
 * - `loss_noise`: tanh(√loss_var ÷ |loss EMA|);
 * - `plateau`: min(plateau, plateauScale) ÷ plateauScale;
 * - `gap`: tanh(gap ÷ |loss EMA|) (generalisation gap, relative);
 * - `budget_used`: as the regulome reports it, 0 when it has no budget;
 * - `grad_cos`: tanh(cosineGain × the engine's `grad_cos` metric; see the README), 0 when absent;
 * - `diverged`: 1 when the signal shows divergence;
 * - `slice_cos`: tanh(cosineGain × the engine's `slice_cos` metric), 0 when absent.
 */
export function signalState(signal: Signal, space: SearchSpace, params: readonly string[], options: SignalStateOptions = {}): number[] {
  const horizon = options.horizon ?? 100;
  const plateauScale = options.plateauScale ?? 10;
  const cosineGain = options.cosineGain ?? 4;
  const f = signal.features;
  const m = signal.metrics;
  const out = [1];
  for (const p of params) {
    const spec = space[p] as ParamSpec | undefined;
    const v = signal.config[p];
    out.push(spec && typeof v === 'number' && Number.isFinite(v) ? 2 * encodeValue(spec, v) - 1 : 0);
  }
  const ema = Math.abs(f.loss_ema ?? Number.NaN);
  const valEma = Math.abs(f.val_loss_ema ?? Number.NaN);
  const rel = (x: number | undefined, scale: number): number => (x === undefined || !(scale > 0) ? 0 : squash(x / scale));
  out.push(rel(f.loss_slope === undefined ? undefined : f.loss_slope * horizon, ema));
  out.push(rel(f.val_loss_slope === undefined ? undefined : f.val_loss_slope * horizon, valEma));
  out.push(f.loss_var === undefined ? 0 : rel(Math.sqrt(Math.max(0, f.loss_var)), ema));
  out.push(f.plateau === undefined ? 0 : unit(f.plateau / plateauScale));
  out.push(rel(f.gap, ema));
  out.push(unit(f.budget_used));
  out.push(m.grad_cos === undefined ? 0 : squash(cosineGain * m.grad_cos));
  out.push(f.diverged === 1 ? 1 : 0);
  out.push(m.slice_cos === undefined ? 0 : squash(cosineGain * m.slice_cos));
  return out;
}
