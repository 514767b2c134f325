import { EpigenomeError, type ExperimentRecord } from '@epigenome/core';
import { checkSpec } from '@epigenome/runner';
import { z } from 'zod';
import { id, input, int, list, oneOf, searchText, text } from './input-parts';
import { publicProcedure, router } from './trpc';

const STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
const experimentId = input({ experimentId: id('an experiment') });

const conflict = (experiment: string, message: string, allowed: string) =>
  new EpigenomeError({ code: 'CONFLICT', field: 'experimentId', value: experiment, allowed, message: `experiment ${JSON.stringify(experiment)} ${message}` });

/**
 * The spec as checked by the runner. Every refusal is the spec's fault, so it is `INVALID_ARGUMENT`
 * (an unknown plugin too) unless it is too large, and its field is `spec.<path>`.
 */
function checkedSpec(spec: unknown): void {
  try {
    checkSpec(spec);
  } catch (error) {
    if (!EpigenomeError.isInstance(error)) throw error;
    const underSpec = error.field === 'spec' || error.field?.startsWith('spec.') || error.field?.startsWith('spec[');
    const field = error.field === undefined ? 'spec' : underSpec ? error.field : `spec.${error.field}`;
    if (underSpec && error.code !== 'NOT_FOUND') throw error;
    throw new EpigenomeError({
      code: error.code === 'LIMIT_EXCEEDED' ? 'LIMIT_EXCEEDED' : 'INVALID_ARGUMENT',
      field,
      value: error.value,
      allowed: error.allowed,
      message: underSpec || error.field === undefined ? error.message : `spec.${error.message}`,
      cause: error,
    });
  }
}

/** `experiments.*`: list, detail and the lifecycle mutations. */
export const experimentsRouter = router({
  /**
   * A page of experiments (see `DashboardQueries.experimentPage`): filter by `statuses`, `name`
   * (substring, any case) and `tag`; sort by `created` (default), `name`, `best`, `duration` or
   * `status`, `desc` by default; `limit` 1..500 (default 50); `cursor` is the `nextCursor` of the
   * previous page. Each item says whether this server is running it (`running`).
   */
  list: publicProcedure
    .input(
      input({
        statuses: list(oneOf(STATUSES)).optional(),
        name: searchText().optional(),
        tag: text('a tag').optional(),
        sort: oneOf(['created', 'name', 'best', 'duration', 'status']).optional(),
        order: oneOf(['asc', 'desc']).optional(),
        limit: int(1, 500).optional(),
        cursor: z.string({ error: 'the nextCursor of a previous page' }).max(2000, { error: 'the nextCursor of a previous page' }).optional(),
      }).optional(),
    )
    .query(async ({ ctx, input: o = {} }) => {
      const page = await ctx.memory.queries.experimentPage(o);
      return { items: page.items.map((item) => ({ ...item, running: ctx.host.isRunning(item.id) })), nextCursor: page.nextCursor };
    }),

  /** One experiment: its record (spec, summary, context), counts of trials, metric points and events, and whether it runs here. */
  get: publicProcedure.input(experimentId).query(async ({ ctx, input: { experimentId } }) => {
    const record: ExperimentRecord = await ctx.memory.getExperiment(experimentId);
    const [counts, trials] = await Promise.all([ctx.memory.counts(experimentId), ctx.memory.listTrials(experimentId)]);
    return { ...record, counts: { trials: trials.length, metrics: counts.metrics, events: counts.events }, running: ctx.host.isRunning(experimentId) };
  }),

  /** Checks a spec with the runner's `checkSpec` (errors name `spec.<path>`), then starts it on the host; resolves with its id. */
  start: publicProcedure.input(input({ spec: z.unknown() })).mutation(async ({ ctx, input: { spec } }) => {
    if (spec === undefined)
      throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'spec', value: spec, allowed: 'an experiment spec', message: 'spec must be an experiment spec; got undefined' });
    checkedSpec(spec);
    return ctx.host.start(spec);
  }),

  /** Stops a running experiment; it is checkpointed and left `interrupted` (resumable). CONFLICT when it is not running here. */
  stop: publicProcedure.input(experimentId).mutation(async ({ ctx, input: { experimentId } }) => {
    const record = await ctx.memory.getExperiment(experimentId);
    if (!ctx.host.isRunning(experimentId)) throw conflict(experimentId, `is ${record.status}${record.status === 'running' ? ' in another process' : ''}, not running on this server: nothing to stop`, 'a running experiment');
    await ctx.host.stop(experimentId);
    return { experimentId, status: (await ctx.memory.getExperiment(experimentId)).status };
  }),

  /**
   * Resumes an interrupted experiment from its last checkpoints; resolves once it runs again.
   * CONFLICT when it runs, has completed or has failed (a failed run keeps its error, not a resumable state).
   */
  resume: publicProcedure.input(experimentId).mutation(async ({ ctx, input: { experimentId } }) => {
    const record = await ctx.memory.getExperiment(experimentId);
    const running = ctx.host.isRunning(experimentId);
    if (running || record.status !== 'interrupted') {
      // A finished experiment's worker may not have ended yet: the stored status says more.
      const state = record.status === 'completed' || record.status === 'failed' || !running ? record.status : 'running';
      throw conflict(experimentId, `is ${state}: only an interrupted experiment can be resumed`, 'an interrupted experiment');
    }
    await ctx.host.resume(experimentId);
    return { experimentId };
  }),

  /**
   * Where a run stands, for a client that started it (the CLI): stored status, whether this
   * server runs it, its last persisted round, and the stored result or error once ended.
   */
  runState: publicProcedure.input(experimentId).query(async ({ ctx, input: { experimentId } }) => {
    const record = await ctx.memory.getExperiment(experimentId);
    const summary = (record.summary ?? {}) as { runner?: { round?: number }; result?: unknown; error?: { code: string; message: string } };
    return {
      experimentId: record.id,
      status: record.status,
      running: ctx.host.isRunning(record.id),
      round: summary.runner?.round ?? 0,
      ...(summary.result !== undefined ? { result: summary.result } : {}),
      ...(summary.error !== undefined ? { error: summary.error } : {}),
    };
  }),

  /** Deletes an experiment with all its data (marks it wrote stay). CONFLICT while it runs here. */
  delete: publicProcedure.input(experimentId).mutation(async ({ ctx, input: { experimentId } }) => {
    await ctx.memory.getExperiment(experimentId);
    if (ctx.host.isRunning(experimentId)) throw conflict(experimentId, 'is running; stop it first', 'an experiment that is not running');
    await ctx.memory.deleteExperiment(experimentId);
    ctx.changes.notify(experimentId);
    return { experimentId, deleted: true as const };
  }),
});
