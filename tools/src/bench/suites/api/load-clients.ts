import { Agent, get } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Latencies (ms) of each kind of request, and the requests that failed. */
export interface LoadResult {
  readonly ms: Record<string, number[]>;
  /** When each request was sent, ms after the load began (same order as `ms`). */
  readonly sentAt: Record<string, number[]>;
  /** Latencies of each client's second and later requests only (the burst of first requests left out). */
  readonly steadyMs: Record<string, number[]>;
  /** Latencies by kind and by how the server answered (its `x-epigenome-cache` header: hit, join, miss). */
  readonly byCache: Record<string, number[]>;
  readonly errors: number;
  readonly firstError?: string;
  readonly seconds: number;
  /** CPU time this process (the load generator) spent during the load, ms. */
  readonly clientCpuMs: number;
  /** The longest the load generator's own event loop was blocked during the load (e.g. its GC), ms: it delays every response read then. */
  readonly clientLoopDelayMaxMs: number;
}

/** A request a client sends: its kind and the URL to GET. */
export interface LoadRequest {
  readonly kind: string;
  readonly url: string;
}

/**
 * GET `url` on `agent`'s kept-alive connections; resolves once the whole body is read, with the
 * status, the body's size (checked against `content-length`) and, for an error only, its text. A
 * 200 body is counted, not decoded: what a client does with an answer is not the server's latency.
 */
function getBody(url: string, agent: Agent): Promise<{ status: number; bytes: number; error: string; cache: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (status !== 200) chunks.push(chunk);
      });
      res.on('end', () => {
        const expected = Number(res.headers['content-length'] ?? bytes);
        if (bytes !== expected) return reject(new Error(`${url} answered ${bytes} of ${expected} bytes`));
        resolve({ status, bytes, error: Buffer.concat(chunks).toString('utf8'), cache: String(res.headers['x-epigenome-cache'] ?? 'none') });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * `clients` concurrent HTTP clients, each sending `perClient` GET requests one after another,
 * cycling through `requests` (client i starts at request i, so the kinds mix at every moment).
 * Each latency is the time to the whole body read.
 *
 * The clients share one process, so what they cost is part of every latency measured: they use
 * `node:http` with kept-alive connections (one per client), which costs this process about half
 * the CPU of `fetch` (undici) per request — with `fetch`, the load generator spent 3–4× the
 * server's CPU and its own queue dominated the figures on 2 cores. `clientCpuMs` reports it.
 */
export async function runLoad(requests: readonly LoadRequest[], clients: number, perClient: number): Promise<LoadResult> {
  const ms: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  const sentAt: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  const steadyMs: Record<string, number[]> = Object.fromEntries(requests.map((r) => [r.kind, []]));
  const byCache: Record<string, number[]> = {};
  let errors = 0;
  let firstError: string | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const cpu0 = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const r = requests[(c + i) % requests.length] as LoadRequest;
        const start = performance.now();
        try {
          const res = await getBody(r.url, agent);
          if (res.status !== 200 || res.bytes === 0) throw new Error(`${r.kind} answered ${res.status}: ${res.error.slice(0, 300)}`);
          ms[r.kind]!.push(performance.now() - start);
          sentAt[r.kind]!.push(start - t0);
          (byCache[`${r.kind} ${res.cache}`] ??= []).push(ms[r.kind]!.at(-1)!);
          if (i > 0) steadyMs[r.kind]!.push(ms[r.kind]!.at(-1)!);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  agent.destroy();
  return { ms, sentAt, steadyMs, byCache, errors, ...(firstError !== undefined ? { firstError } : {}), seconds, clientCpuMs: (cpu.user + cpu.system) / 1000, clientLoopDelayMaxMs: loop.max / 1e6 };
}

/** Nearest-rank percentile (`p` in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
