import * as tf from '@tensorflow/tfjs';
import type { Hyperparameters, OptimizerName } from '../../engine/hyperparameters';
import { ensureFusedAdam, FUSED_ADAM, type FusedAdamAttrs } from '../kernels/fused-adam';
import type { SlotMoment } from '../structure/resize-layer';

/** Optimisers whose state and update run on one flat vector of all parameters (fewer kernel calls). */
const FLAT: ReadonlySet<OptimizerName> = new Set(['adam', 'rmsprop']);

/**
 * The training loop's own optimisers, so every hyperparameter is read at each step (stock tfjs
 * optimisers cache lr/momentum as tensors) and the state is ours to save, copy and free.
 * Update θ ← θ − lr·(d + wd·θ) with d the direction:
 *   sgd d = g; momentum v ← μv + g, d = v; rmsprop s ← ρs + (1−ρ)g², d = g/(√s + ε);
 *   adam (Kingma & Ba 2015, Alg. 1) m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², d = m̂/(√v̂ + ε).
 * Weight decay is decoupled (Loshchilov & Hutter 2019) and applies to kernels (rank ≥ 2) only.
 * Adam and RMSProp keep their state as flat vectors over all parameters: per-op overhead, not
 * arithmetic, dominates a small model's step on wasm, and one flat update is ~40 fewer kernels.
 * On wasm, Adam goes further: the whole update (state, parameters, directions) is one kernel, a
 * SIMD loop over the backend's memory (internal/kernels/fused-adam.ts), bit-identical to the
 * tensor ops, which remain the path on every other backend.
 */
export class TrainingOptimizer {
  readonly slots: tf.Variable[];
  private readonly sizes: number[];
  /** Adam's step counter t (bias correction). */
  t = 0;

  constructor(
    readonly kind: OptimizerName,
    readonly vars: readonly tf.Variable[],
    slots?: tf.Variable[],
  ) {
    this.sizes = vars.map((v) => v.size);
    this.slots = slots ?? TrainingOptimizer.slotShapes(kind, vars).map((shape) => tf.tidy(() => tf.variable(tf.zeros(shape), false)));
  }

  /** Shapes of the state variables an optimiser keeps for these parameters, in order. */
  static slotShapes(kind: OptimizerName, vars: readonly { shape: number[]; size: number }[]): number[][] {
    const total = vars.reduce((n, v) => n + v.size, 0);
    switch (kind) {
      case 'sgd':
        return [];
      case 'momentum':
        return vars.map((v) => [...v.shape]);
      case 'rmsprop':
        return [[total]];
      case 'adam':
        return [[total], [total]];
    }
  }

  /** How each slot scales with the gradient (first or second moment), in slot order. */
  static slotMoments(kind: OptimizerName): SlotMoment[] {
    return { sgd: [], momentum: ['first'], rmsprop: ['second'], adam: ['first', 'second'] }[kind] as SlotMoment[];
  }

  /** The state as plain arrays, one list per slot with one array per parameter (copies). */
  slotArrays(): { moment: SlotMoment; arrays: Float32Array[] }[] {
    const moments = TrainingOptimizer.slotMoments(this.kind);
    if (this.kind === 'momentum') return [{ moment: 'first', arrays: this.slots.map((s) => (s.dataSync() as Float32Array).slice()) }];
    return this.slots.map((slot, i) => {
      const flat = slot.dataSync() as Float32Array;
      let o = 0;
      const arrays = this.sizes.map((n) => flat.slice(o, (o += n)));
      return { moment: moments[i] as SlotMoment, arrays };
    });
  }

  /** An optimiser over `vars` whose state is given per slot and parameter (the inverse of {@link slotArrays}); `t` carries over. */
  static fromArrays(kind: OptimizerName, vars: readonly tf.Variable[], slots: readonly { arrays: readonly Float32Array[] }[], t: number): TrainingOptimizer {
    const variables = TrainingOptimizer.slotShapes(kind, vars).map((shape, i) => {
      const arrays = slots[kind === 'momentum' ? 0 : i]?.arrays ?? [];
      let data: Float32Array;
      if (kind === 'momentum') data = arrays[i] as Float32Array;
      else {
        data = new Float32Array(shape[0] as number);
        let o = 0;
        for (const a of arrays) {
          data.set(a, o);
          o += a.length;
        }
      }
      const tensor = tf.tensor(data, shape);
      const variable = tf.variable(tensor, false);
      tensor.dispose();
      return variable;
    });
    const opt = new TrainingOptimizer(kind, vars, variables);
    opt.t = t;
    return opt;
  }

