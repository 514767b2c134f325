import { createServer, maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EpigenomeError } from '@epigenome/core';
import { openMemory, type Memory } from '@epigenome/memory';
import { MAX_SPEC_BYTES } from '@epigenome/runner';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { ApiContext } from '../api-context';
import { createChangeFeed } from '../create-change-feed';
import { createReadCache, type ReadCacheStats } from '../create-read-cache';
import { createReadTracker } from '../create-read-tracker';
import { appRouter } from '../router/app-router';
import { createWorkerHost, type WorkerHost } from './create-worker-host';
import { answerClientError } from './internal/answer-client-error';
import { checkBodySize, checkSameOrigin, checkToken, type Refusal } from './internal/check-request';
import { createResponseCache, type ResponseCacheStats } from './internal/create-response-cache';
import { createRateLimiter, type RateLimitOptions } from './internal/rate-limiter';
import { sendRefusal } from './internal/send-refusal';
import { openStoreThread } from './open-store-thread';
import { recoverInterrupted } from './recover-interrupted';
import { readServerFile, writeServerFile } from './server-file';

/** Options of {@link startServer}: one store among `memory`, `dir` and `databaseUrl` (default: PGlite in `.epigenome/db`). */
export interface StartServerOptions {
  /** A store the caller opened (and closes). */
  readonly memory?: Memory;
  /** Embedded store (PGlite) folder; the server owns it and writes `<dir>.server.json` so the CLI finds it. */
  readonly dir?: string;
  /** PostgreSQL server URL. */
  readonly databaseUrl?: string;
  /** Address to bind. Default `127.0.0.1`; any non-loopback address needs a `token`. */
  readonly host?: string;
  /** TCP port; default 0 (any free port: read `url`). */
  readonly port?: number;
  /** Bearer token every request must carry. Default: env `EPIGENOME_TOKEN`, if set; empty means none. At least 16 characters. */
  readonly token?: string;
  /** Origins (e.g. the dashboard's `http://127.0.0.1:3000`) allowed to send mutations besides the server's own. */
  readonly allowedOrigins?: readonly string[];
  /** Largest request body, in bytes. Default: the spec limit plus 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Per-client (remote address) rate limit of mutations. Default 30 at once, 120 a minute. */
  readonly rateLimit?: RateLimitOptions;
  /** Engine worker threads per experiment; default: the spec's. */
  readonly workers?: number;
  /** Nice value experiments train at on Linux (0..19, default 10): queries keep the CPU while the machine trains. See `createWorkerHost`. */
  readonly trainingNice?: number;
  /** Where diagnostics go (internal errors, crashes): never to clients. Default: stderr. */
  readonly log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  /** Base URL of the tRPC endpoint, e.g. `http://127.0.0.1:4123`. */
  readonly url: string;
  readonly memory: Memory;
  readonly host: WorkerHost;
  /** What the read cache and the response cache did so far (diagnostics; `responses` only on the embedded store the server owns). */
  readonly stats: { readonly reads: ReadCacheStats; readonly responses?: ResponseCacheStats };
  /**
   * Graceful shutdown: stops accepting, stops running experiments (checkpointed, `interrupted`,
   * resumable), ends open subscriptions and closes the store if the server opened it. Idempotent.
   */
  close(): Promise<void>;
}

const MIN_TOKEN_LENGTH = 16;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function invalid(field: string, value: unknown, allowed: string, message: string): EpigenomeError {
  return new EpigenomeError({ code: 'INVALID_ARGUMENT', field, value, allowed, message });
}

/** The URL a client on this machine uses: a wildcard bind is reached on loopback. */
function localUrl(address: AddressInfo): string {
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** `EPIGENOME_STORE_TRACE_MS`: log store calls that waited and ran at least this long (diagnostics). */
function storeTraceMs(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!Number.isFinite(ms) || ms < 0)
    throw invalid('EPIGENOME_STORE_TRACE_MS', text, 'a number of milliseconds ≥ 0', `EPIGENOME_STORE_TRACE_MS must be a number of milliseconds ≥ 0; got ${JSON.stringify(text)}`);
  return ms;
}

