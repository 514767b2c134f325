import { EpigenomeError, type EpigenomeErrorCode } from '@epigenome/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import { inputError } from './input-error';

/** The one table from Epigenome's error codes to tRPC's. */
export const TRPC_CODE_OF: Readonly<Record<EpigenomeErrorCode, TRPC_ERROR_CODE_KEY>> = {
  INVALID_ARGUMENT: 'BAD_REQUEST',
  INVALID_SPACE: 'BAD_REQUEST',
  INVALID_CONFIG: 'BAD_REQUEST',
  INVALID_ADJUSTMENT: 'BAD_REQUEST',
  REGULOME_CONFLICT: 'BAD_REQUEST',
  UNKNOWN_PARAMETER: 'BAD_REQUEST',
  UNSUPPORTED_SPECIFICATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LIMIT_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  DIVERGED: 'INTERNAL_SERVER_ERROR',
  ENGINE_FAILURE: 'INTERNAL_SERVER_ERROR',
  STORE_FAILURE: 'INTERNAL_SERVER_ERROR',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/**
 * Normalises anything a procedure threw into a `TRPCError`: an `EpigenomeError` by the code table,
 * kept as `cause` (so `formatApiError` gives its field and allowed range); a zod error of an input
 * as `BAD_REQUEST` naming the field; a `TRPCError` whose cause is one of those, the same way;
 * anything else as an internal error.
 */
export function toTrpcError(error: unknown, input?: unknown): TRPCError {
  const cause = error instanceof TRPCError && error.cause !== undefined ? error.cause : error;
  if (EpigenomeError.isInstance(cause)) return new TRPCError({ code: TRPC_CODE_OF[cause.code] ?? 'INTERNAL_SERVER_ERROR', message: cause.message, cause });
  if (cause instanceof ZodError) {
    const e = inputError(cause, input);
    return new TRPCError({ code: 'BAD_REQUEST', message: e.message, cause: e });
  }
  if (error instanceof TRPCError) return error;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error });
}
