import {
  checkBoolean,
  checkNumber,
  checkOneOf,
  checkOptions,
  checkParams,
  checkString,
  invalidArgument,
  type Adjustment,
  type Regulator,
  type RegulatorContext,
  type Signal,
} from '@epigenome/core';
import { explosionCheck, isDiverged } from './internal/divergence';
import { capRise, lowerCeiling, rollbackAdjustment } from './internal/rollback-rule';
import { checkTargetCos, targetAt, type TargetCos } from './internal/target-cos';
import { validationBrake, type BestEval } from './internal/validation-brake';

/** Consecutive step signals of a trial without the needed metric before it is an error. */
const MAX_MISSES = 3;

const HYPERGRADIENT_OPTION_KEYS = [
  'name',
  'params',
  'rule',
  'beta',
  'maxFactor',
  'rollbackFactor',
  'ceilingFactor',
  'targetCos',
  'horizon',
  'explosionFactor',
  'noiseScaled',
  'signalReference',
  'validationBrake',
] as const;

/** Weight of a new `grad_signal` in a trial's running estimate (about the last 10 signals count). */
const SIGNAL_SMOOTHING = 0.1;

/** Options of {@link createHypergradient}. */
export interface HypergradientOptions {
  /** Regulator name. Default `hypergradient`. */
  readonly name?: string;
  /** The learning-rate hyperparameter it controls: one name (`'lr'` or `['lr']`). Default `lr`. */
  readonly params?: string | readonly string[];
  /**
   * Update rule (Baydin et al. 2018):
   * - `multiplicative` (default): α ← α · (1 + β · cos)ⁿ with cos = `grad_cos`, the normalised
   *   hypergradient — scale-free, so one β suits SGD and Adam and any loss scale;
   * - `additive`: α ← α + β · n · `grad_dot`, the paper's SGD-HD / Adam-HD rule.
   * n is the number of optimiser steps since this trial's previous signal.
   */
  readonly rule?: 'multiplicative' | 'additive';
  /**
   * Hypergradient learning rate β. Multiplicative: relative change per step at |cos| = 1, in
   * (0, 1), default 0.1. Additive: learning-rate units per unit of `grad_dot`, > 0, default
   * 0.001 (the paper uses 0.001 for SGD-HD and 1e-7 for Adam-HD on its problems).
   */
  readonly beta?: number;
  /** Largest change of the learning rate per signal, as a factor ≥ 1 (both ways). Default 2. */
  readonly maxFactor?: number;
  /** Factor applied at once on divergence, in (0, 1]; the reason starts `rollback:`. Default 0.5. */
  readonly rollbackFactor?: number;
  /**
   * After a divergence at rate α, the rule never raises the rate of that trial above
   * `ceilingFactor` × α again (it may still lower it), in (0, 1]. Default: `rollbackFactor` (the
   * rate it restarts from). Without a ceiling a rule steered to a negative `targetCos` climbs
   * straight back into the blow-up it just recovered from.
   */
  readonly ceilingFactor?: number;
  /**
   * Multiplicative rule only: the cosine of successive directions the rate is steered to,
   * α ← α (1 + β (cos − targetCos))ⁿ, in (−1, 1). Default 0 (Baydin et al.: greedy descent on α,
   * which settles where successive directions are uncorrelated). The greedy rate is biased
   * small for the final loss (short-horizon bias, Wu et al. 2018): mini-batch noise makes the
   * next step's loss favour small steps even when larger ones train faster over the run. A
   * negative target (e.g. −0.3) holds the rate where successive directions mildly oppose, i.e.
   * at the edge of oscillation along the sharpest directions, where plain SGD trains fastest.
   *
   * `{ start, end }` moves the target linearly with `features.budget_used` (the regulome's
   * `budget.stepsPerTrial`; `start` while it is absent). The bias shrinks with the horizon left:
   * at the end of the budget the greedy rate is the right one, so e.g. `{ start: -0.3, end: 0.1 }`
   * pushes the rate up early and anneals it as the budget runs out.
   */
  readonly targetCos?: number | TargetCos;
  /**
   * Which successive directions the multiplicative rule compares (Wu et al. 2018: the longer the
   * horizon, the smaller the greedy bias):
   * - `step` (default, the paper's): the last gradient against the update before it, `grad_cos`;
   * - `slice`: the last gradient of a `train(n)` call against the displacement of the n − 1 steps
   *   before it, `slice_cos` — the hypergradient of the loss after the slice with respect to the
   *   rate the slice ran at (first order). Noise that successive steps cancel does not count.
   */
  readonly horizon?: 'step' | 'slice';
  /** Divergence also when a step loss exceeds this × the trial's first loss (see `ControllerOptions.explosionFactor`). Default: off. */
  readonly explosionFactor?: number;
  /**
   * Multiplicative rule only: scale the target cosine by the trial's gradient signal share,
   * `grad_signal` (the share of a step's squared batch gradient that is the expected gradient,
   * not mini-batch noise; a running mean over the trial's signals), relative to
   * `signalReference`: target × min(1, share ÷ signalReference). Default `true`.
   *
   * A negative target pushes the rate towards the edge of oscillation. The rate that trains best
   * is that edge scaled by the signal share, ε_max ÷ (1 + B_noise ÷ B) (McCandlish et al. 2018,
   * "An Empirical Model of Large-Batch Training", eq. 2.6): where mini-batch noise dominates (tiny
   * batches) it lies far below the edge. There the measured cosine is noise around 0, the target
   * is out of reach, and an unscaled push raises the rate without end (24× on MNIST at batch 2,
   * where the default rate was already the best). Scaled, the push fades to the greedy rule as
   * noise takes over. Signals without `grad_signal` (an engine that does not report it) use the
   * target as set.
   */
  readonly noiseScaled?: boolean;
  /**
   * The gradient signal share at (and above) which the target applies as set, in (0, 1]. Default
   * 0.2: the share on the problems the benchmark's target (−0.3 → +0.1) was tuned on (MNIST MLP and
   * CNN, text, spirals, batch 32: 0.14–0.26 in the task suite; 0.04–0.06 at batch 2).
   */
  readonly signalReference?: number;
  /**
   * The brake on a pushed rate, from evaluations (a "bold driver" on the validation objective):
   * when an evaluation's objective is worse than the trial's best by more than this fraction of
   * the best (e.g. 0.01: an accuracy of 0.93 after a best of 0.95) while the rate is above the rate
   * in force at that best, the rate goes back to that rate and is never raised above it again in
   * this trial. `false` turns it off. In [0, 1), default 0.01.
   *
   * A push toward the edge of oscillation trains fastest over short horizons, but with Adam the
   * edge lies far above the rate that ends best: on the MNIST MLP over 1,000 steps the push took
   * Adam from 1e-3 to 3–4e-2, where validation accuracy sat at 0.80–0.87 until the end-of-budget
   * anneal. The objective falling below its best is the sign the push went too far.
   */
  readonly validationBrake?: number | false;
}

