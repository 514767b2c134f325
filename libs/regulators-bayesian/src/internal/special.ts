// Special functions for stable acquisition functions: erfc, erfcx, log Φ and log h (LogEI).

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const HALF_LOG_HALF_PI = 0.5 * Math.log(Math.PI / 2);
const INV_SQRT_EPS = 1 / Math.sqrt(Number.EPSILON);

// erf by the positive-term series erf(x) = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!  (no cancellation).
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

// erfc(x)·e^{x²}·√π for x ≥ 2.5 by the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
function erfcxContinuedFraction(x: number): number {
  const terms = x < 3.5 ? 90 : x < 6 ? 50 : x < 20 ? 25 : 8;
  let t = x;
  for (let k = terms; k >= 1; k--) t = x + k / 2 / t;
  return 1 / t;
}

/** Complementary error function, relative accuracy ~1e-14 over the whole line. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0;
  return (Math.exp(-x * x) * erfcxContinuedFraction(x)) / SQRT_PI;
}

/** Scaled complementary error function erfcx(x) = e^{x²} erfc(x), finite for all x ≥ −26. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return x < -26 ? Number.POSITIVE_INFINITY : 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 2.5) return Math.exp(x * x) * (1 - erfSeries(x));
  return erfcxContinuedFraction(x) / SQRT_PI;
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Standard normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Φ(z), finite for every finite z. */
export function logNormalCdf(z: number): number {
  if (z > 5) return Math.log1p(-0.5 * erfc(z / SQRT2));
  if (z > -5) return Math.log(0.5 * erfc(-z / SQRT2));
  return Math.log(0.5 * erfcx(-z / SQRT2)) - 0.5 * z * z;
}

function log1mexp(x: number): number {
  // log(1 − eˣ) for x < 0 (Mächler 2012)
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * log h(z) with h(z) = φ(z) + zΦ(z), the expected improvement of a standard normal over 0 at
 * offset z. Three regimes as in Ament et al. 2023, "Unexpected Improvements to Expected
 * Improvement for Bayesian Optimization", eq. (9): direct for z > −1; through erfcx for
 * −1/√ε < z ≤ −1; the asymptote −z²/2 − log√(2π) − 2 log|z| below.
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  if (z > -INV_SQRT_EPS) {
    return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(Math.log(erfcx(-z / SQRT2) * -z) + HALF_LOG_HALF_PI);
  }
  return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
}

/** d log h(z) / dz = Φ(z) / h(z), computed in log space so it stays finite (≈ |z| as z → −∞). */
export function dLogH(z: number, logHz: number = logH(z)): number {
  if (z > -1) return normalCdf(z) / Math.exp(logHz);
  return Math.exp(logNormalCdf(z) - logHz);
}