/**
 * Starts the tRPC server over HTTP (queries, mutations, SSE subscriptions) with its worker-thread
 * experiment host, on one store. Security: binds 127.0.0.1 unless told otherwise, and refuses
 * another address without a token; with a token every request needs `Authorization: Bearer`
 * (401); mutations refuse cross-site requests (403), bodies over the limit (413) and clients over
 * the rate limit (429 with `Retry-After`). Every refusal is JSON naming what was wrong; no stack
 * trace or internal message reaches a client.
 *
 * On an embedded store, experiments a killed server left `running` become `interrupted` at start
 * (see {@link recoverInterrupted}; PostgreSQL is left as it is).
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // An empty token (an unset variable exported as '') is no token.
  const token = (options.token ?? process.env.EPIGENOME_TOKEN) || undefined;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stores = [options.memory, options.dir, options.databaseUrl].filter((s) => s !== undefined).length;
  if (stores > 1) throw invalid('dir', options.dir, 'one of memory, dir and databaseUrl', 'give the server one store: memory, dir or databaseUrl');
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw invalid('token', '(hidden)', `at least ${MIN_TOKEN_LENGTH} characters`, `the token (EPIGENOME_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters long`);
  if (token === undefined && !isLoopback(host)) {
    throw invalid(
      'host',
      host,
      'a loopback address (127.0.0.1, ::1, localhost), or set a token',
      `binding ${host} exposes the server beyond this machine: set EPIGENOME_TOKEN (then every request needs "Authorization: Bearer <token>"), or bind 127.0.0.1`,
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalid('port', port, 'an integer in [0, 65535]', `port must be an integer in [0, 65535]; got ${String(port)}`);
  const nice = options.trainingNice;
  if (nice !== undefined && (!Number.isInteger(nice) || nice < 0 || nice > 19))
    throw invalid('trainingNice', nice, 'an integer in [0, 19]', `trainingNice must be an integer in [0, 19]; got ${String(nice)}`);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_SPEC_BYTES + 65_536;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const limiter = createRateLimiter(options.rateLimit);

  const owned = options.memory === undefined;
  const dir = options.dir ?? (options.databaseUrl === undefined && options.memory === undefined && !process.env.DATABASE_URL ? '.epigenome/db' : undefined);
  // The embedded store runs on a thread of its own (its queries run synchronously in WASM, so
  // never on the event loop that answers HTTP); PostgreSQL is reached through `pg`'s pool.
  const traceMs = storeTraceMs(process.env.EPIGENOME_STORE_TRACE_MS);
  // While it opens the store (its lock taken, migrations run), the server file says a server is
  // starting, so `epigenome run` on the store waits for its URL instead of being refused. Not over
  // the file of a server already serving it (this start will be refused by the store's lock).
  let removeServerFile = dir !== undefined && owned && readServerFile(dir) === undefined ? writeServerFile(dir) : () => {};
  let store: Memory;
  try {
    store =
      options.memory ??
      (await (dir !== undefined
        ? openStoreThread({ dir, log, ...(traceMs !== undefined ? { traceMs } : {}) })
        : openMemory({ url: options.databaseUrl ?? (process.env.DATABASE_URL as string) })));
  } catch (error) {
    removeServerFile();
    throw error;
  }
  // Answers are cached only on the embedded store the server owns, where every write passes here;
  // there whole responses are kept too, for as long as what they read is unchanged.
  const cached = owned && dir !== undefined;
  const tracker = createReadTracker();
  const memory = createReadCache(store, { maxEntries: cached ? 256 : 0, ...(cached ? { tracker } : {}) });
  // With tracing on, how long the HTTP event loop was blocked at a time is logged at close.
  const loopDelay = traceMs !== undefined ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
  loopDelay?.enable();
  let httpServer: ReturnType<typeof createServer> | undefined;
  try {
    const recovered = await recoverInterrupted(memory);
    if (recovered.length > 0) log(`epigenome: ${recovered.length} experiment(s) left running by a stopped server are now interrupted (resumable): ${recovered.join(', ')}`);
    const changes = createChangeFeed();
    const experimentHost = createWorkerHost({
      memory,
      changes,
      log,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.trainingNice !== undefined ? { trainingNice: options.trainingNice } : {}),
    });
    // Whether an experiment runs here is part of some answers: a kept response depends on it too.
    const trackedHost: ApiContext['host'] = {
      start: (spec) => experimentHost.start(spec),
      stop: (id) => experimentHost.stop(id),
      resume: (id) => experimentHost.resume(id),
      isRunning(id) {
        const running = experimentHost.isRunning(id);
        tracker.depend(() => experimentHost.isRunning(id) === running);
        return running;
      },
    };
    const context: ApiContext = { memory, host: trackedHost, changes };
    const responses = cached ? createResponseCache({ tracker, epoch: () => memory.epoch }) : undefined;
    const trpc = createHTTPHandler({
      router: appRouter,
      createContext: () => context,
      maxBodySize: maxBodyBytes,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') log(`epigenome: internal error in ${path ?? '(no procedure)'}: ${error.cause?.stack ?? error.stack ?? error.message}`);
      },
    });
    let closing = false;
    const refuse = (res: ServerResponse, r: Refusal) => sendRefusal(res, r.status, r.code, r.message, r.headers);
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      if (closing) {
        refuse(res, { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'the server is shutting down', headers: { connection: 'close' } });
        return;
      }
      const auth = token === undefined ? undefined : checkToken(req, token);
      if (auth) return refuse(res, auth);
      const size = checkBodySize(req, maxBodyBytes);
      if (size) return refuse(res, size);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const site = checkSameOrigin(req, allowedOrigins);
        if (site) return refuse(res, site);
        const wait = limiter.take(req.socket.remoteAddress ?? 'unknown');
        if (wait > 0)
          return refuse(res, {
            status: 429,
            code: 'TOO_MANY_REQUESTS',
            message: `too many mutations from this client: retry in ${wait} s`,
            headers: { 'retry-after': String(wait) },
          });
      }
      if (responses) responses.serve(req, res, trpc);
      else trpc(req, res);
    };
    httpServer = createServer((req, res) => {
      try {
        handle(req, res);
      } catch (error) {
        log(`epigenome: request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sendRefusal(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      }
    });
    const server = httpServer;
    // A request Node's parser refuses (too long a URL, malformed) still gets a JSON answer.
    server.on('clientError', (error: Error & { code?: string }, socket) => answerClientError(error, socket, maxHeaderSize));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const url = localUrl(server.address() as AddressInfo);
    // Replaces the starting file (an atomic rename); its remover is not needed any more.
    if (dir !== undefined && owned) removeServerFile = writeServerFile(dir, url);
    let closed: Promise<void> | undefined;
    return {
      url,
      memory,
      host: experimentHost,
      stats: { reads: memory.stats, ...(responses ? { responses: responses.stats } : {}) },
      close() {
        closed ??= (async () => {
          closing = true;
          const stopped = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          await experimentHost.close();
          // Open subscriptions end with their connections (their generators see the abort).
          server.closeAllConnections();
          await stopped;
          removeServerFile();
          if (loopDelay) {
            loopDelay.disable();
            const ms = (ns: number) => (ns / 1e6).toFixed(1);
            log(
              `epigenome: event loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms; store reads ${memory.stats.storeReads}, shared ${memory.stats.shared}, cached ${memory.stats.hits}; writes ${JSON.stringify(memory.stats.writes)}${responses ? `; responses handled ${responses.stats.handled}, kept ${responses.stats.hits}, joined ${responses.stats.joined}` : ''}`,
            );
          }
          if (owned) await memory.close();
        })();
        return closed;
      },
    };
  } catch (error) {
    httpServer?.close();
    removeServerFile();
    if (owned) await memory.close();
    throw error;
  }
}
