import { EpigenomeError, type EpigenomeErrorCode } from '@epigenome/core';
import { checkSpec } from '@epigenome/runner';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router } from './trpc';

/** Longest experiment id accepted, in characters (as the CLI's `checkId`). */
const MAX_ID_LENGTH = 200;

const idInput = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .regex(/^[^\p{C}\p{Z}]+$/u, `1–${MAX_ID_LENGTH} printable characters without spaces`),
});

const TRPC_CODES: Partial<Record<EpigenomeErrorCode, TRPCError['code']>> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LIMIT_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  INVALID_ARGUMENT: 'BAD_REQUEST',
  INVALID_SPACE: 'BAD_REQUEST',
  INVALID_CONFIG: 'BAD_REQUEST',
  INVALID_ADJUSTMENT: 'BAD_REQUEST',
  REGULOME_CONFLICT: 'BAD_REQUEST',
  UNKNOWN_PARAMETER: 'BAD_REQUEST',
  UNSUPPORTED_SPECIFICATION: 'BAD_REQUEST',
};

/**
 * An `EpigenomeError` of the client's making as a TRPCError of the matching code (kept as
 * `cause`, so the formatter shows its field); a store or engine failure as a bare internal error
 * (its message stays in the server's log); anything else is rethrown as it is.
 */
function asTrpcError(error: unknown): unknown {
  if (!EpigenomeError.isInstance(error)) return error;
  const code = TRPC_CODES[error.code];
  if (code === undefined)
    return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: Object.assign(new Error(error.message), { stack: error.stack }) });
  return new TRPCError({ code, message: error.message, cause: error });
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asTrpcError(error);
  }
}

/**
 * Mutations that start, stop and resume experiments through `ctx.host` (training runs off the
 * server's event loop). Errors name the field: a bad spec is refused by the runner's `checkSpec`
 * (BAD_REQUEST at `spec.<path>`) before anything is stored; an unknown id is NOT_FOUND; stopping
 * an experiment that is not running, or resuming one running or finished, is CONFLICT.
 */
export const experimentControlRouter = router({
  /**
   * Where a run stands, for a client that started it (the CLI): stored status, whether this
   * server runs it, its last persisted round, and the stored result once completed.
   */
  runState: publicProcedure.input(idInput).query(({ ctx, input }) =>
    mapped(async () => {
      const record = await ctx.memory.getExperiment(input.id);
      const summary = (record.summary ?? {}) as { runner?: { round?: number }; result?: unknown; error?: { code: string; message: string } };
      return {
        id: record.id,
        status: record.status,
        running: ctx.host.isRunning(record.id),
        round: summary.runner?.round ?? 0,
        ...(summary.result !== undefined ? { result: summary.result } : {}),
        ...(summary.error !== undefined ? { error: summary.error } : {}),
      };
    }),
  ),
  /** Starts an experiment from a spec (the runner's schema); resolves with its id once stored. */
  start: publicProcedure.input(z.strictObject({ spec: z.unknown() })).mutation(({ ctx, input }) =>
    mapped(async () => {
      checkSpec(input.spec);
      return ctx.host.start(input.spec);
    }),
  ),
  /** Stops a running experiment; resolves once it is checkpointed and `interrupted` (resumable). */
  stop: publicProcedure.input(idInput).mutation(({ ctx, input }) =>
    mapped(async () => {
      const record = await ctx.memory.getExperiment(input.id);
      if (!ctx.host.isRunning(input.id)) {
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'id',
          value: input.id,
          allowed: 'a running experiment',
          message: `experiment ${input.id} is ${record.status}${record.status === 'running' ? ' in another process' : ''}, not running on this server: nothing to stop`,
        });
      }
      await ctx.host.stop(input.id);
      return { id: input.id, status: (await ctx.memory.getExperiment(input.id)).status };
    }),
  ),
  /** Resumes an interrupted experiment from its last checkpoints; resolves once it runs again. */
  resume: publicProcedure.input(idInput).mutation(({ ctx, input }) =>
    mapped(async () => {
      const record = await ctx.memory.getExperiment(input.id);
      const running = ctx.host.isRunning(input.id);
      if (running || record.status !== 'interrupted') {
        // A finished experiment's worker may not have ended yet: the stored status says more.
        const state = record.status === 'completed' || record.status === 'failed' || !running ? record.status : 'running';
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'id',
          value: input.id,
          allowed: 'an interrupted experiment',
          message: `experiment ${input.id} is ${state}: only an interrupted experiment can be resumed`,
        });
      }
      await ctx.host.resume(input.id);
      return { id: input.id };
    }),
  ),
});
