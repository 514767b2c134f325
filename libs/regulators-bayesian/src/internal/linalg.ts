// Dense linear algebra on row-major Float64Arrays, enough for Gaussian-process regression.

/**
 * In-place lower Cholesky factor of the symmetric matrix `a` (n×n, row-major; only the lower
 * triangle is read). Returns false when a pivot is not positive (the matrix is not numerically
 * positive definite); the upper triangle is zeroed on success.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j] as number;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k] as number;
      d -= v * v;
    }
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j] as number;
      for (let k = 0; k < j; k++) s -= (a[ri + k] as number) * (a[rj + k] as number);
      a[ri + j] = s * inv;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  return true;
}

/** Result of {@link choleskyWithJitter}. */
export interface JitteredCholesky {
  /** Lower factor of `a + jitter·I`. */
  readonly l: Float64Array;
  /** Diagonal term that had to be added (0 when none was needed). */
  readonly jitter: number;
}

/**
 * Cholesky factor with adaptive jitter: tries `a`, then `a + j·I` for j = 1e-10·s, 1e-9·s, …
 * up to 1e-1·s (s = mean diagonal, at least 1e-12), as GPyTorch's `psd_safe_cholesky` does.
 * Never throws: as a last resort the factor of the diagonal alone is returned.
 */
export function choleskyWithJitter(a: Float64Array, n: number): JitteredCholesky {
  const l = new Float64Array(a.length);
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(a[i * n + i] as number);
  scale = Number.isFinite(scale) && scale > 0 ? Math.max(scale / Math.max(1, n), 1e-12) : 1;
  let jitter = 0;
  for (let attempt = 0; attempt < 11; attempt++) {
    l.set(a);
    if (jitter > 0) for (let i = 0; i < n; i++) l[i * n + i] = (l[i * n + i] as number) + jitter;
    if (choleskyInPlace(l, n)) return { l, jitter };
    jitter = jitter === 0 ? 1e-10 * scale : jitter * 10;
  }
  l.fill(0);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i] as number;
    l[i * n + i] = Math.sqrt(Number.isFinite(d) && d > 0 ? d + jitter : scale);
  }
  return { l, jitter };
}

/** Solves L x = b in place (L lower, n×n). */
export function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[ri + k] as number) * (b[k] as number);
    b[i] = s / (l[ri + i] as number);
  }
  return b;
}

/** Solves Lᵀ x = b in place (L lower, n×n). */
export function solveUpperT(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const bi = (b[i] as number) / (l[i * n + i] as number);
    b[i] = bi;
    for (let k = 0; k < i; k++) b[k] = (b[k] as number) - (l[i * n + k] as number) * bi;
  }
  return b;
}

/** (L Lᵀ)⁻¹ from the lower Cholesky factor L, as a full symmetric n×n matrix. */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  // Linv row by row (lower triangular), then K⁻¹ = Linvᵀ Linv.
  const li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const lii = l[ri + i] as number;
    for (let k = 0; k < i; k++) {
      const c = l[ri + k] as number;
      if (c === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) li[ri + j] = (li[ri + j] as number) - c * (li[rk + j] as number);
    }
    for (let j = 0; j < i; j++) li[ri + j] = (li[ri + j] as number) / lii;
    li[ri + i] = 1 / lii;
  }
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const c = li[rk + i] as number;
      if (c === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j] = (inv[ri + j] as number) + c * (li[rk + j] as number);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j] as number;
  return inv;
}
