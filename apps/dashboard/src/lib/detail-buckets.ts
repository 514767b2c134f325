/** Steps of a stored rollup block (`ROLLUP_WIDTH` of the memory library). */
const BLOCK = 64;
/** A zoom's detail has at least this many buckets a line. */
const MIN_DETAIL_BUCKETS = 150;

/**
 * Buckets of a zoom's detail: at most `max` (the overview's count), but no more than one per 64-step block as
 * long as that still gives {@link MIN_DETAIL_BUCKETS} — then the server reads one rollup row per
 * block and trial instead of every point of the range (64 × 10,000 points for a 10 % zoom of the
 * 64 × 100k experiment). Narrower zooms read the raw points (down to each point).
 */
export function detailBuckets(range: { from: number; to: number }, max: number): number {
  // Blocks the range touches (a range of 10,000 steps may touch 158): one bucket each, so none spans two.
  const blocks = Math.floor(range.to / BLOCK) - Math.floor(range.from / BLOCK) + 1;
  return Math.min(max, Math.max(MIN_DETAIL_BUCKETS, blocks));
}
