import { EpigenomeError } from '@epigenome/core';
import type { ExperimentSpec } from '@epigenome/runner';
import type { DistributedEngine } from '@epigenome/workers';
import { storeTarget, type StoreOptions } from '../open-store';

/** The PostgreSQL URL workers and coordinators share, from `--database-url` or `DATABASE_URL`; an embedded store is refused. */
export function serverUrlOf(store: StoreOptions, command: string): { url: string; source: string } {
  const target = storeTarget(store);
  if (target.kind === 'dir') {
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: target.source === '--db' ? '--db' : '--database-url',
      value: target.dir,
      allowed: 'a PostgreSQL server: --database-url postgres://… or DATABASE_URL',
      message: `${command} needs a PostgreSQL server shared by every machine: give --database-url postgres://… (or set DATABASE_URL); the embedded store (${target.source === '--db' ? '--db' : 'default'} ${target.dir}) is one process's store`,
    });
  }
  return { url: target.url, source: target.source };
}

/**
 * The engine of a distributed run: the spec's TensorFlow.js engine built here only to learn its
 * backend, dataset and model family, then a distributed engine whose segment jobs workers of that
 * backend run.
 */
export async function distributedEngine(spec: ExperimentSpec, store: StoreOptions): Promise<DistributedEngine> {
  const { url, source } = serverUrlOf(store, 'run --distributed');
  const { engineFromSpec } = await import('@epigenome/runner');
  const { createDistributedEngine, listWorkers } = await import('@epigenome/workers');
  const local = engineFromSpec(spec, { workers: 0 });
  const backend = await local.ready();
  await local.dispose();
  const engine = createDistributedEngine({
    databaseUrl: url,
    source,
    engineSpec: { dataset: spec.dataset, model: spec.model },
    backend,
    dataset: local.dataset,
    modelFamily: local.modelFamily,
  });
  await engine.ready();
  // Jobs wait for a worker of this backend however long it takes; say so rather than look stuck.
  if (!(await listWorkers({ databaseUrl: url }).catch(() => [{ backend }])).some((w) => w.backend === backend)) {
    const { redactUrl } = await import('@epigenome/memory');
    process.stderr.write(`no live worker of backend ${backend} yet: the trials wait for one (epigenome worker --database-url ${redactUrl(url)})\n`);
  }
  return engine;
}
