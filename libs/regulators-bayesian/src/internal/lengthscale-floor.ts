/** Cap of {@link lengthscaleFloor}, unit-cube units. */
const MAX_LENGTHSCALE_FLOOR = 0.2;

/**
 * Smallest lengthscale the fit may choose with n observations of d free parameters:
 * min(0.2, ½ n^(−1/d)): half the typical spacing of n points spread over the unit cube (their
 * fill distance, ∝ n^(−1/d) for a space-filling design; Wendland 2005), capped at 0.2. A lengthscale well below the spacing of
 * the data is not identifiable: it explains one surprising value as a narrow bump between points,
 * the posterior then reverts to the mean a short step from every observation, and LogEI keeps
 * refining the valley it is in. Levy-4 (seed 17) collapsed ℓ₂ to 0.05 after 10 points and spent
 * its last 30 evaluations in the valley at x₂ ≈ −8.1 (regret 5.5, random search's median 4.4). The
 * floor shrinks as data accumulates, so a long run can still resolve narrow features; a lower
 * bound on lengthscales is BoTorch's practice too (ℓ ≥ 0.025 on the unit cube with the
 * dimension-scaled prior of Hvarfner et al. 2024), ours scales with the data instead.
 */
export function lengthscaleFloor(n: number, d: number): number {
  return Math.min(MAX_LENGTHSCALE_FLOOR, 0.5 * Math.max(1, n) ** (-1 / Math.max(1, d)));
}
