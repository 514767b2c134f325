import { describeValue, invalidArgument, type Signal } from '@epigenome/core';
import type { RewardInput } from '../controller-options';
import type { ResolvedControllerOptions } from './resolve-controller-options';
import { targetAt } from './target-cos';
import type { Pending, TrialMemory } from './trial-memory';

/** How a learned controller measures and rewards its decisions. */
export interface Rewards {
  /** The loss the next decision's reward will be compared against, if any. */
  referenceOf(signal: Signal, m: TrialMemory): { metric: 'val_loss' | 'loss'; value: number } | undefined;
  /** The (custom or log-ratio) reward of a loss change, clipped to [−1, 1]. */
  rewardOf(input: RewardInput): number;
  /** The interval's mean hypergradient cosine: `slice_cos` when the engine reports it, else `grad_cos`. */
  hypergradientCos(m: TrialMemory): number | undefined;
  /** The first-order reward of a pending decision given the interval's cosine and `budget_used`. */
  hypergradientReward(p: Pending, cos: number, used: number): number;
}

/** The rewards of a controller with options `o`. */
export function createRewards(o: ResolvedControllerOptions): Rewards {
  return {
    // The training-loss reference is the mean loss over the interval since the last decision: the
    // interval the pending action governed. An EMA would lag into the next interval and credit
    // each action with its predecessor's effect.
    referenceOf(signal, m) {
      const wantVal = o.rewardMetric === 'val_loss' || (o.rewardMetric === 'auto' && o.every === 'eval');
      if (wantVal) {
        const v = signal.kind === 'eval' ? signal.metrics.val_loss : signal.features.val_loss_ema;
        if (v !== undefined && Number.isFinite(v)) return { metric: 'val_loss', value: v };
      }
      const l = m.lossCount > 0 ? m.lossSum / m.lossCount : (signal.features.loss_ema ?? signal.metrics.loss);
      return l !== undefined && Number.isFinite(l) ? { metric: 'loss', value: l } : undefined;
    },

    rewardOf(input) {
      let r: number;
      if (o.reward) {
        r = o.reward(input);
        if (typeof r !== 'number' || !Number.isFinite(r)) {
          throw invalidArgument(`${o.name}.reward`, r, `a finite number (returned for ${input.metric} ${describeValue(input.previous)} → ${describeValue(input.current)})`);
        }
      } else if (input.previous > 0 && input.current > 0) r = Math.log(input.previous / input.current) / (o.rewardScale * input.intervals);
      // log-ratio needs positive losses; otherwise the relative improvement
      else r = (input.previous - input.current) / Math.max(Math.abs(input.previous), 1e-12) / (o.rewardScale * input.intervals);
      return Math.min(1, Math.max(-1, r));
    },

    hypergradientCos: (m) => (m.sliceCount > 0 ? m.sliceSum / m.sliceCount : m.cosCount > 0 ? m.cosSum / m.cosCount : undefined),

    /**
     * First-order estimate of the improvement an action brought: the loss changes by
     * ∂L/∂log α · Δlog α and the normalised hypergradient says −∂L/∂log α ∝ cos − target, so a
     * rise is rewarded while the rate is still too small after it, and a cut while it was too large.
     */
    hypergradientReward(p, cos, used) {
      const target = targetAt(o.targetCos, used);
      let r = 0;
      for (const param of o.rollbackParams) {
        const aset = o.actions[param];
        const i = p.actions[param];
        if (aset?.kind !== 'factor' || i === undefined) continue;
        r += Math.log2(aset.values[i] as number) * (cos - target);
      }
      return Math.min(1, Math.max(-1, r / o.rewardScale));
    },
  };
}
