export { createDistributedEngine } from './distributed-engine';
export type { DistributedEngine, DistributedEngineOptions } from './distributed-engine';
export { startWorker } from './start-worker';
export type { StartWorkerOptions, WorkerHandle } from './start-worker';
export { listWorkers } from './list-workers';
export type { ListWorkersOptions, WorkerInfo } from './list-workers';
export { WORKERS_SCHEMA_VERSION } from './internal/workers-schema';
