// Small dense linear algebra on row-major number arrays (d ≤ a few dozen): enough for ridge
// statistics of linear bandits, without a dependency.

/** d×d identity × scale, row-major. */
export function identity(d: number, scale = 1): number[] {
  const out = new Array<number>(d * d).fill(0);
  for (let i = 0; i < d; i++) out[i * d + i] = scale;
  return out;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** M x for a row-major d×d M. */
export function matVec(m: readonly number[], x: readonly number[]): number[] {
  const d = x.length;
  const out = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (m[i * d + j] as number) * (x[j] as number);
    out[i] = s;
  }
  return out;
}

/**
 * Sherman–Morrison: (A + x xᵀ)⁻¹ from A⁻¹, in place. A⁻¹ stays symmetric positive definite.
 */
export function shermanMorrison(inv: number[], x: readonly number[]): void {
  const d = x.length;
  const u = matVec(inv, x);
  const denom = 1 + dot(x, u);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) inv[i * d + j] = (inv[i * d + j] as number) - ((u[i] as number) * (u[j] as number)) / denom;
  }
}

/** Lower Cholesky factor of a symmetric positive (semi)definite matrix, with jitter for safety. */
export function cholesky(m: readonly number[], d: number): number[] {
  const l = new Array<number>(d * d).fill(0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * d + k] as number) * (l[j * d + k] as number);
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * d + j] = s / (l[j * d + j] as number);
    }
  }
  return l;
}
