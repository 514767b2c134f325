// The Node server of the router: HTTP + SSE with its security, and the worker-thread experiment host.
export { startServer } from './start-server';
export type { RunningServer, StartServerOptions } from './start-server';
export { serveUntilSignal } from './serve-until-signal';
export { createWorkerHost } from './create-worker-host';
export type { WorkerHost, WorkerHostOptions } from './create-worker-host';
export { openStoreThread } from './open-store-thread';
export type { OpenStoreThreadOptions, StoreThreadData } from './open-store-thread';
export { recoverInterrupted } from './recover-interrupted';
export { readServerFile, readStartingServer, serverFileOf } from './server-file';
export type { ServerFile, StartingServer } from './server-file';
export type { RateLimitOptions } from './internal/rate-limiter';
export type { ResponseCacheStats } from './internal/create-response-cache';
