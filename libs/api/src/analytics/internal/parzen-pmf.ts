import { sortedQuantile } from './sorted-quantile';

/** Weight of the prior component, in observations (one pseudo-trial), as in TPE's `prior_weight`. */
const PRIOR_WEIGHT = 1;
/** Smallest kernel width, in cells: about 80 % of a kernel's mass stays in its own cell. */
const MIN_SIGMA = 0.5;

function gaussianKernel(cells: number, mu: number, sigma: number): Float64Array {
  const k = new Float64Array(cells);
  let sum = 0;
  for (let j = 0; j < cells; j++) {
    const z = (j - mu) / sigma;
    k[j] = Math.exp(-0.5 * z * z);
    sum += k[j] as number;
  }
  for (let j = 0; j < cells; j++) k[j] = (k[j] as number) / sum;
  return k;
}

/**
 * Probability mass over the cells of an ordered (numeric) axis, from per-cell counts: a Parzen
 * estimator of discrete Gaussian kernels truncated to the grid, one per observation, with the
 * bandwidth of Scott's rule (σ = 1.059 · min(sd, IQR / 1.34) · n^(−1/5), in cells, at least
 * {@link MIN_SIGMA}), plus one broad prior kernel (centre of the axis, σ = the axis' length) of
 * weight {@link PRIOR_WEIGHT} so no cell has zero mass.
 */
export function numericPmf(counts: ArrayLike<number>): Float64Array {
  const cells = counts.length;
  let n = 0;
  let mean = 0;
  for (let j = 0; j < cells; j++) {
    n += counts[j] as number;
    mean += j * (counts[j] as number);
  }
  mean /= n;
  let ss = 0;
  const expanded: number[] = [];
  for (let j = 0; j < cells; j++) {
    const c = counts[j] as number;
    ss += c * (j - mean) ** 2;
    for (let i = 0; i < c; i++) expanded.push(j);
  }
  const sd = Math.sqrt(ss / Math.max(1, n - 1));
  const iqr = sortedQuantile(expanded, 0.75) - sortedQuantile(expanded, 0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  const sigma = Math.max(MIN_SIGMA, 1.059 * spread * n ** -0.2);
  const pmf = gaussianKernel(cells, (cells - 1) / 2, cells);
  for (let j = 0; j < cells; j++) pmf[j] = (pmf[j] as number) * PRIOR_WEIGHT;
  for (let c = 0; c < cells; c++) {
    const w = counts[c] as number;
    if (w === 0) continue;
    const k = gaussianKernel(cells, c, sigma);
    for (let j = 0; j < cells; j++) pmf[j] = (pmf[j] as number) + w * (k[j] as number);
  }
  for (let j = 0; j < cells; j++) pmf[j] = (pmf[j] as number) / (n + PRIOR_WEIGHT);
  return pmf;
}

/**
 * Probability mass over the values of a categorical: each observation's kernel is the indicator of
 * its own value (no order, so no neighbour gets mass), mixed with a uniform prior of weight
 * {@link PRIOR_WEIGHT} — the Aitchison–Aitken kernel with λ = (c − 1)/c · prior/(n + prior).
 */
export function categoricalPmf(counts: ArrayLike<number>): Float64Array {
  const cells = counts.length;
  let n = 0;
  for (let j = 0; j < cells; j++) n += counts[j] as number;
  const pmf = new Float64Array(cells);
  for (let j = 0; j < cells; j++) pmf[j] = ((counts[j] as number) + PRIOR_WEIGHT / cells) / (n + PRIOR_WEIGHT);
  return pmf;
}

/** Pearson χ² divergence D(p ‖ q) = Σ q · (p/q − 1)² of two probability mass functions on the same cells (q > 0 everywhere). */
export function pearsonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let j = 0; j < p.length; j++) {
    const qj = q[j] as number;
    const r = (p[j] as number) / qj - 1;
    d += qj * r * r;
  }
  return d;
}
