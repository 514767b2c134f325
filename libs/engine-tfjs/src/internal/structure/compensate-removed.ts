import type { ParamArrays } from './resize-layer';

/**
 * Before a shrink of dense layer `li` that feeds a dense layer: folds the removed units'
 * contribution into the kept units' outgoing weights and the next layer's bias, by least squares
 * over sample activations (the linear reconstruction of channel pruning, He, Zhang & Sun 2017,
 * "Channel Pruning for Accelerating Very Deep Neural Networks", eq. 1, here with the kept set fixed).
 *
 * With A the activations [rows, n] of the layer, W the next kernel [n, m], K the kept units and D
 * the removed ones, the removed contribution is R = A_D·W_D. Centred (A_K − μ_K, R − μ_R), ridge
 * regression gives Δ = (A_Kᵀ A_K / rows + λI)⁻¹ A_Kᵀ R / rows with λ = 1e-3 × the mean variance of
 * the kept units; then W_K += Δ and b += μ_R − μ_K·Δ. On these samples, the next layer's input
 * changes by the part of R the kept units cannot express linearly, and its mean is kept exactly.
 * Rewrites `params.weights` of the next kernel (rows of kept units) and bias in place; the removed
 * rows are dropped afterwards by resizeLayer. The optimiser state is left as it is.
 */
export function compensateRemoved(params: ParamArrays, li: number, acts: Float32Array, rows: number, kept: readonly number[]): void {
  const next = params.shapes[2 * li + 2] as number[];
  const [n, m] = next as [number, number];
  const W = params.weights[2 * li + 2] as Float32Array;
  const b = params.weights[2 * li + 3] as Float32Array;
  const keptSet = new Set(kept);
  const removed = [...Array(n).keys()].filter((j) => !keptSet.has(j));
  const k = kept.length;
  if (removed.length === 0 || k === 0 || rows < 2) return;
  // centred kept activations (rows × k) and removed contribution (rows × m), in float64
  const X = new Float64Array(rows * k);
  const Y = new Float64Array(rows * m);
  const muX = new Float64Array(k);
  const muY = new Float64Array(m);
  for (let s = 0; s < rows; s++) {
    const a = s * n;
    for (let q = 0; q < k; q++) X[s * k + q] = acts[a + (kept[q] as number)] as number;
    for (const j of removed) {
      const v = acts[a + j] as number;
      if (v !== 0) for (let o = 0; o < m; o++) Y[s * m + o] = (Y[s * m + o] as number) + v * (W[j * m + o] as number);
    }
  }
  centre(X, rows, k, muX);
  centre(Y, rows, m, muY);
  // C = XᵀX / rows + λI, B = XᵀY / rows
  const C = new Float64Array(k * k);
  const B = new Float64Array(k * m);
  for (let s = 0; s < rows; s++) {
    for (let p = 0; p < k; p++) {
      const xp = X[s * k + p] as number;
      if (xp === 0) continue;
      for (let q = p; q < k; q++) C[p * k + q] = (C[p * k + q] as number) + xp * (X[s * k + q] as number);
      for (let o = 0; o < m; o++) B[p * m + o] = (B[p * m + o] as number) + xp * (Y[s * m + o] as number);
    }
  }
  let trace = 0;
  for (let p = 0; p < k; p++) trace += C[p * k + p] as number;
  const lambda = (1e-3 * trace) / (k * rows) + 1e-12;
  for (let p = 0; p < k; p++) {
    for (let q = p; q < k; q++) {
      const v = (C[p * k + q] as number) / rows;
      C[p * k + q] = v;
      C[q * k + p] = v;
    }
    C[p * k + p] = (C[p * k + p] as number) + lambda;
  }
  for (let i = 0; i < k * m; i++) B[i] = (B[i] as number) / rows;
  const delta = choleskySolve(C, B, k, m);
  for (let q = 0; q < k; q++) {
    const row = (kept[q] as number) * m;
    for (let o = 0; o < m; o++) W[row + o] = (W[row + o] as number) + (delta[q * m + o] as number);
  }
  for (let o = 0; o < m; o++) {
    let shift = muY[o] as number;
    for (let q = 0; q < k; q++) shift -= (muX[q] as number) * (delta[q * m + o] as number);
    b[o] = (b[o] as number) + shift;
  }
}

/** Subtracts each column's mean from a row-major [rows, cols] matrix; the means go to `mu`. */
function centre(M: Float64Array, rows: number, cols: number, mu: Float64Array): void {
  for (let s = 0; s < rows; s++) for (let c = 0; c < cols; c++) mu[c] = (mu[c] as number) + (M[s * cols + c] as number) / rows;
  for (let s = 0; s < rows; s++) for (let c = 0; c < cols; c++) M[s * cols + c] = (M[s * cols + c] as number) - (mu[c] as number);
}

/** Solves C·X = B for a symmetric positive-definite C [k, k] and B [k, m] (Cholesky); returns X. */
function choleskySolve(C: Float64Array, B: Float64Array, k: number, m: number): Float64Array {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = C[i * k + j] as number;
      for (let t = 0; t < j; t++) sum -= (L[i * k + t] as number) * (L[j * k + t] as number);
      L[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / (L[j * k + j] as number);
    }
  }
  const X = Float64Array.from(B);
  for (let o = 0; o < m; o++) {
    for (let i = 0; i < k; i++) {
      let sum = X[i * m + o] as number;
      for (let t = 0; t < i; t++) sum -= (L[i * k + t] as number) * (X[t * m + o] as number);
      X[i * m + o] = sum / (L[i * k + i] as number);
    }
    for (let i = k - 1; i >= 0; i--) {
      let sum = X[i * m + o] as number;
      for (let t = i + 1; t < k; t++) sum -= (L[t * k + i] as number) * (X[t * m + o] as number);
      X[i * m + o] = sum / (L[i * k + i] as number);
    }
  }
  return X;
}
