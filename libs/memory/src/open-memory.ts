import { mkdirSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import {
  EpigenomeError,
  invalidArgument,
  type ExperimentRecord,
  type ExperimentStatus,
  type InheritedMark,
  type LineageEdge,
  type Mark,
  type MarkInput,
  type MemoryStore,
  type MetricPoint,
  type RegulationEvent,
  type StoredCheckpoint,
  type TaskContext,
  type TrialRecord,
  type TrialStatus,
} from '@epigenome/core';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { contextSimilarity } from './context-similarity';
import { createDashboardQueries, type DashboardQueries } from './dashboard-queries';
import { decayedStrength } from './decayed-strength';
import { pgliteDatabase, postgresDatabase, type Database, type MemoryDrizzle } from './internal/database';
import { createMetricsWriter } from './internal/metrics-writer';
import { findMigrationsFolder } from './internal/migrations-folder';
import { pgCode, toExperiment, toMark, toTrial } from './internal/records';
import {
  canonicalJson,
  notFound,
  requireFinite,
  requireInt,
  requireJson,
  requireLevel,
  requireOneOf,
  requirePositive,
  requireString,
  requireUnit,
  validateContext,
} from './internal/validate';
import { checkpoints, experiments, lineage, marks, memorySchema, regulationEvents, ROLLUP_WIDTH, trials } from './schema';

/** Options of {@link openMemory}. The driver is chosen by the first that applies: `url`, `client`, `db`, `inMemory`/`dir`, env `DATABASE_URL`, else PGlite in `.epigenome/db`. */
export interface OpenMemoryOptions {
  /** PostgreSQL connection string; opens a `pg` pool (the optional peer `pg` must be installed). */
  url?: string;
  /** A caller's client: a `PGlite` instance or a `pg` `Pool`. Migrated on open; `close()` leaves it open. */
  client?: PGlite | Pool;
  /** A caller's drizzle database (from `drizzle-orm/pglite` or `drizzle-orm/node-postgres`); its `$client` is used as `client`. */
  db?: { $client: unknown };
  /** PGlite data folder, relative to the working directory. Default `.epigenome/db`. One process at a time per folder. */
  dir?: string;
  /** PGlite in memory (nothing on disk): for tests and throwaway runs. Default `false`. */
  inMemory?: boolean;
  /** Read `DATABASE_URL` from here when no driver option is given. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Apply the bundled migrations on open. Default `true`. */
  migrate?: boolean;
  /** Connections of the `pg` pool opened for `url`. Default 4. */
  poolSize?: number;
  /** Metrics writer: flush when `batchSize` points (default 5000) are buffered or `flushIntervalMs` (default 1000 ms; 0 = only by size and `flush()`) after the first buffered point. */
  metrics?: { batchSize?: number; flushIntervalMs?: number };
  /** Largest checkpoint accepted, in bytes. Default 268,435,456 (256 MiB). */
  maxCheckpointBytes?: number;
  /** Checkpoints kept per trial by the retention rule (see README), ≥ 1. Default 2. */
  keepCheckpoints?: number;
  /** Marks whose strength falls below this (by `weaken`) are erased, in [0, 1). Default 0.05. */
  markFloor?: number;
  /** Clock in ms since the epoch (decay, timestamps). Default `Date.now`. */
  now?: () => number;
}

/** The store {@link openMemory} returns: the `MemoryStore` contract plus a few extras. */
export interface Memory extends MemoryStore {
  /** `pglite` (embedded) or `postgres` (server through `pg`). */
  readonly driver: 'pglite' | 'postgres';
  /** The drizzle database, typed with {@link memorySchema}, for queries of one's own. */
  readonly db: MemoryDrizzle;
  /** Dashboard queries on the same database. */
  readonly queries: DashboardQueries;
  /** Metric points buffered and not yet written. */
  readonly pendingMetrics: number;
  /** A trial by id; NOT_FOUND if unknown. */
  getTrial(id: string): Promise<TrialRecord>;
  /** A mark by id, erased or not (`erased` says which); NOT_FOUND if unknown. */
  getMark(id: string): Promise<Mark & { readonly erased: boolean }>;
  /** Undoes an erasure: the mark is live again with `strength` (default 0.5). */
  revive(markId: string, strength?: number): Promise<Mark>;
  /** Applies the checkpoint retention rule to every trial; resolves to the number deleted. */
  pruneCheckpoints(): Promise<number>;
  /** Stored metric points and regulation events of an experiment (NOT_FOUND if unknown). */
  counts(experimentId: string): Promise<{ metrics: number; events: number }>;
  /** Live (not erased) marks, strongest first after decay; `limit` default 100. */
  listMarks(options?: { limit?: number }): Promise<Mark[]>;

}

const EXPERIMENT_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const satisfies readonly ExperimentStatus[];
const TRIAL_STATUSES = ['running', 'completed', 'stopped', 'failed'] as const satisfies readonly TrialStatus[];
const EVENT_KINDS = ['change', 'exploit', 'rollback', 'stop'] as const;
const MIGRATION_LOCK = 7_213_004_411;

function throwInvalid(field: string, value: unknown, allowed: string): never {
  throw invalidArgument(field, value, allowed);
}

function isPgPool(client: unknown): client is Pool {
  return typeof client === 'object' && client !== null && typeof (client as Pool).connect === 'function' && 'totalCount' in client;
}

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return mod.default ?? mod;
  } catch (cause) {
    throw new EpigenomeError({ code: 'STORE_FAILURE', message: 'a PostgreSQL url needs the optional peer dependency "pg": npm install pg', field: 'url', allowed: 'pg installed', cause });
  }
}

