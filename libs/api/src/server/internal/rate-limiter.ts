/** Options of {@link createRateLimiter}. */
export interface RateLimitOptions {
  /** Requests a client may send at once. Default 30. */
  readonly burst?: number;
  /** Requests a client regains per minute. Default 120. */
  readonly perMinute?: number;
}

/**
 * A token bucket per client key: `take(key)` answers 0 when the request may go, else the
 * seconds to wait before the next one would (for `Retry-After`).
 */
export function createRateLimiter(options: RateLimitOptions = {}, now: () => number = Date.now) {
  const burst = options.burst ?? 30;
  const perMs = (options.perMinute ?? 120) / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
  };
  return {
    take(key: string): number {
      const t = now();
      if (buckets.size > 10_000) {
        // Forget clients whose bucket is full again: they are no different from new ones.
        for (const [k, b] of buckets) if ((refill(b, t), b.tokens >= burst)) buckets.delete(k);
      }
      let b = buckets.get(key);
      if (b === undefined) buckets.set(key, (b = { tokens: burst, at: t }));
      refill(b, t);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    },
  };
}