/**
 * Hypergradient descent on the learning rate (Baydin, Cornish, Martínez Rubio, Schmidt & Wood
 * 2018, "Online Learning Rate Adaptation with Hypergradient Descent", ICLR), as a `step`-level
 * regulator. With θₜ = θₜ₋₁ − αₜ uₜ₋₁ (uₜ₋₁ = ∇f(θₜ₋₁) for SGD, m̂/(√v̂+ε) for Adam), the
 * derivative of the loss with respect to α is ∂f(θₜ)/∂α = −∇f(θₜ)·uₜ₋₁, so gradient descent on α is
 *
 *   αₜ₊₁ = αₜ + β ∇f(θₜ)·uₜ₋₁                        (additive rule, SGD-HD / Adam-HD)
 *   αₜ₊₁ = αₜ (1 + β ∇f(θₜ)·uₜ₋₁ ÷ (‖∇f(θₜ)‖ ‖uₜ₋₁‖))   (multiplicative, normalised rule)
 *
 * The rate grows while successive directions agree (too small a step) and shrinks when they
 * oppose (overshooting). It needs the engine to report, in each `step` signal's metrics,
 * `grad_dot` (additive) or `grad_cos` (multiplicative), and `lr_effective` — exactly as the
 * README's "Engine metrics" section defines them. A `step` signal without the needed metric
 * changes nothing (an engine may omit it on a trial's first slice or after a load); three in a
 * row throw `INVALID_ARGUMENT` naming it (a misconfigured engine). Evaluations only feed the validation brake (`validationBrake`). The regulome clamps the result
 * to the space. Divergence (`features.diverged` or a non-finite loss) multiplies the rate by
 * `rollbackFactor` at once with a reason starting `rollback:`. When the next step signal shows
 * `features.context_shift` (the restored weights' loss is as high: the data moved, not the rate),
 * that rollback's rate cut and ceiling are undone.
 *
 * @example createHypergradient({ params: 'lr', beta: 0.1 })
 */
