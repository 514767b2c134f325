import { EpigenomeError } from '@epigenome/core';
import type { TRPCError } from '@trpc/server';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';

/** What a client reads in `error.data` besides tRPC's code: the offending field and what it allows. */
export interface ApiErrorData {
  readonly code: DefaultErrorShape['data']['code'];
  readonly httpStatus: number;
  /** Dotted path of the input field at fault, when one is. */
  readonly field?: string;
  /** The allowed values or range of that field. */
  readonly allowed?: string;
}

/**
 * The router's error formatter: an `EpigenomeError` (cause of the TRPCError) keeps its message,
 * field and allowed range; any other server error becomes a bare "internal error" — never a stack.
 */
export function formatApiError({ shape, error }: { shape: DefaultErrorShape; error: TRPCError }): { message: string; code: number; data: ApiErrorData } {
  const cause = error.cause;
  const data: ApiErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus };
  if (cause instanceof EpigenomeError) {
    return { message: cause.message, code: shape.code, data: { ...data, ...(cause.field ? { field: cause.field } : {}), ...(cause.allowed ? { allowed: cause.allowed } : {}) } };
  }
  if (shape.data.code === 'INTERNAL_SERVER_ERROR') return { message: 'internal error', code: shape.code, data };
  return { message: shape.message, code: shape.code, data };
}
