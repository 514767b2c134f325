import { checkInteger, checkNumber, invalidArgument, type Regulator } from '@epigenome/core';
import type { ControllerOptions } from './controller-options';
import { createActorCritic } from './internal/actor-critic';
import { createController } from './internal/controller';
import { resolveControllerOptions } from './internal/resolve-controller-options';

/** Options only the policy gradient takes (beside `ControllerOptions`). */
const POLICY_GRADIENT_OPTION_KEYS = ['hidden', 'actorRate', 'criticRate', 'discount', 'entropy', 'initSeed'] as const;

/** Options of {@link createPolicyGradient}. */
export interface PolicyGradientOptions extends ControllerOptions {
  /** Hidden tanh units of the policy (shared by the per-hyperparameter heads); 0 = linear policy. Integer in [0, 256]. Default 16. */
  readonly hidden?: number;
  /** Actor step size α_θ > 0. Default 0.1. */
  readonly actorRate?: number;
  /** Critic step size α_w > 0. Default 0.05. */
  readonly criticRate?: number;
  /** Discount γ per decision, in [0, 1]. Default 0.9. */
  readonly discount?: number;
  /** Entropy bonus weight ≥ 0 (keeps the policy exploring). Default 0.01. */
  readonly entropy?: number;
  /** Seed of the initial policy weights (and of sampling when `seed` is not given). Default 0. */
  readonly initSeed?: number | string;
}

/** A policy-gradient controller: a `Regulator` whose learned state is the policy and critic. */
export type PolicyGradientRegulator = Regulator & { readonly kind: 'policy-gradient' };

/**
 * An actor-critic controller over the same state and actions as {@link createBandit}: a softmax
 * policy per controlled hyperparameter (linear, or a small tanh MLP with `hidden` units), a
 * linear critic, one-step TD updates (Sutton & Barto 2018, §13.5), in pure TypeScript. Each
 * trial is an episode; the policy is shared by every trial of the regulome and carried across
 * experiments by `knowledge()` / `learn()` (a memory mark); `snapshot()` / `restore()` add every
 * pending decision, for a resume. Sampling is seedable (`seed`).
 * Divergence rewards the last decision −`divergencePenalty` and triggers a rollback.
 *
 * @example createPolicyGradient({ every: 20, hidden: 16, seed: 1 })
 */
export function createPolicyGradient(options: PolicyGradientOptions = {}): PolicyGradientRegulator {
  const field = 'options';
  const o = resolveControllerOptions(options, 'policy-gradient', POLICY_GRADIENT_OPTION_KEYS);
  if (options.rewardHorizon !== undefined && options.rewardHorizon !== 1)
    throw invalidArgument(`${field}.rewardHorizon`, options.rewardHorizon, '1 or absent (the critic looks ahead)');
  if (options.initSeed !== undefined && typeof options.initSeed !== 'string' && !Number.isFinite(options.initSeed))
    throw invalidArgument(`${field}.initSeed`, options.initSeed, 'a finite number or a string');
  const learner = createActorCritic({
    dim: o.features.length,
    actions: o.actions,
    hidden: checkInteger(`${field}.hidden`, options.hidden, 16, 0, 256),
    actorRate: checkNumber(`${field}.actorRate`, options.actorRate, 0.1, { min: 0, minOpen: true }),
    criticRate: checkNumber(`${field}.criticRate`, options.criticRate, 0.05, { min: 0, minOpen: true }),
    discount: checkNumber(`${field}.discount`, options.discount, 0.9, { min: 0, max: 1 }),
    entropy: checkNumber(`${field}.entropy`, options.entropy, 0.01, { min: 0 }),
    initSeed: options.initSeed ?? 0,
  });
  return createController(o, 'policy-gradient', learner) as PolicyGradientRegulator;
}
