import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ReadSet, ReadTracker } from '../../create-read-tracker';

/** Options of {@link createResponseCache}. */
export interface ResponseCacheOptions {
  readonly tracker: ReadTracker;
  /** A counter that moves whenever a write completes (the read cache's `epoch`). */
  readonly epoch: () => number;
  /** Responses kept (least recently used dropped first). Default 512. */
  readonly maxEntries?: number;
  /** Bytes of response bodies kept at most. Default 64 MiB. */
  readonly maxBytes?: number;
}

/** What {@link createResponseCache} counts (diagnostics and tests). */
export interface ResponseCacheStats {
  /** Requests the handler answered. */
  handled: number;
  /** Requests answered from a kept response. */
  hits: number;
  /** Requests answered with the response of an identical request in flight. */
  joined: number;
}

interface Kept {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
  readonly reads: ReadSet;
}

interface Flight {
  /** The write epoch when the handler started. */
  readonly epoch: number;
  /** The response, or undefined when it may not be reused (not a 200 JSON answer, or it read something unversioned). */
  readonly done: Promise<Kept | undefined>;
}

/** How a GET was answered: `hit` (a kept response), `join` (an identical request's answer) or `miss` (the handler). */
export const CACHE_HEADER = 'x-epigenome-cache';

/** Response headers that describe one connection or one moment, not the answer. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', CACHE_HEADER]);

function send(res: ServerResponse, kept: Kept, how: 'hit' | 'join'): void {
  res.writeHead(kept.status, { ...kept.headers, [CACHE_HEADER]: how, 'content-length': kept.body.length });
  res.end(kept.body);
}

/**
 * Keeps whole query responses (the serialised JSON, headers and status) and answers repeated
 * identical GET requests with them, without running the handler again — for as long as
 * everything the first answer read is unchanged, as told by the {@link ReadTracker} the store's
 * read cache and the host feed (`depend`/`taint`). Fifty clients polling the same 1,000-bucket
 * series thus cost one serialisation, not fifty.
 *
 * - **Never stale**: a kept response is reused only while each of its read checks still holds.
 *   A request that arrives while an identical one is being answered waits for it and takes its
 *   answer only if no write completed in between (same write epoch) or its checks still hold.
 * - **Only what may be reused**: GET requests answered 200 with a JSON body by work that read
 *   nothing unversioned and wrote nothing. Subscriptions (event streams), errors and mutations
 *   always go to the handler. The key is the URL and the `trpc-accept` header (the response
 *   format the client asked for).
 */
export function createResponseCache(options: ResponseCacheOptions) {
  const { tracker, epoch } = options;
  const maxEntries = options.maxEntries ?? 512;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const kept = new Map<string, Kept>();
  const flights = new Map<string, Flight>();
  const stats: ResponseCacheStats = { handled: 0, hits: 0, joined: 0 };
  let bytes = 0;

  function keep(key: string, entry: Kept): void {
    const old = kept.get(key);
    if (old) bytes -= old.body.length;
    kept.delete(key);
    if (entry.body.length > maxBytes / 4) return;
    kept.set(key, entry);
    bytes += entry.body.length;
    while (kept.size > maxEntries || bytes > maxBytes) {
      const [oldest, value] = kept.entries().next().value as [string, Kept];
      kept.delete(oldest);
      bytes -= value.body.length;
    }
  }

  /** Runs the handler under a fresh read set, capturing what it writes to `res`. */
  function handleAndCapture(req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, res: ServerResponse) => void): Flight {
    stats.handled++;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    // Set once the handler has started (it answers asynchronously, after this is set).
    let reads: ReadSet | undefined = undefined;
    let finish: (k: Kept | undefined) => void = () => {};
    const done = new Promise<Kept | undefined>((resolve) => (finish = resolve));
    const capture = (chunk: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== 'function') capture(chunk);
      const type = String(res.getHeader('content-type') ?? '');
      const reusable = res.statusCode === 200 && type.startsWith('application/json') && reads?.cacheable === true;
      if (reusable && reads) {
        const headers: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(res.getHeaders())) if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = value;
        finish({ status: 200, headers, body: Buffer.concat(chunks), reads });
      } else finish(undefined);
      return end(chunk, ...rest);
    }) as typeof res.end;
    // A connection that closes before the answer ends leaves nothing to reuse.
    res.once('close', () => finish(undefined));
    res.setHeader(CACHE_HEADER, 'miss');
    const flight: Flight = { epoch: epoch(), done };
    reads = tracker.track(() => handler(req, res));
    return flight;
  }

  /** Answers `req` from a kept or in-flight identical response when that is exact, else through `handler`. */
  function serve(req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, res: ServerResponse) => void): void {
    if (req.method !== 'GET' || req.url === undefined) return handler(req, res);
    const key = `${String(req.headers['trpc-accept'] ?? '')} ${req.url}`;
    const hit = kept.get(key);
    if (hit && tracker.current(hit.reads)) {
      stats.hits++;
      kept.delete(key);
      kept.set(key, hit);
      return send(res, hit, 'hit');
    }
    const flying = flights.get(key);
    if (flying) {
      const arrived = epoch();
      void flying.done.then((answer) => {
        if (res.destroyed) return;
        if (answer && (arrived === flying.epoch || tracker.current(answer.reads))) {
          stats.joined++;
          send(res, answer, 'join');
        } else serve(req, res, handler);
      });
      return;
    }
    const flight = handleAndCapture(req, res, handler);
    flights.set(key, flight);
    void flight.done.then((answer) => {
      if (flights.get(key) === flight) flights.delete(key);
      if (answer && tracker.current(answer.reads)) keep(key, answer);
    });
  }

  return { stats, serve };
}
