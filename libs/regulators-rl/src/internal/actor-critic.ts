import { createRng, invalidArgument, type Rng, type Seed } from '@epigenome/core';
import type { ActionSpace } from '../actions';
import type { Learner, Transition } from './learner';

/** Settings of {@link createActorCritic}. */
export interface ActorCriticSettings {
  readonly dim: number;
  readonly actions: ActionSpace;
  /** Hidden tanh units shared by the policy heads; 0 = linear policy. */
  readonly hidden: number;
  readonly actorRate: number;
  readonly criticRate: number;
  readonly discount: number;
  readonly entropy: number;
  /** Seed of the initial weights. */
  readonly initSeed: Seed;
}

/** Learned state: policy heads (and hidden layer), critic weights, episodes seen. */
export interface ActorCriticState {
  readonly dim: number;
  readonly hidden: number;
  /** hidden × dim, row-major (empty for a linear policy). */
  readonly w1: readonly number[];
  /** Per hyperparameter: actions × features (features = hidden or dim), row-major. */
  readonly heads: Readonly<Record<string, readonly number[]>>;
  /** Linear critic over the raw state. */
  readonly critic: readonly number[];
  readonly updates: number;
}

const TD_CLIP = 2;
/** Inverse temperature of a prior policy: logits = 4 × the prior's expected rewards. */
const PRIOR_GAIN = 4;

/**
 * One-step actor-critic with a softmax policy per hyperparameter over its actions and a linear
 * state-value critic (Sutton & Barto 2018, "Reinforcement Learning: An Introduction", 2nd ed.,
 * §13.5, "One-step Actor–Critic (episodic)"): δ = r + γ V(s′) − V(s) (V(s′) = 0 at the end of a
 * trial), w ← w + α_w δ ∇V(s), θ ← θ + α_θ δ ∇ log π(a|s), plus an entropy bonus
 * (Williams & Peng 1991) that keeps the policy exploring. Infeasible actions are masked out of
 * the softmax. The policy is linear in the state or a one-hidden-layer tanh MLP.
 */