export function createHypergradient(options: HypergradientOptions = {}): Regulator {
  const field = 'options';
  const o = checkOptions<HypergradientOptions>(field, options, HYPERGRADIENT_OPTION_KEYS);
  const name = checkString(`${field}.name`, o.name, 'hypergradient');
  const params = checkParams(`${field}.params`, o.params) ?? ['lr'];
  if (params.length !== 1) throw invalidArgument(`${field}.params`, o.params, 'one hyperparameter name (the hypergradient adapts one learning rate)');
  const param = params[0] as string;
  const rule = checkOneOf(`${field}.rule`, o.rule, ['multiplicative', 'additive'] as const, 'multiplicative');
  const beta =
    rule === 'multiplicative'
      ? checkNumber(`${field}.beta`, o.beta, 0.1, { min: 0, minOpen: true, max: 0.999 })
      : checkNumber(`${field}.beta`, o.beta, 0.001, { min: 0, minOpen: true });
  const maxFactor = checkNumber(`${field}.maxFactor`, o.maxFactor, 2, { min: 1 });
  const rollbackFactor = checkNumber(`${field}.rollbackFactor`, o.rollbackFactor, 0.5, { min: 0, minOpen: true, max: 1 });
  const ceilingFactor = checkNumber(`${field}.ceilingFactor`, o.ceilingFactor, rollbackFactor, { min: 0, minOpen: true, max: 1 });
  const target = checkTargetCos(`${field}.targetCos`, o.targetCos, { start: 0, end: 0 });
  if (o.targetCos !== undefined && rule !== 'multiplicative')
    throw invalidArgument(`${field}.targetCos`, o.targetCos, 'absent with rule "additive" (a target cosine needs the normalised rule)');
  const explosion = explosionCheck(o.explosionFactor === undefined ? undefined : checkNumber(`${field}.explosionFactor`, o.explosionFactor, 2, { min: 1, minOpen: true }));
  const horizon = checkOneOf(`${field}.horizon`, o.horizon, ['step', 'slice'] as const, 'step');
  const noiseScaled = checkBoolean(`${field}.noiseScaled`, o.noiseScaled, true);
  const signalReference = checkNumber(`${field}.signalReference`, o.signalReference, 0.2, { min: 0, minOpen: true, max: 1 });
  const brakeValue = o.validationBrake ?? 0.01;
  if (brakeValue !== false && !(typeof brakeValue === 'number' && Number.isFinite(brakeValue) && brakeValue >= 0 && brakeValue < 1))
    throw invalidArgument(`${field}.validationBrake`, o.validationBrake, 'a finite number ≥ 0 and < 1, or false');
  const brake = brakeValue === false ? undefined : brakeValue;
  if (horizon === 'slice' && rule !== 'multiplicative') throw invalidArgument(`${field}.horizon`, horizon, '"step" with rule "additive"');
  const metric = rule === 'multiplicative' ? (horizon === 'slice' ? 'slice_cos' : 'grad_cos') : 'grad_dot';
  const lastStep = new Map<string, number>();
  const missing = new Map<string, number>();
  const ceiling = new Map<string, number>();
  /** Trials whose last signal this regulator answered with a rollback: the ceiling it had before. */
  const rolledBack = new Map<string, number | null>();
  /** Per trial: running mean of `grad_signal`. */
  const signalShare = new Map<string, number>();
  /** Per trial: the best evaluation so far (objective signed so that higher is better) and its rate. */
  const bestEval = new Map<string, BestEval>();

  return {
    specificationVersion: 'v1',
    name,
    level: 'step',
    controls: [param],
    // it multiplies the rate by factors: numbers only, and it composes with other factors of its level
    kinds: ['float', 'int'],
    adjusts: ['factor'],
    needs: [metric],
    regulate(signal: Signal, ctx: RegulatorContext): Adjustment | undefined {
      const exploded = explosion.exploded(signal);
      const undo = signal.kind === 'step' ? rolledBack.get(signal.trialId) : undefined;
      if (signal.kind === 'step') rolledBack.delete(signal.trialId);
      if (exploded || isDiverged(signal)) {
        lastStep.set(signal.trialId, signal.step);
        explosion.rolledBack(signal.trialId);
        const was = signal.metrics.lr_effective ?? (signal.config[param] as number);
        rolledBack.set(signal.trialId, ceiling.get(signal.trialId) ?? null);
        const cap = lowerCeiling(ceiling.get(signal.trialId), was, ceilingFactor);
        if (cap !== undefined) ceiling.set(signal.trialId, cap);
        return rollbackAdjustment(exploded ?? 'divergence', signal, [param], rollbackFactor);
      }
      if (signal.kind !== 'step') {
        const rate = signal.metrics.lr_effective ?? (signal.config[param] as number);
        const back = brake === undefined || !ctx ? undefined : validationBrake(bestEval, signal, ctx.objective, rate, brake);
        if (back === undefined) return undefined;
        ceiling.set(signal.trialId, lowerCeiling(ceiling.get(signal.trialId), back, 1) as number);
        return {
          factor: { [param]: back / rate },
          reason: `hypergradient: validation brake: ${ctx.objective.metric} ${signal.metrics[ctx.objective.metric]?.toPrecision(3)} fell more than ${brake} below its best; ${param} back to ${back.toPrecision(3)} and capped there`,
        };
      }
      if (undo !== undefined && signal.features.context_shift === 1) {
        // the restored weights were as bad: the data moved (a context change), the rate was fine —
        // give back the rate and the ceiling the false divergence took
        lastStep.set(signal.trialId, signal.step);
        if (undo === null) ceiling.delete(signal.trialId);
        else ceiling.set(signal.trialId, undo);
        return {
          factor: { [param]: 1 / rollbackFactor },
          reason: `hypergradient: context shift (loss ${signal.metrics.loss?.toPrecision(3)} from the restored weights), the rollback undone`,
        };
      }
      const n = signal.step - (lastStep.get(signal.trialId) ?? 0);
      lastStep.set(signal.trialId, signal.step);
      const h = signal.metrics[metric];
      if (h === undefined) {
        // an engine may omit it on a trial's first slice or right after a checkpoint load
        const misses = (missing.get(signal.trialId) ?? 0) + 1;
        missing.set(signal.trialId, misses);
        if (misses >= MAX_MISSES) {
          throw invalidArgument(
            `signal.metrics.${metric}`,
            h,
            `a number reported by the engine in step signals (missing in ${misses} in a row; regulator "${name}", ${rule} rule; see the README of @epigenome/regulators-rl, "Engine metrics")`,
          );
        }
        return undefined;
      }
      missing.delete(signal.trialId);
      const share = noiseScaled ? updateShare(signalShare, signal) : undefined;
      const weight = share === undefined ? 1 : Math.min(1, share / signalReference);
      if (!Number.isFinite(h) || n <= 0) return undefined;
      const lr = signal.metrics.lr_effective ?? (signal.config[param] as number);
      if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr))) return undefined;
      let factor: number;
      if (rule === 'multiplicative') {
        const cos = Math.min(1, Math.max(-1, h));
        factor = (1 + beta * (cos - targetAt(target, signal.features.budget_used ?? 0) * weight)) ** n;
      } else {
        const next = lr + beta * n * h;
        factor = next / lr;
        if (!(factor > 0)) factor = 1 / maxFactor;
      }
      factor = Math.min(maxFactor, Math.max(1 / maxFactor, factor));
      factor = capRise(factor, lr, ceiling.get(signal.trialId));
      if (factor === 1) return undefined;
      return { factor: { [param]: factor }, reason: `hypergradient: ${metric} ${h.toPrecision(3)} over ${n} steps` };
    },
    // Per-trial bookkeeping, so a resumed run takes exactly the steps an uninterrupted one would.
    snapshot: () => ({
      lastStep: Object.fromEntries(lastStep),
      missing: Object.fromEntries(missing),
      firstLoss: explosion.state(),
      peakGradNorm: explosion.peaks(),
      ceiling: Object.fromEntries(ceiling),
      rolledBack: Object.fromEntries(rolledBack),
      signalShare: Object.fromEntries(signalShare),
      bestEval: Object.fromEntries(bestEval),
    }),
    restore(state) {
      const s = state as {
        lastStep?: Record<string, number>;
        missing?: Record<string, number>;
        firstLoss?: Record<string, number>;
        peakGradNorm?: Record<string, number>;
        ceiling?: Record<string, number>;
        rolledBack?: Record<string, number | null>;
        signalShare?: Record<string, number>;
        bestEval?: Record<string, BestEval>;
      } | null;
      if (typeof s !== 'object' || s === null || typeof s.lastStep !== 'object' || s.lastStep === null) {
        throw invalidArgument(`${name}.restore(state)`, state, 'a snapshot of createHypergradient(): { lastStep, missing }');
      }
      lastStep.clear();
      missing.clear();
      for (const [k, v] of Object.entries(s.lastStep)) if (Number.isFinite(v)) lastStep.set(k, v);
      for (const [k, v] of Object.entries(s.missing ?? {})) if (Number.isFinite(v)) missing.set(k, v);
      ceiling.clear();
      for (const [k, v] of Object.entries(s.ceiling ?? {})) if (Number.isFinite(v) && v > 0) ceiling.set(k, v);
      rolledBack.clear();
      for (const [k, v] of Object.entries(s.rolledBack ?? {})) if (v === null || (Number.isFinite(v) && v > 0)) rolledBack.set(k, v);
      signalShare.clear();
      for (const [k, v] of Object.entries(s.signalShare ?? {})) if (Number.isFinite(v) && v >= 0 && v <= 1) signalShare.set(k, v);
      bestEval.clear();
      for (const [k, v] of Object.entries(s.bestEval ?? {}))
        if (Number.isFinite(v?.value) && v.rate > 0 && Number.isFinite(v.rate)) bestEval.set(k, { value: v.value, rate: v.rate });
      explosion.load(typeof s.firstLoss === 'object' && s.firstLoss !== null ? s.firstLoss : {});
      explosion.loadPeaks(typeof s.peakGradNorm === 'object' && s.peakGradNorm !== null ? s.peakGradNorm : {});
    },
  };
}

/** The trial's running mean of `grad_signal` after this signal (undefined while the engine reports none). */
function updateShare(shares: Map<string, number>, signal: Signal): number | undefined {
  const g = signal.metrics.grad_signal;
  const was = shares.get(signal.trialId);
  if (g === undefined || !Number.isFinite(g)) return was;
  const x = Math.min(1, Math.max(0, g));
  const next = was === undefined ? x : was + SIGNAL_SMOOTHING * (x - was);
  shares.set(signal.trialId, next);
  return next;
}
