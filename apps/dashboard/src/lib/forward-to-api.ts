/** Where and how the dashboard reaches the Epigenome API (read on the server at request time). */
export interface ApiTarget {
  /** Base URL of the tRPC endpoint, e.g. `http://127.0.0.1:4000/trpc`. */
  readonly url: string;
  /** Bearer token the API requires when bound beyond loopback (`EPIGENOME_TOKEN`); never sent to the browser. */
  readonly token?: string | undefined;
}

const REQUEST_HEADERS = ['content-type', 'accept', 'last-event-id', 'trpc-accept', 'x-trpc-source'];
const RESPONSE_HEADERS = ['content-type', 'cache-control', 'retry-after', 'trpc-accept'];

/**
 * Forwards one tRPC request of the browser (`/api/trpc/<path>?<query>`) to the API and streams the
 * answer back, server-sent events included. The browser only ever talks to the dashboard's own
 * origin, so the API's token stays on the server and the API's cross-site checks see no foreign
 * origin; this proxy makes the same check itself for mutations (POST), before forwarding anything.
 */
export async function forwardToApi(request: Request, path: string, target: ApiTarget): Promise<Response> {
  const calls = path.split(',').length;
  const batch = new URL(request.url).searchParams.get('batch') === '1';
  if (request.method === 'POST') {
    const refusal = crossSiteRefusal(request);
    if (refusal) return trpcErrorResponse(refusal, 403, 'FORBIDDEN', batch ? calls : 0);
  }
  const upstreamUrl = `${target.url.replace(/\/+$/, '')}/${path}${new URL(request.url).search}`;
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (target.token) headers.set('authorization', `Bearer ${target.token}`);
  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? await request.arrayBuffer() : undefined,
      signal: request.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    const message = `the Epigenome API at ${target.url} did not answer (${why}); start it (epigenome serve) and point EPIGENOME_API_URL at it`;
    return trpcErrorResponse(message, 502, 'BAD_GATEWAY', batch ? calls : 0);
  }
  const out = new Headers({ 'x-accel-buffering': 'no' });
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  // A browser on this machine gains nothing from gzip and waits for it: Next compresses a 1.9 MB
  // zoom answer in ~60 ms and a 4.7 MB overview in ~150 ms, where loopback moves them in a few.
  // `no-transform` tells Next's compression to leave the answer as it is.
  if (isLoopback(request)) out.set('cache-control', [out.get('cache-control'), 'no-transform'].filter(Boolean).join(', '));
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

/** Whether the browser reached the dashboard through a loopback address (its `Host`). */
export function isLoopback(request: Request): boolean {
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Why a state-changing request must be refused as cross-site, or undefined when it comes from this origin. */
export function crossSiteRefusal(request: Request): string | undefined {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return `cross-site request refused: Sec-Fetch-Site is "${site}", mutations must come from the dashboard itself`;
  const origin = request.headers.get('origin');
  if (origin === null) return undefined;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `cross-site request refused: Origin "${origin}" is not a URL`;
  }
  return originHost === host ? undefined : `cross-site request refused: Origin "${origin}" is not this dashboard (${host})`;
}

/** A tRPC-shaped error body, so the browser's tRPC client shows `message` as the error (one per call of a batch). */
function trpcErrorResponse(message: string, status: number, code: string, batchCalls: number): Response {
  const envelope = { error: { message, code: -32603, data: { code, httpStatus: status } } };
  const body = batchCalls > 0 ? Array.from({ length: batchCalls }, () => envelope) : envelope;
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
