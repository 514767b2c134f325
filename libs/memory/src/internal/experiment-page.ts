import { createHash } from 'node:crypto';
import { EpigenomeError, type ExperimentStatus } from '@epigenome/core';
import { z } from 'zod';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { integer, oneOf } from './schema-parts';

/** What `DashboardQueries.experimentPage` sorts by. */
export type ExperimentSort = 'created' | 'name' | 'best' | 'duration' | 'status';

/** Options of `DashboardQueries.experimentPage`. */
export interface ExperimentPageOptions {
  /** Only these statuses (default: all). */
  readonly statuses?: readonly ExperimentStatus[];
  /** Case-insensitive substring of the name. */
  readonly name?: string;
  /** Only experiments whose spec lists this tag (`spec.tags`). */
  readonly tag?: string;
  /** Default `created`. */
  readonly sort?: ExperimentSort;
  /** Default `desc`. */
  readonly order?: 'asc' | 'desc';
  /** Page size, 1..500; default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page (same filters and sort), or undefined for the first page. */
  readonly cursor?: string;
}

/** One experiment of a page: what a list shows, read without the (possibly large) spec. */
export interface ExperimentPageItem {
  readonly id: string;
  readonly name: string;
  readonly status: ExperimentStatus;
  readonly backend: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** From creation to the last update of the experiment's row, ms. */
  readonly durationMs: number;
  /** `spec.population`, when the spec has one. */
  readonly population: number | undefined;
  /** `spec.tags` (empty when none). */
  readonly tags: readonly string[];
  /** Regulator names by level (`spec.regulators.<level>[].name ?? use`). */
  readonly regulators: { readonly lineage: string[]; readonly population: string[]; readonly epoch: string[]; readonly step: string[] };
  /** The objective (`spec.objective`, default `val_accuracy`/`max`). */
  readonly objective: { readonly metric: string; readonly mode: 'max' | 'min' };
  /**
   * The best trial by fitness — its objective value at its latest evaluation, the best by the
   * objective's mode — and that value; undefined before any evaluation.
   */
  readonly best: { readonly trialId: string; readonly value: number } | undefined;
  /** Number of trials. */
  readonly trials: number;
}

/** A page of experiments and the cursor of the next (undefined on the last page). */
export interface ExperimentPage {
  readonly items: ExperimentPageItem[];
  readonly nextCursor: string | undefined;
}

const STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
const text200 = z.string({ error: 'a string of at most 200 characters' }).max(200, { error: 'a string of at most 200 characters' });
const optionsSchema = z
  .object({
    statuses: z.array(oneOf(STATUSES)).max(64, { error: 'at most 64 items' }).optional(),
    name: text200.optional(),
    tag: text200.optional(),
    sort: oneOf(['created', 'name', 'best', 'duration', 'status']).default('created'),
    order: oneOf(['asc', 'desc']).default('desc'),
    limit: integer(1, 500).default(50),
    cursor: z.string({ error: 'a cursor returned by a previous page' }).max(2000, { error: 'a cursor returned by a previous page' }).optional(),
  })
  .strict();

// Sort key per sort: numeric or text, possibly null (best of an experiment without values).
const KEYS: Record<ExperimentSort, { expr: string; numeric: boolean }> = {
  created: { expr: 'e.created_at::float8', numeric: true },
  duration: { expr: '(e.updated_at - e.created_at)::float8', numeric: true },
  name: { expr: 'e.name', numeric: false },
  status: { expr: 'e.status', numeric: false },
  best: { expr: 'b.value', numeric: true },
};

// The best trial by fitness (the objective of its latest evaluation, oriented so higher is
// better: the runner stores value for `max` and −value for `min`), by the (experiment_id,
// fitness) index; its value in the objective's own sign.
const BEST_LATERAL = `left join lateral (
  select t.id as trial_id, case when e.mode = 'min' then -t.fitness else t.fitness end as value
  from trials t where t.experiment_id = e.id and t.fitness is not null and t.fitness not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)
  order by t.fitness desc, t.id asc limit 1
) b on true`;

const BASE = `select x.id, x.name, x.status, x.backend, x.created_at, x.updated_at,
  coalesce(x.spec->'objective'->>'metric', 'val_accuracy') as metric, coalesce(x.spec->'objective'->>'mode', 'max') as mode
  from experiments x`;

interface Cursor {
  readonly v: 1;
  /** Hash of the filters and sort the cursor was made under. */
  readonly q: string;
  /** 1 when the key was null. */
  readonly n: 0 | 1;
  readonly k: number | string;
  readonly id: string;
}

const badCursor = (value: unknown, why: string) =>
  new EpigenomeError({
    code: 'INVALID_ARGUMENT',
    field: 'cursor',
    value,
    allowed: 'the nextCursor of a previous page with the same filters and sort',
    message: `cursor must be the nextCursor of a previous page with the same filters and sort; ${why}`,
  });

const seal = (body: string) => createHash('sha256').update(`epigenome-cursor:${body}`).digest('base64url').slice(0, 16);

function encodeCursor(c: Cursor): string {
  const body = Buffer.from(JSON.stringify(c)).toString('base64url');
  return `${body}.${seal(body)}`;
}

function decodeCursor(text: string, query: string, numeric: boolean): Cursor {
  const [body, mac, extra] = text.split('.');
  if (!body || !mac || extra !== undefined || seal(body) !== mac) throw badCursor(text, 'this one was altered or made up');
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw badCursor(text, 'this one is not readable');
  }
  if (c?.v !== 1 || typeof c.id !== 'string' || (c.n !== 0 && c.n !== 1)) throw badCursor(text, 'this one is not readable');
  if (c.q !== query) throw badCursor(text, 'this one was made for other filters or another sort');
  if (numeric ? typeof c.k !== 'number' || !Number.isFinite(c.k) : typeof c.k !== 'string') throw badCursor(text, 'this one is not readable');
  return c;
}

