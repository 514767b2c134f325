/**
 * Index of the first point whose step is ≥ `step` (or > `step` when `strict`), by binary search;
 * `points.length` when there is none. `points` must be sorted by step.
 */
export function searchStep(points: readonly { step: number }[], step: number, strict: boolean): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = (points[mid] as { step: number }).step;
    if (s < step || (strict && s === step)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
