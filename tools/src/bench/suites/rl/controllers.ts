// The rl suite's settings and its controllers as the benchmark configures them.
import { float, type Regulator } from '@epigenome/core';
import { createBandit, createHypergradient, createPolicyGradient } from '@epigenome/regulators-rl';
import { SLICE_HYPERGRADIENT, TARGET_COS } from './slice-hypergradient';

export const MODEL = { kind: 'mlp', hidden: [128, 64] } as const;
export const OPTIMIZER = 'sgd';
export const BATCH = 64;
export const space = { lr: float(1e-4, 10, { log: true }) };
export const GRID = [0.01, 0.03, 0.1, 0.3, 1, 3];
/** Starts of the hypergradient's spread runs: two orders of magnitude. */
export const SPREAD = [0.01, 0.03, 0.1, 0.3, 1];
export const EVERY = 10;
/** A step loss above 1.5 × the trial's first loss (≈ ln 10 at initialisation) is a blow-up: roll back. */
export const EXPLOSION = 1.5;
/** Concurrent trials on the 2-worker engine (3 hides the message round trips). */
export const CONCURRENCY = 3;

export type Controller = 'hypergradient' | 'bandit' | 'policy';
export const CONTROLLERS: readonly Controller[] = ['hypergradient', 'bandit', 'policy'];

/** The hypergradient as the benchmark runs it (see ./rl/slice-hypergradient.ts). */
export const HYPERGRADIENT = { ...SLICE_HYPERGRADIENT, explosionFactor: EXPLOSION } as const;

/**
 * The learned controllers as the benchmark runs them: rewarded by the hypergradient estimate,
 * cosines seen unsquashed (gain 1), starting from that reward's first-order model (the prior).
 * The `_plain` variants start knowing nothing, with the library's default learner settings: the
 * lifelong comparison is made for both.
 */
export const LEARNED = { rewardMetric: 'hypergradient', state: { cosineGain: 1 }, explosionFactor: EXPLOSION } as const;
export const BANDIT = { every: { steps: EVERY }, algorithm: 'thompson', exploration: 0.2, ...LEARNED, prior: 'hypergradient' } as const;
export const POLICY = { every: { steps: EVERY }, hidden: 0, actorRate: 0.3, ...LEARNED, prior: 'hypergradient' } as const;
/** Without the prior: the library's defaults (LinUCB α 0.5; actor rate 0.1; state gain 4), linear policy. */
export const BANDIT_PLAIN = { every: { steps: EVERY }, rewardMetric: 'hypergradient', explosionFactor: EXPLOSION } as const;
export const POLICY_PLAIN = { every: { steps: EVERY }, hidden: 0, rewardMetric: 'hypergradient', explosionFactor: EXPLOSION } as const;

export type Learned = 'bandit' | 'policy' | 'bandit_plain' | 'policy_plain';
export const LEARNED_KINDS: readonly Learned[] = ['bandit', 'policy', 'bandit_plain', 'policy_plain'];

/** The controllers as the benchmark configures them (documented in the JSON's `controllers`). */
export function make(kind: Controller | Learned, seed: number): Regulator {
  if (kind === 'hypergradient') return createHypergradient(HYPERGRADIENT);
  if (kind === 'bandit') return createBandit({ seed, ...BANDIT });
  if (kind === 'bandit_plain') return createBandit({ seed, ...BANDIT_PLAIN });
  if (kind === 'policy') return createPolicyGradient({ seed, ...POLICY });
  return createPolicyGradient({ seed, ...POLICY_PLAIN });
}
export const CONTROLLER_SETTINGS = {
  hypergradient: { rule: 'multiplicative', ...HYPERGRADIENT },
  bandit: { ...BANDIT, targetCos: TARGET_COS },
  policy: { ...POLICY, targetCos: TARGET_COS },
  bandit_plain: { algorithm: 'linucb', exploration: 0.5, ...BANDIT_PLAIN, targetCos: TARGET_COS, prior: 'none' },
  policy_plain: { actorRate: 0.1, ...POLICY_PLAIN, targetCos: TARGET_COS, prior: 'none' },
};