const LEVEL_NAMES = ['lineage', 'population', 'epoch', 'step'] as const;

function regulatorNames(value: unknown): ExperimentPageItem['regulators'] {
  const out = { lineage: [] as string[], population: [] as string[], epoch: [] as string[], step: [] as string[] };
  if (value === null || typeof value !== 'object') return out;
  for (const level of LEVEL_NAMES) {
    const list = (value as Record<string, unknown>)[level];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const e = entry as { name?: unknown; use?: unknown } | null;
      const name = typeof e?.name === 'string' ? e.name : typeof e?.use === 'string' ? e.use : undefined;
      if (name !== undefined) out[level].push(name);
    }
  }
  return out;
}

type Row = {
  id: string;
  name: string;
  status: string;
  backend: string;
  created_at: number | string;
  updated_at: number | string;
  metric: string;
  mode: string;
  best_trial: string | null;
  best_value: number | string | null;
  trials: number | string;
  population: unknown;
  tags: unknown;
  regulators: unknown;
  key_null: number | string;
  key: number | string | null;
};

/**
 * A page of experiments, filtered, sorted and paged in SQL (keyset pagination on the sort key
 * and the id, so a page boundary stays put when experiments are added). The cursor carries the
 * last row's key, the filters' hash and a checksum; a cursor altered, made up, or reused with
 * other filters is refused with `INVALID_ARGUMENT` naming `cursor`.
 */
export async function experimentPage(db: Executor, input: ExperimentPageOptions = {}): Promise<ExperimentPage> {
  const o = parseInput(optionsSchema, input, '');
  const key = KEYS[o.sort];
  const query = seal(JSON.stringify([o.statuses ? [...o.statuses].sort() : null, o.name ?? null, o.tag ?? null, o.sort, o.order]));
  const cursor = o.cursor === undefined ? undefined : decodeCursor(o.cursor, query, key.numeric);

  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (o.statuses !== undefined) where.push(`x.status = any(${p(o.statuses)}::text[])`);
  if (o.name !== undefined && o.name !== '') where.push(`strpos(lower(x.name), lower(${p(o.name)})) > 0`);
  if (o.tag !== undefined) where.push(`coalesce(x.spec->'tags', '[]'::jsonb) @> jsonb_build_array(${p(o.tag)}::text)`);
  const filtered = `${BASE}${where.length > 0 ? ` where ${where.join(' and ')}` : ''}`;

  const dir = o.order === 'asc' ? 'asc' : 'desc';
  const cmp = o.order === 'asc' ? '>' : '<';
  const nullKey = `(${key.expr} is null)::int`;
  const keyValue = `coalesce(${key.expr}, ${key.numeric ? '0' : "''"})`;
  const after =
    cursor === undefined
      ? ''
      : `where ${nullKey} > ${p(cursor.n)}::int or (${nullKey} = $${params.length}::int and (${keyValue}, e.id) ${cmp} (${p(cursor.k)}::${key.numeric ? 'float8' : 'text'}, ${p(cursor.id)}::text))`;
  const limit = p(o.limit + 1);
  // The best values are computed before sorting only when sorting by them; otherwise for the page.
  const sortedByBest = o.sort === 'best';
  const page = `select e.*, b.trial_id as best_trial, b.value as best_value, ${nullKey} as key_null, ${key.expr} as key
    from (${filtered}) e ${sortedByBest ? BEST_LATERAL : 'left join lateral (select null::text as trial_id, null::float8 as value) b on true'}
    ${after} order by ${nullKey} asc, ${keyValue} ${dir}, e.id ${dir} limit ${limit}::int`;
  const sql = `select e.id, e.name, e.status, e.backend, e.created_at, e.updated_at, e.metric, e.mode, e.key_null, e.key,
    ${sortedByBest ? 'e.best_trial, e.best_value' : 'b.trial_id as best_trial, b.value as best_value'},
    (select count(*) from trials t where t.experiment_id = e.id) as trials,
    x.spec->'population' as population, x.spec->'tags' as tags, x.spec->'regulators' as regulators
    from (${page}) e join experiments x on x.id = e.id ${sortedByBest ? '' : BEST_LATERAL}
    order by e.key_null asc, ${key.numeric ? 'coalesce(e.key::float8, 0)' : "coalesce(e.key::text, '')"} ${dir}, e.id ${dir}`;
  const rows = await db.query<Row>(sql, params);
  const more = rows.length > o.limit;
  const items = rows.slice(0, o.limit).map((r): ExperimentPageItem => ({
    id: r.id,
    name: r.name,
    status: r.status as ExperimentStatus,
    backend: r.backend,
    createdAt: Number(r.created_at),
    durationMs: Number(r.updated_at) - Number(r.created_at),
    population: typeof r.population === 'number' ? r.population : undefined,
    tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    regulators: regulatorNames(r.regulators),
    objective: { metric: r.metric, mode: r.mode === 'min' ? 'min' : 'max' },
    best: r.best_trial === null || r.best_value === null ? undefined : { trialId: r.best_trial, value: Number(r.best_value) },
    trials: Number(r.trials),
  }));
  const last = rows[o.limit - 1];
  const nextCursor =
    more && last
      ? encodeCursor({
          v: 1,
          q: query,
          n: Number(last.key_null) === 1 ? 1 : 0,
          k: last.key === null ? (key.numeric ? 0 : '') : key.numeric ? Number(last.key) : String(last.key),
          id: last.id,
        })
      : undefined;
  return { items, nextCursor };
}
