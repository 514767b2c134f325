// The Node server of the router: the worker-thread experiment host (HTTP + SSE server below).
export { createWorkerHost } from './create-worker-host';
export type { WorkerHost, WorkerHostOptions } from './create-worker-host';
export { recoverInterrupted } from './recover-interrupted';
