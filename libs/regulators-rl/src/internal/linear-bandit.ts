import { invalidArgument, type Rng } from '@epigenome/core';
import type { ActionSpace } from '../actions';
import type { Learner, Transition } from './learner';
import { cholesky, dot, identity, matVec, shermanMorrison } from './linear-algebra';

interface Arm {
  /** (λI + Σ x xᵀ)⁻¹, row-major. */
  inv: number[];
  /** Σ r x. */
  b: number[];
  /** Times pulled. */
  n: number;
}

/** Learned state of a linear bandit: per hyperparameter, per action, ridge statistics. */
export interface LinearBanditState {
  readonly algorithm: 'linucb' | 'thompson';
  readonly dim: number;
  readonly arms: Readonly<Record<string, readonly Arm[]>>;
  /** Shared ridge model of the reward over all actions; arms model the residual (advantage). */
  readonly baseline: Arm;
}

/** Settings of {@link createLinearBandit}. */
export interface LinearBanditSettings {
  readonly algorithm: 'linucb' | 'thompson';
  readonly dim: number;
  readonly actions: ActionSpace;
  /** Ridge λ: the prior precision of each arm's weights. */
  readonly ridge: number;
  /** LinUCB's α, or Thompson's posterior scale v. */
  readonly exploration: number;
  /**
   * Learn a shared level of the reward and per-action advantages over it (default), or each
   * action's reward itself (`false`: when a prior models each action's reward, see `setPrior`).
   */
  readonly baseline?: boolean;
}

/**
 * Disjoint linear bandits, one per hyperparameter, each arm with its own ridge regression
 * (Li et al. 2010, "A Contextual-Bandit Approach to Personalized News Article Recommendation",
 * Algorithm 1). LinUCB scores θ̂ₐ·x + α √(xᵀAₐ⁻¹x); Thompson sampling draws θ̃ₐ ~ N(θ̂ₐ, v²Aₐ⁻¹)
 * and scores θ̃ₐ·x (Agrawal & Goyal 2013, "Thompson Sampling for Contextual Bandits with Linear
 * Payoffs", Algorithm 1, here per arm). Ties break uniformly at random.
 */
export function createLinearBandit(s: LinearBanditSettings): Learner & { state(): LinearBanditState } {
  const fresh = (): Record<string, Arm[]> => {
    const out: Record<string, Arm[]> = {};
    for (const [p, set] of Object.entries(s.actions)) out[p] = set.values.map(() => ({ inv: identity(s.dim, 1 / s.ridge), b: new Array<number>(s.dim).fill(0), n: 0 }));
    return out;
  };
  let arms = fresh();
  const freshBaseline = (): Arm => ({ inv: identity(s.dim, 1 / s.ridge), b: new Array<number>(s.dim).fill(0), n: 0 });
  let baseline = freshBaseline();

  const score = (arm: Arm, x: readonly number[], rng: Rng): number => {
    const theta = matVec(arm.inv, arm.b);
    if (s.algorithm === 'linucb') {
      const width = Math.sqrt(Math.max(0, dot(x, matVec(arm.inv, x))));
      return dot(theta, x) + s.exploration * width;
    }
    const l = cholesky(arm.inv, s.dim);
    const z = Array.from({ length: s.dim }, () => rng.normal());
    let v = dot(theta, x);
    for (let i = 0; i < s.dim; i++) {
      let row = 0;
      for (let j = 0; j <= i; j++) row += (l[i * s.dim + j] as number) * (z[j] as number);
      v += s.exploration * row * (x[i] as number);
    }
    return v;
  };

  return {
    choose(x, param, mask, rng) {
      const list = arms[param] as Arm[];
      let best = -Infinity;
      let ties: number[] = [];
      list.forEach((arm, i) => {
        if (!mask[i]) return;
        const v = score(arm, x, rng);
        if (v > best + 1e-12) {
          best = v;
          ties = [i];
        } else if (Math.abs(v - best) <= 1e-12) ties.push(i);
      });
      return ties.length === 1 ? (ties[0] as number) : rng.pick(ties);
    },
    learn(t: Transition) {
      // The reward's state-dependent level (fast progress early in training, whatever the action)
      // is learned once, across actions; each action learns only its advantage over it — the
      // shared/disjoint split of Li et al. 2010's hybrid model, in two stages.
      const level = s.baseline === false ? 0 : dot(matVec(baseline.inv, baseline.b), t.x);
      const advantage = t.reward - level;
      shermanMorrison(baseline.inv, t.x);
      for (let k = 0; k < s.dim; k++) baseline.b[k] = (baseline.b[k] as number) + t.reward * (t.x[k] as number);
      baseline.n += 1;
      for (const [p, i] of Object.entries(t.actions)) {
        const arm = (arms[p] as Arm[])[i] as Arm;
        shermanMorrison(arm.inv, t.x);
        for (let k = 0; k < s.dim; k++) arm.b[k] = (arm.b[k] as number) + advantage * (t.x[k] as number);
        arm.n += 1;
      }
    },
    setPrior(weights, field) {
      // prior mean w: b = λ w makes the ridge estimate A⁻¹ b = w before any data
      for (const [p, list] of Object.entries(arms)) {
        const w = weights[p];
        if (!w || w.length !== list.length || w.some((v) => v.length !== s.dim)) throw invalidArgument(`${field}.${p}`, w, `${list.length} weight vectors of ${s.dim}`);
        list.forEach((arm, i) => {
          arm.b = (w[i] as number[]).map((v) => v * s.ridge);
        });
      }
    },
    state: () => ({ algorithm: s.algorithm, dim: s.dim, arms, baseline }),
    snapshot: (): LinearBanditState => JSON.parse(JSON.stringify({ algorithm: s.algorithm, dim: s.dim, arms, baseline })),
    restore(state, field) {
      const st = state as Partial<LinearBanditState> | null;
      if (typeof st !== 'object' || st === null) throw invalidArgument(field, st, 'a linear bandit state');
      if (st.algorithm !== s.algorithm) throw invalidArgument(`${field}.algorithm`, st.algorithm, `"${s.algorithm}"`);
      if (st.dim !== s.dim) throw invalidArgument(`${field}.dim`, st.dim, String(s.dim));
      const checkArm = (a: Arm | undefined, where: string): Arm => {
        const ok =
          a &&
          Array.isArray(a.inv) &&
          a.inv.length === s.dim * s.dim &&
          Array.isArray(a.b) &&
          a.b.length === s.dim &&
          [...a.inv, ...a.b].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
          Number.isInteger(a.n) &&
          a.n >= 0;
        if (!ok) throw invalidArgument(where, a, `{ inv: ${s.dim}×${s.dim} finite numbers, b: ${s.dim} finite numbers, n: integer ≥ 0 }`);
        return { inv: [...a.inv], b: [...a.b], n: a.n };
      };
      const next = fresh();
      for (const [p, list] of Object.entries(next)) {
        const saved = st.arms?.[p];
        if (!Array.isArray(saved) || saved.length !== list.length) throw invalidArgument(`${field}.arms.${p}`, saved, `${list.length} arms`);
        saved.forEach((a, i) => {
          list[i] = checkArm(a, `${field}.arms.${p}[${i}]`);
        });
      }
      const nextBaseline = checkArm(st.baseline, `${field}.baseline`);
      arms = next;
      baseline = nextBaseline;
    },
  };
}
