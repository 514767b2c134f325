import type * as tf from '@tensorflow/tfjs';

function flatWeights(model: tf.LayersModel): Float32Array {
  const parts = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The hypergradient's metrics for a stock `fit` with plain SGD, read from the weights after each
 * batch (`observe(model, lr)` with the rate that batch ran at). Batch t moves the weights by
 * dₜ = θₜ − θₜ₋₁ = −αₜ gₜ where gₜ is the gradient at θₜ₋₁, so after batch t `grad_cos` =
 * cos(gₜ, gₜ₋₁) = cos(dₜ, dₜ₋₁) and `grad_dot` = gₜ·gₜ₋₁ = dₜ·dₜ₋₁ ÷ (αₜ αₜ₋₁) — the engine's
 * definitions (each gradient against the update before it). Costs one read of the trainable
 * weights per batch; from the second batch on.
 */
export function createDisplacementCosine(): { start(model: tf.LayersModel): void; observe(model: tf.LayersModel, lr: number): { grad_cos: number; grad_dot: number } | undefined } {
  let before: Float32Array | undefined;
  let last: Float32Array | undefined;
  let lastLr: number | undefined;
  return {
    /** The weights before the first batch. */
    start(model) {
      before = undefined;
      last = flatWeights(model);
      lastLr = undefined;
    },
    observe(model, lr) {
      const now = flatWeights(model);
      let result: { grad_cos: number; grad_dot: number } | undefined;
      if (before && last && lastLr !== undefined && lastLr > 0 && lr > 0) {
        let dot = 0;
        let a2 = 0;
        let b2 = 0;
        for (let i = 0; i < now.length; i++) {
          const a = (now[i] as number) - (last[i] as number);
          const b = (last[i] as number) - (before[i] as number);
          dot += a * b;
          a2 += a * a;
          b2 += b * b;
        }
        const norm = Math.sqrt(a2 * b2);
        result = { grad_cos: norm > 0 ? dot / norm : 0, grad_dot: dot / (lr * lastLr) };
      }
      before = last;
      last = now;
      lastLr = lr;
      return result;
    },
  };
}