  /**
   * Applies one update from gradients `gs` (call inside `tf.tidy`). Returns the directions d per
   * variable (unscaled by lr) when `wantDirections`, for the hypergradient `grad_dot`.
   */
  apply(gs: readonly tf.Tensor[], h: Hyperparameters, wantDirections: boolean): tf.Tensor[] | undefined {
    this.t += 1;
    const c1 = 1 - h.beta1 ** this.t;
    const c2 = 1 - h.beta2 ** this.t;
    const k = Math.sqrt(c2) / c1; // m̂/(√v̂+ε) = k · m/(√v + ε√c2)
    if (this.kind === 'adam' && ensureFusedAdam(tf.getBackend(), tf.backend())) return this.fusedAdam(gs, h, k, c2, wantDirections);
    const scale = tf.scalar(this.kind === 'adam' ? h.lr * k : h.lr);
    let dirs: tf.Tensor[] | undefined;
    let updates: tf.Tensor[];
    if (FLAT.has(this.kind)) {
      const g = tf.concat(gs.map((x) => tf.reshape(x, [-1])));
      let d: tf.Tensor;
      if (this.kind === 'adam') {
        const [ms, vs] = this.slots as [tf.Variable, tf.Variable];
        const m = tf.add(tf.mul(ms, h.beta1), tf.mul(g, 1 - h.beta1));
        const v = tf.add(tf.mul(vs, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
        ms.assign(m);
        vs.assign(v);
        d = tf.div(m, tf.add(tf.sqrt(v), h.epsilon * Math.sqrt(c2)));
      } else {
        const [ss] = this.slots as [tf.Variable];
        const s = tf.add(tf.mul(ss, h.rho), tf.mul(tf.square(g), 1 - h.rho));
        ss.assign(s);
        d = tf.div(g, tf.add(tf.sqrt(s), h.epsilon));
      }
      // slices, not tf.split: wasm's SplitV calls the stock Slice, which copies its whole input
      updates = this.pieces(tf.mul(d, scale));
      if (wantDirections) dirs = this.pieces(this.kind === 'adam' ? tf.mul(d, k) : d).map((x, i) => tf.reshape(x, this.vars[i]?.shape as number[]));
    } else {
      const ds = gs.map((g, i) => {
        if (this.kind === 'sgd') return g;
        const slot = this.slots[i] as tf.Variable;
        const v = tf.add(tf.mul(slot, h.momentum), g);
        slot.assign(v);
        return v;
      });
      if (wantDirections) dirs = ds;
      updates = ds.map((d) => tf.mul(d, scale));
    }
    const decay = h.weight_decay > 0 ? tf.scalar(h.lr * h.weight_decay) : undefined;
    this.vars.forEach((w, i) => {
      let u = tf.reshape(updates[i] as tf.Tensor, w.shape);
      if (decay && w.rank >= 2) u = tf.add(u, tf.mul(w, decay));
      w.assign(tf.sub(w, u));
    });
    return dirs;
  }

  /** The same Adam update as {@link apply}'s tensor ops, as one kernel (wasm; see fused-adam.ts). */
  private fusedAdam(gs: readonly tf.Tensor[], h: Hyperparameters, k: number, c2: number, wantDirections: boolean): tf.Tensor[] | undefined {
    const [ms, vs] = this.slots as [tf.Variable, tf.Variable];
    const n = this.vars.length;
    const inputs: Record<string, tf.Tensor> = { m: ms, v: vs };
    gs.forEach((g, i) => (inputs[`g${i}`] = g));
    this.vars.forEach((w, i) => (inputs[`w${i}`] = w));
    const attrs: FusedAdamAttrs = {
      count: n,
      beta1: h.beta1,
      beta2: h.beta2,
      epsHat: h.epsilon * Math.sqrt(c2),
      scale: h.lr * k,
      k,
      decay: h.weight_decay > 0 ? h.lr * h.weight_decay : 0,
      decayMask: this.vars.map((w) => (w.rank >= 2 ? 1 : 0)),
      wantDirections,
    };
    const out = tf.engine().runKernel(FUSED_ADAM, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
    ms.assign(out[0] as tf.Tensor);
    vs.assign(out[1] as tf.Tensor);
    this.vars.forEach((w, i) => w.assign(out[2 + i] as tf.Tensor));
    return wantDirections ? out.slice(2 + n, 2 + 2 * n) : undefined;
  }

  private pieces(flat: tf.Tensor): tf.Tensor[] {
    let offset = 0;
    return this.sizes.map((n) => {
      const piece = tf.slice(flat, [offset], [n]);
      offset += n;
      return piece;
    });
  }

  dispose(): void {
    for (const v of this.slots) v.dispose();
  }
}