async function openDatabase(options: OpenMemoryOptions): Promise<Database> {
  const env = options.env ?? process.env;
  const url = options.url ?? (options.client || options.db || options.dir || options.inMemory ? undefined : env.DATABASE_URL || undefined);
  const client = options.client ?? (options.db?.$client as PGlite | Pool | undefined);
  if (url !== undefined || (client && isPgPool(client))) {
    let pool: Pool;
    if (client && isPgPool(client)) pool = client;
    else {
      pool = new (await loadPg()).Pool({ connectionString: requireString('url', url), max: options.poolSize ?? 4 });
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
    }
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const db = drizzle({ client: pool, schema: memorySchema }) as unknown as MemoryDrizzle;
    const database = postgresDatabase(pool, db, !client);
    if (options.migrate !== false) {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      const lock = await pool.connect();
      try {
        // Two processes opening one database at once must not both migrate.
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(db as never, { migrationsFolder: findMigrationsFolder() });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        lock.release();
      }
    }
    return database;
  }
  let pglite = client as PGlite | undefined;
  if (!pglite) {
    const { PGlite } = await import('@electric-sql/pglite');
    if (options.inMemory) pglite = await PGlite.create();
    else {
      const dir = resolve(options.dir ?? '.epigenome/db');
      mkdirSync(dir, { recursive: true });
      pglite = await PGlite.create({ dataDir: dir });
    }
  }
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle({ client: pglite, schema: memorySchema }) as unknown as MemoryDrizzle;
  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db as never, { migrationsFolder: findMigrationsFolder() });
  }
  return pgliteDatabase(pglite, db, !client);
}

/** SHA-256 hex digest of a canonical JSON text: the identity of a context or a regulation. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function validateRegulation(field: string, regulation: unknown): void {
  if (typeof regulation !== 'object' || regulation === null) throw new EpigenomeError({ code: 'INVALID_ARGUMENT', message: `${field} must be a MarkRegulation { kind: "config" | "schedule" | "state", … }; got ${String(regulation)}`, field, value: regulation, allowed: 'a MarkRegulation' });
  const r = regulation as Record<string, unknown>;
  const kind = requireOneOf(`${field}.kind`, r.kind, ['config', 'schedule', 'state'] as const);
  if (kind === 'config' && (typeof r.config !== 'object' || r.config === null)) throwInvalid(`${field}.config`, r.config, 'an object');
  if (kind === 'schedule' && !Array.isArray(r.points)) throwInvalid(`${field}.points`, r.points, 'an array of { step, config }');
  if (kind === 'state') requireString(`${field}.regulator`, r.regulator);
  requireJson(field, regulation);
}

/**
 * Opens the epigenetic memory store, applying the bundled migrations.
 *
 * - `openMemory()`: embedded PGlite in `.epigenome/db` under the working directory (or
 *   PostgreSQL when `DATABASE_URL` is set).
 * - `openMemory({ dir })`, `openMemory({ inMemory: true })`: PGlite elsewhere / in memory.
 * - `openMemory({ url })`: PostgreSQL through `pg` (loaded only then).
 * - `openMemory({ client })` / `openMemory({ db })`: a caller's PGlite, `pg` Pool or drizzle db.
 *
 * @example
 * const memory = await openMemory();
 * const exp = await memory.createExperiment({ name: 'mnist', spec: {}, seed: 1, backend: 'wasm' });
 * await memory.close();
 */
