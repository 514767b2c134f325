/**
 * Eigendecomposition of a real symmetric matrix by cyclic Jacobi rotations.
 * Returns eigenvalues `values` and eigenvectors as the columns of `vectors` (row-major n×n),
 * so that A = V diag(values) Vᵀ. Accurate to machine precision for the sizes CMA-ES uses here
 * (n ≲ 100); O(n³) per sweep, a handful of sweeps.
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      const mi = m[i] as number[];
      diag += (mi[i] as number) ** 2;
      for (let j = i + 1; j < n; j++) off += (mi[j] as number) ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const mp = m[p] as number[];
        const mq = m[q] as number[];
        const apq = mp[q] as number;
        if (apq === 0) continue;
        const app = mp[p] as number;
        const aqq = mq[q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mk = m[k] as number[];
          const akp = mk[p] as number;
          const akq = mk[q] as number;
          mk[p] = c * akp - s * akq;
          mk[q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = mp[k] as number;
          const aqk = mq[k] as number;
          mp[k] = c * apk - s * aqk;
          mq[k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vk = v[k] as number[];
          const vkp = vk[p] as number;
          const vkq = vk[q] as number;
          vk[p] = c * vkp - s * vkq;
          vk[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((row, i) => row[i] as number), vectors: v };
}
