import type { ResolvedControllerOptions } from './resolve-controller-options';

/**
 * The first-order model of the hypergradient reward as per-action weights over the state: the
 * reward of factor a is log₂(a) × (cos − target(budget_used)) ÷ rewardScale, the next interval's
 * cos predicted by this one's (the `slice_cos` feature, else `grad_cos`; tanh(4c) ≈ 4c), the
 * target linear in `budget_used`. Only the rate hyperparameters (`rollback.params`) get one.
 */
export function hypergradientPrior(o: ResolvedControllerOptions): Record<string, number[][]> {
  const cosineGain = o.state?.cosineGain ?? 4;
  const cos = o.features.includes('slice_cos') ? 'slice_cos' : 'grad_cos';
  // the step the prior prefers, log₂ a* = (cos − target) × reach: the hypergradient rule's
  // α(1 + β(cos − target))ⁿ with β = PRIOR_BETA over a decision's n steps (1 at evaluations)
  const reach = ((o.every === 'eval' ? 1 : o.every) * PRIOR_BETA) / Math.LN2;
  const out: Record<string, number[][]> = {};
  for (const p of o.params) {
    const set = o.actions[p]!;
    out[p] = set.values.map((v) => {
      if (set.kind !== 'factor' || !o.rollbackParams.includes(p)) return o.features.map(() => 0);
      const l = Math.log2(v);
      // r̂ = l (cos − target) − l² ÷ (2 reach): largest at the rule's own step
      return o.features.map(
        (f) =>
          (f === 'bias' ? -l * o.targetCos.start - (l * l) / (2 * reach) : f === cos ? l / cosineGain : f === 'budget_used' ? -l * (o.targetCos.end - o.targetCos.start) : 0) /
          o.rewardScale,
      );
    });
  }
  return out;
}

/** β of the hypergradient rule a `prior: 'hypergradient'` controller starts out imitating. */
const PRIOR_BETA = 0.08;