export async function openMemory(options: OpenMemoryOptions = {}): Promise<Memory> {
  const now = options.now ?? Date.now;
  const maxCheckpointBytes = requirePositive('maxCheckpointBytes', options.maxCheckpointBytes ?? 268_435_456);
  const keep = requireInt('keepCheckpoints', options.keepCheckpoints ?? 2, 1, 1_000_000);
  const floor = requireUnit('markFloor', options.markFloor ?? 0.05);
  const batchSize = requireInt('metrics.batchSize', options.metrics?.batchSize ?? 5000, 1, 10_000_000);
  const flushIntervalMs = requireInt('metrics.flushIntervalMs', options.metrics?.flushIntervalMs ?? 1000, 0, 3_600_000);
  const database = await openDatabase(options);
  const { db } = database;
  const knownTrials = new Set<string>();
  const writer = createMetricsWriter(database, knownTrials, { batchSize, flushIntervalMs, statementRows: 20_000 });
  const queries = createDashboardQueries(database, now);
  let closed = false;

  async function requireExperiment(id: string, field = 'experimentId'): Promise<void> {
    requireString(field, id);
    const rows = await db.select({ id: experiments.id }).from(experiments).where(eq(experiments.id, id));
    if (rows.length === 0) throw notFound(field, id, 'experiment');
  }

  async function requireTrials(ids: readonly string[], field: string): Promise<void> {
    const unknown = [...new Set(ids)].filter((id) => !knownTrials.has(id));
    if (unknown.length === 0) return;
    const rows = await database.query<{ id: string }>('select id from trials where id = any($1::text[])', [unknown]);
    for (const r of rows) knownTrials.add(r.id);
    const missing = unknown.find((id) => !knownTrials.has(id));
    if (missing !== undefined) throw notFound(field, missing, 'trial');
  }

  async function getMarkRow(id: string) {
    requireString('markId', id);
    const [row] = await db.select().from(marks).where(eq(marks.id, id));
    if (!row) throw notFound('markId', id, 'mark');
    return row;
  }

  // Decay in SQL, so reinforce/weaken are one atomic UPDATE on both drivers.
  const decayed = (t: number) => sql`(${marks.strength} * power(0.5, greatest(0, ${t}::float8 - ${marks.updatedAt}) / (${marks.halfLifeDays} * 86400000.0)))`;

  const retention = (scope: ReturnType<typeof sql>) => sql`
    delete from checkpoints c
    where ${scope}
      and c.step < (select min(k.step) from (select c1.step from checkpoints c1 where c1.trial_id = c.trial_id order by c1.step desc limit ${keep}) k)
      and not exists (
        select 1 from lineage l join trials ch on ch.id = l.child_id
        where l.parent_id = c.trial_id and ch.status = 'running'
          and c.step = (select max(c2.step) from checkpoints c2 where c2.trial_id = c.trial_id and c2.step <= l.step)
          and not exists (select 1 from checkpoints c3 where c3.trial_id = l.child_id and c3.created_at >= l.created_at))`;

  const memory: Memory = {
    driver: database.kind,
    db,
    queries,
    get pendingMetrics() {
      return writer.pending;
    },

    async createExperiment(input) {
      const id = input.id === undefined ? randomUUID() : requireString('id', input.id);
      requireString('name', input.name);
      requireJson('spec', input.spec ?? null);
      requireInt('seed', input.seed, -(2 ** 53) + 1, 2 ** 53 - 1);
      requireString('backend', input.backend);
      if (input.context !== undefined) validateContext('context', input.context);
      const t = now();
      try {
        const [row] = await db
          .insert(experiments)
          .values({ id, name: input.name, status: 'running', spec: input.spec ?? null, seed: input.seed, backend: input.backend, context: input.context ?? null, summary: null, createdAt: t, updatedAt: t })
          .returning();
        return toExperiment(row!);
      } catch (error) {
        if (pgCode(error) === '23505') throw new EpigenomeError({ code: 'CONFLICT', message: `experiment ${JSON.stringify(id)} already exists (id)`, field: 'id', value: id, allowed: 'a new id', cause: error });
        throw error;
      }
    },

    async getExperiment(id) {
      requireString('experimentId', id);
      const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
      if (!row) throw notFound('experimentId', id, 'experiment');
      return toExperiment(row);
    },

    async listExperiments(): Promise<ExperimentRecord[]> {
      const rows = await db.select().from(experiments).orderBy(desc(experiments.createdAt), asc(experiments.id));
      return rows.map(toExperiment);
    },

    async updateExperiment(id, patch) {
      requireString('experimentId', id);
      if (patch.status !== undefined) requireOneOf('patch.status', patch.status, EXPERIMENT_STATUSES);
      if (patch.backend !== undefined) requireString('patch.backend', patch.backend);
      if (patch.summary !== undefined) requireJson('patch.summary', patch.summary);
      const rows = await db
        .update(experiments)
        .set({
          updatedAt: now(),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.backend !== undefined && { backend: patch.backend }),
          ...(patch.summary !== undefined && { summary: patch.summary }),
        })
        .where(eq(experiments.id, id))
        .returning({ id: experiments.id });
      if (rows.length === 0) throw notFound('experimentId', id, 'experiment');
    },

    async createTrial(input) {
      requireString('id', input.id);
      requireString('experimentId', input.experimentId);
      requireJson('config', input.config);
      if (typeof input.config !== 'object' || input.config === null) throwInvalid('config', input.config, 'an object');
      requireInt('seed', input.seed, -(2 ** 53) + 1, 2 ** 53 - 1);
      if (input.parentId !== undefined) requireString('parentId', input.parentId);
      const generation = requireInt('generation', input.generation ?? 0);
      const t = now();
      try {
        const [row] = await db
          .insert(trials)
          .values({ id: input.id, experimentId: input.experimentId, status: 'running', config: input.config, seed: input.seed, parentId: input.parentId ?? null, generation, step: 0, fitness: null, createdAt: t, updatedAt: t })
          .returning();
        knownTrials.add(input.id);
        return toTrial(row!);
      } catch (error) {
        const code = pgCode(error);
        if (code === '23503') throw notFound('experimentId', input.experimentId, 'experiment');
        if (code === '23505') throw new EpigenomeError({ code: 'CONFLICT', message: `trial ${JSON.stringify(input.id)} already exists (id)`, field: 'id', value: input.id, allowed: 'a new id, unique across experiments', cause: error });
        throw error;
      }
    },

    async updateTrial(id, patch) {
      requireString('trialId', id);
      if (patch.status !== undefined) requireOneOf('patch.status', patch.status, TRIAL_STATUSES);
      if (patch.config !== undefined) requireJson('patch.config', patch.config);
      if (patch.step !== undefined) requireInt('patch.step', patch.step);
      if (patch.parentId !== undefined) requireString('patch.parentId', patch.parentId);
      if (patch.generation !== undefined) requireInt('patch.generation', patch.generation);
      if (patch.fitness !== undefined) requireFinite('patch.fitness', patch.fitness);
      const rows = await db
        .update(trials)
        .set({
          updatedAt: now(),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.config !== undefined && { config: patch.config }),
          ...(patch.step !== undefined && { step: patch.step }),
          ...(patch.parentId !== undefined && { parentId: patch.parentId }),
          ...(patch.generation !== undefined && { generation: patch.generation }),
          ...(patch.fitness !== undefined && { fitness: patch.fitness }),
        })
        .where(eq(trials.id, id))
        .returning({ id: trials.id });
      if (rows.length === 0) throw notFound('trialId', id, 'trial');
    },

    async getTrial(id) {
      requireString('trialId', id);
      const [row] = await db.select().from(trials).where(eq(trials.id, id));
      if (!row) throw notFound('trialId', id, 'trial');
      return toTrial(row);
    },

    async listTrials(experimentId) {
      await requireExperiment(experimentId);
      const rows = await db.select().from(trials).where(eq(trials.experimentId, experimentId)).orderBy(asc(trials.createdAt), asc(trials.id));
      for (const r of rows) knownTrials.add(r.id);
      return rows.map(toTrial);
    },

    appendMetrics(points: readonly MetricPoint[]) {
      if (closed) throw new EpigenomeError({ code: 'STORE_FAILURE', message: 'the memory store is closed' });
      writer.append(points);
    },

    flush() {
      return writer.flush();
    },

    async appendEvents(events: readonly RegulationEvent[]) {
      if (!Array.isArray(events)) throwInvalid('events', events, 'an array of RegulationEvent');
      events.forEach((e, i) => {
        const f = `events[${i}]`;
        requireString(`${f}.experimentId`, e?.experimentId);
        requireString(`${f}.trialId`, e.trialId);
        requireInt(`${f}.step`, e.step);
        requireLevel(`${f}.level`, e.level);
        requireString(`${f}.regulator`, e.regulator);
        requireOneOf(`${f}.kind`, e.kind, EVENT_KINDS);
        requireString(`${f}.param`, e.param);
        for (const k of ['from', 'to'] as const) {
          const v = e[k];
          if (!(v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
            throwInvalid(`${f}.${k}`, v, 'a string, a boolean, a finite number or null');
          }
        }
        if (typeof e.reason !== 'string') requireString(`${f}.reason`, e.reason);
      });
      if (events.length === 0) return;
      for (const id of new Set(events.map((e) => e.experimentId))) await requireExperiment(id, 'events[].experimentId');
      await requireTrials(events.map((e) => e.trialId), 'events[].trialId');
      const t = now();
      await db.insert(regulationEvents).values(
        events.map((e) => ({ experimentId: e.experimentId, trialId: e.trialId, step: e.step, level: e.level, regulator: e.regulator, kind: e.kind, param: e.param, from: e.from, to: e.to, reason: e.reason, createdAt: t })),
      );
    },

    async addLineage(edge: LineageEdge) {
      requireString('edge.experimentId', edge?.experimentId);
      requireString('edge.childId', edge.childId);
      requireString('edge.parentId', edge.parentId);
      requireInt('edge.step', edge.step);
      await requireExperiment(edge.experimentId, 'edge.experimentId');
      await requireTrials([edge.childId], 'edge.childId');
      await requireTrials([edge.parentId], 'edge.parentId');
      await db.insert(lineage).values({ ...edge, createdAt: now() }).onConflictDoNothing();
    },

    async putCheckpoint(checkpoint: StoredCheckpoint) {
      requireString('checkpoint.trialId', checkpoint?.trialId);
      requireInt('checkpoint.step', checkpoint.step);
      if (!(checkpoint.bytes instanceof Uint8Array)) throwInvalid('checkpoint.bytes', checkpoint.bytes, 'a Uint8Array');
      const size = checkpoint.bytes.byteLength;
      if (size > maxCheckpointBytes) {
        throw new EpigenomeError({ code: 'LIMIT_EXCEEDED', message: `checkpoint.bytes must be at most ${maxCheckpointBytes} bytes (maxCheckpointBytes); got ${size} bytes`, field: 'checkpoint.bytes', value: size, allowed: `at most ${maxCheckpointBytes} bytes` });
      }
      await requireTrials([checkpoint.trialId], 'checkpoint.trialId');
      const t = now();
      await db.transaction(async (tx) => {
        await tx
          .insert(checkpoints)
          .values({ trialId: checkpoint.trialId, step: checkpoint.step, size, bytes: checkpoint.bytes, createdAt: t })
          .onConflictDoUpdate({ target: [checkpoints.trialId, checkpoints.step], set: { size, bytes: checkpoint.bytes, createdAt: t } });
        // This trial's old checkpoints, and those of the trials it exploited (now possibly unneeded).
        await tx.execute(retention(sql`(c.trial_id = ${checkpoint.trialId} or c.trial_id in (select l.parent_id from lineage l where l.child_id = ${checkpoint.trialId}))`));
      });
    },

    async getCheckpoint(trialId, step) {
      requireString('trialId', trialId);
      if (step !== undefined) requireInt('step', step);
      const [row] = await db
        .select({ trialId: checkpoints.trialId, step: checkpoints.step, bytes: checkpoints.bytes })
        .from(checkpoints)
        .where(step === undefined ? eq(checkpoints.trialId, trialId) : and(eq(checkpoints.trialId, trialId), eq(checkpoints.step, step)))
        .orderBy(desc(checkpoints.step))
        .limit(1);
      return row;
    },

    async pruneCheckpoints() {
      const result = (await db.execute(sql`with d as (${retention(sql`true`)} returning 1) select count(*)::int as n from d`)) as unknown as { rows: { n: number | string }[] };
      return Number(result.rows[0]?.n ?? 0);
    },

    async mark(input: MarkInput) {
      validateContext('input.context', input?.context);
      validateRegulation('input.regulation', input.regulation);
      requireFinite('input.fitness', input.fitness);
      const strength = requireUnit('input.strength', input.strength ?? 0.5);
      const halfLifeDays = requirePositive('input.halfLifeDays', input.halfLifeDays ?? 30);
      if (input.sourceExperimentId !== undefined) requireString('input.sourceExperimentId', input.sourceExperimentId);
      if (input.sourceTrialId !== undefined) requireString('input.sourceTrialId', input.sourceTrialId);
      const t = now();
      const values = {
        context: input.context,
        // Keys are digests: a learned state can be far larger than a btree index row may be.
        contextKey: digest(canonicalJson(input.context)),
        datasetName: input.context.dataset.name,
        modelFamily: input.context.model.family,
        regulation: input.regulation,
        regulationKey: digest(canonicalJson(input.regulation)),
        fitness: input.fitness,
        strength,
        halfLifeDays,
        sourceExperimentId: input.sourceExperimentId ?? null,
        sourceTrialId: input.sourceTrialId ?? null,
        erasedAt: null,
        updatedAt: t,
      };
      const [row] = await db
        .insert(marks)
        .values({ id: randomUUID(), createdAt: t, ...values })
        .onConflictDoUpdate({ target: [marks.contextKey, marks.regulationKey], set: values })
        .returning();
      return toMark(row!);
    },

    async reinforce(markId, amount = 0.25) {
      requireString('markId', markId);
      requireUnit('amount', amount);
      const t = now();
      const d = decayed(t);
      const [row] = await db
        .update(marks)
        .set({ strength: sql`least(1.0, ${d} + ${amount}::float8 * (1.0 - ${d}))`, updatedAt: t, erasedAt: null })
        .where(eq(marks.id, markId))
        .returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return toMark(row);
    },

    async weaken(markId, amount = 0.25) {
      requireString('markId', markId);
      requireUnit('amount', amount);
      const t = now();
      const next = sql`greatest(0.0, ${decayed(t)} - ${amount}::float8)`;
      const [row] = await db
        .update(marks)
        .set({ strength: next, updatedAt: t, erasedAt: sql`case when ${next} < ${floor}::float8 then coalesce(${marks.erasedAt}, ${t}::bigint) else ${marks.erasedAt} end` })
        .where(eq(marks.id, markId))
        .returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return row.erasedAt === null ? toMark(row) : undefined;
    },

    async erase(markId) {
      requireString('markId', markId);
      const rows = await db
        .update(marks)
        .set({ erasedAt: sql`coalesce(${marks.erasedAt}, ${now()}::bigint)` })
        .where(eq(marks.id, markId))
        .returning({ id: marks.id });
      if (rows.length === 0) throw notFound('markId', markId, 'mark');
    },

    async revive(markId, strength = 0.5) {
      requireString('markId', markId);
      requireUnit('strength', strength);
      const [row] = await db.update(marks).set({ erasedAt: null, strength, updatedAt: now() }).where(eq(marks.id, markId)).returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return toMark(row);
    },

    async getMark(id) {
      const row = await getMarkRow(id);
      return { ...toMark(row), erased: row.erasedAt !== null };
    },

    async inherit(context: TaskContext, k: number): Promise<InheritedMark[]> {
      validateContext('context', context);
      requireInt('k', k, 1, 100_000);
      const rows = await db.select().from(marks).where(isNull(marks.erasedAt));
      const t = now();
      const scored: InheritedMark[] = [];
      for (const row of rows) {
        const mark = toMark(row);
        const strength = decayedStrength(mark, t);
        if (strength < floor) continue;
        const similarity = contextSimilarity(context, mark.context);
        const score = similarity * strength;
        if (score > 0) scored.push({ ...mark, similarity, decayedStrength: strength, score });
      }
      return scored.sort((a, b) => b.score - a.score || b.fitness - a.fitness).slice(0, k);
    },

    async counts(experimentId) {
      await requireExperiment(experimentId);
      const [m] = await database.query<{ n: string | number }>(
        'select count(*) as n from metrics m join metric_series s on s.id = m.series_id join trials t on t.id = s.trial_id where t.experiment_id = $1',
        [experimentId],
      );
      const [e] = await database.query<{ n: string | number }>('select count(*) as n from regulation_events where experiment_id = $1', [experimentId]);
      return { metrics: Number(m?.n ?? 0), events: Number(e?.n ?? 0) };
    },

    async listMarks(listOptions = {}) {
      const limit = requireInt('limit', listOptions.limit ?? 100, 1, 100_000);
      const rows = await db.select().from(marks).where(isNull(marks.erasedAt));
      const t = now();
      return rows
        .map(toMark)
        .map((m) => ({ m, d: decayedStrength(m, t) }))
        .sort((a, b) => b.d - a.d || b.m.fitness - a.m.fitness)
        .slice(0, limit)
        .map((x) => x.m);
    },

    async truncateTrial(trialId, afterStep) {
      requireString('trialId', trialId);
      requireInt('afterStep', afterStep, -1, 2_147_483_647);
      await requireTrials([trialId], 'trialId');
      await writer.flush();
      const block = Math.floor((afterStep + 1) / ROLLUP_WIDTH);
      return database.transaction(async (tx) => {
        const deleted = await tx.query<{ n: string | number }>(
          'with d as (delete from metrics where series_id in (select id from metric_series where trial_id = $1) and step > $2 returning 1) select count(*) as n from d',
          [trialId, afterStep],
        );
        await tx.query('delete from regulation_events where trial_id = $1 and step > $2', [trialId, afterStep]);
        await tx.query('delete from lineage where child_id = $1 and step > $2', [trialId, afterStep]);
        await tx.query('delete from metric_rollups where series_id in (select id from metric_series where trial_id = $1) and block >= $2', [trialId, block]);
        await tx.query(
          `insert into metric_rollups (series_id, block, n, min_value, min_step, max_value, max_step, first_step, last_step)
           select m.series_id, m.step / ${ROLLUP_WIDTH}, count(*),
                  min(m.value), (array_agg(m.step order by m.value asc, m.step asc))[1],
                  max(m.value), (array_agg(m.step order by m.value desc, m.step asc))[1],
                  min(m.step), max(m.step)
           from metrics m join metric_series s on s.id = m.series_id
           where s.trial_id = $1 and m.step >= $2
           group by m.series_id, m.step / ${ROLLUP_WIDTH}`,
          [trialId, block * ROLLUP_WIDTH],
        );
        return Number(deleted[0]?.n ?? 0);
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      writer.stop();
      try {
        await writer.flush();
      } finally {
        await database.close();
      }
    },
  };
  return guardStore(memory);
}

/** An error of the database driver as `STORE_FAILURE`, naming the operation and the driver's reason. */
function storeError(operation: string, error: unknown): unknown {
  if (EpigenomeError.isInstance(error)) return error;
  let reason = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof Error && cause.message) reason = cause.message; // drizzle wraps the driver's error
  reason = reason.split('\n')[0]?.slice(0, 300) ?? '';
  return new EpigenomeError({ code: 'STORE_FAILURE', message: `memory.${operation}() failed: ${reason}`, cause: error });
}

/** Wraps every method (and every dashboard query) so driver errors surface as `STORE_FAILURE`. */
function guardStore(memory: Memory): Memory {
  const guard = <F extends (...args: never[]) => unknown>(operation: string, fn: F, self: unknown): F =>
    function (this: unknown, ...args: Parameters<F>) {
      let result: unknown;
      try {
        result = fn.apply(self, args);
      } catch (error) {
        throw storeError(operation, error);
      }
      if (result && typeof (result as Promise<unknown>).then === 'function') return (result as Promise<unknown>).catch((error: unknown) => Promise.reject(storeError(operation, error)));
      return result;
    } as F;
  for (const key of Object.keys(memory) as (keyof Memory)[]) {
    const descriptor = Object.getOwnPropertyDescriptor(memory, key);
    if (descriptor && typeof descriptor.value === 'function') Object.defineProperty(memory, key, { ...descriptor, value: guard(key, descriptor.value, memory) });
  }
  const queries = memory.queries as unknown as Record<string, unknown>;
  for (const key of Object.keys(queries)) {
    const fn = queries[key];
    if (typeof fn === 'function') queries[key] = guard(`queries.${key}`, fn as (...args: never[]) => unknown, queries);
  }
  return memory;
}

