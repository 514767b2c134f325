/** Latencies (ms) of each kind of request, and the requests that failed. */
export interface LoadResult {
  readonly ms: Record<string, number[]>;
  /** When each request was sent, ms after the load began (same order as `ms`). */
  readonly sentAt: Record<string, number[]>;
  /** Latencies of each client's second and later requests only (the burst of first requests left out). */
  readonly steadyMs: Record<string, number[]>;
  readonly errors: number;
  readonly firstError?: string;
  readonly seconds: number;
}

/** A request a client sends: its kind and the URL to GET. */
export interface LoadRequest {
  readonly kind: string;
  readonly url: string;
}

/**
 * `clients` concurrent HTTP clients, each sending `perClient` GET requests one after another,
 * cycling through `requests` (client i starts at request i, so the kinds mix at every moment).
 * Each latency is the time to the whole body read.
 */
export async function runLoad(requests: readonly LoadRequest[], clients: number, perClient: number): Promise<LoadResult> {
  const ms: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  const sentAt: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  const steadyMs: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const r = requests[(c + i) % requests.length] as LoadRequest;
        const start = performance.now();
        try {
          const res = await fetch(r.url);
          const body = await res.text();
          if (!res.ok) throw new Error(`${r.kind} answered ${res.status}: ${body.slice(0, 300)}`);
          ms[r.kind]!.push(performance.now() - start);
          sentAt[r.kind]!.push(start - t0);
          if (i > 0) steadyMs[r.kind]!.push(ms[r.kind]!.at(-1)!);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return { ms, sentAt, steadyMs, errors, ...(firstError !== undefined ? { firstError } : {}), seconds: (performance.now() - t0) / 1000 };
}

/** Nearest-rank percentile (`p` in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