export function createActorCritic(s: ActorCriticSettings): Learner {
  const width = s.hidden > 0 ? s.hidden : s.dim;
  const init = (): ActorCriticState => {
    const rng = createRng(s.initSeed).split('actor-critic:init');
    const w1 = s.hidden > 0 ? Array.from({ length: s.hidden * s.dim }, () => rng.normal(0, 1 / Math.sqrt(s.dim))) : [];
    const heads: Record<string, number[]> = {};
    for (const [p, set] of Object.entries(s.actions)) heads[p] = new Array<number>(set.values.length * width).fill(0);
    return { dim: s.dim, hidden: s.hidden, w1, heads, critic: new Array<number>(s.dim).fill(0), updates: 0 };
  };
  let st = init() as { dim: number; hidden: number; w1: number[]; heads: Record<string, number[]>; critic: number[]; updates: number };

  const features = (x: readonly number[]): number[] => {
    if (s.hidden === 0) return [...x];
    const h = new Array<number>(s.hidden);
    for (let k = 0; k < s.hidden; k++) {
      let v = 0;
      for (let j = 0; j < s.dim; j++) v += (st.w1[k * s.dim + j] as number) * (x[j] as number);
      h[k] = Math.tanh(v);
    }
    return h;
  };

  const policy = (phi: readonly number[], param: string, mask: readonly boolean[]): number[] => {
    const w = st.heads[param] as number[];
    const n = mask.length;
    const logits = new Array<number>(n).fill(-Infinity);
    let max = -Infinity;
    for (let a = 0; a < n; a++) {
      if (!mask[a]) continue;
      let v = 0;
      for (let k = 0; k < width; k++) v += (w[a * width + k] as number) * (phi[k] as number);
      logits[a] = v;
      if (v > max) max = v;
    }
    const p = logits.map((l) => (l === -Infinity ? 0 : Math.exp(l - max)));
    const z = p.reduce((a, b) => a + b, 0);
    return p.map((v) => v / z);
  };

  const value = (x: readonly number[]): number => x.reduce((acc, v, i) => acc + v * (st.critic[i] as number), 0);

  return {
    choose(x, param, mask, rng: Rng) {
      const pi = policy(features(x), param, mask);
      let u = rng.next();
      for (let a = 0; a < pi.length; a++) {
        u -= pi[a] as number;
        if (u < 0 && mask[a]) return a;
      }
      return pi.reduce((best, v, a) => (v > (pi[best] as number) ? a : best), 0);
    },
    learn(t: Transition) {
      const target = t.reward + (t.next ? s.discount * value(t.next) : 0);
      const delta = Math.min(TD_CLIP, Math.max(-TD_CLIP, target - value(t.x)));
      for (let i = 0; i < s.dim; i++) st.critic[i] = (st.critic[i] as number) + s.criticRate * delta * (t.x[i] as number);
      const phi = features(t.x);
      const dphi = new Array<number>(width).fill(0);
      for (const [param, a] of Object.entries(t.actions)) {
        const mask = t.masks[param] as readonly boolean[];
        const pi = policy(phi, param, mask);
        let entropy = 0;
        for (const p of pi) if (p > 0) entropy -= p * Math.log(p);
        const w = st.heads[param] as number[];
        for (let b = 0; b < pi.length; b++) {
          if (!mask[b]) continue;
          const p = pi[b] as number;
          // ∂ log π(a)/∂z_b = 1[a=b] − π_b ; ∂H/∂z_b = −π_b (log π_b + H)
          const g = delta * ((b === a ? 1 : 0) - p) + s.entropy * (p > 0 ? -p * (Math.log(p) + entropy) : 0);
          for (let k = 0; k < width; k++) {
            dphi[k] = (dphi[k] as number) + g * (w[b * width + k] as number);
            w[b * width + k] = (w[b * width + k] as number) + s.actorRate * g * (phi[k] as number);
          }
        }
      }
      if (s.hidden > 0) {
        for (let k = 0; k < s.hidden; k++) {
          const gk = (dphi[k] as number) * (1 - (phi[k] as number) ** 2);
          for (let j = 0; j < s.dim; j++) st.w1[k * s.dim + j] = (st.w1[k * s.dim + j] as number) + s.actorRate * gk * (t.x[j] as number);
        }
      }
      st.updates += 1;
    },
    setPrior(weights, field) {
      if (s.hidden !== 0) throw invalidArgument(field, 'hypergradient', '"none" with a hidden layer (the prior sets a linear policy: hidden 0)');
      for (const [p, head] of Object.entries(st.heads)) {
        const w = weights[p];
        const n = head.length / width;
        if (!w || w.length !== n || w.some((v) => v.length !== width)) throw invalidArgument(`${field}.${p}`, w, `${n} weight vectors of ${width}`);
        for (let a = 0; a < n; a++) for (let k = 0; k < width; k++) head[a * width + k] = PRIOR_GAIN * ((w[a] as number[])[k] as number);
      }
    },
    snapshot: (): ActorCriticState => JSON.parse(JSON.stringify(st)),
    restore(state, field) {
      const x = state as Partial<ActorCriticState> | null;
      if (typeof x !== 'object' || x === null) throw invalidArgument(field, x, 'an actor-critic state');
      if (x.dim !== s.dim) throw invalidArgument(`${field}.dim`, x.dim, String(s.dim));
      if (x.hidden !== s.hidden) throw invalidArgument(`${field}.hidden`, x.hidden, `${s.hidden} (the policy's hidden units)`);
      const finite = (a: unknown, n: number): a is number[] => Array.isArray(a) && a.length === n && a.every((v) => typeof v === 'number' && Number.isFinite(v));
      if (!finite(x.w1, s.hidden * s.dim)) throw invalidArgument(`${field}.w1`, x.w1, `${s.hidden * s.dim} finite numbers`);
      if (!finite(x.critic, s.dim)) throw invalidArgument(`${field}.critic`, x.critic, `${s.dim} finite numbers`);
      const heads: Record<string, number[]> = {};
      for (const [p, set] of Object.entries(s.actions)) {
        const h = x.heads?.[p];
        if (!finite(h, set.values.length * width)) throw invalidArgument(`${field}.heads.${p}`, h, `${set.values.length * width} finite numbers`);
        heads[p] = [...h];
      }
      st = { dim: s.dim, hidden: s.hidden, w1: [...x.w1], heads, critic: [...x.critic], updates: typeof x.updates === 'number' ? x.updates : 0 };
    },
  };
}
