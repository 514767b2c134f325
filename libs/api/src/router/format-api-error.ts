import { EpigenomeError } from '@epigenome/core';
import type { TRPCError } from '@trpc/server';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import { inputError } from './input-error';

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
 * field and allowed range; a zod error of an input names the field (`limit must be an integer
 * between 1 and 500; got 0`); any server error becomes a bare "internal error" — never a stack,
 * never a driver's message.
 */
export function formatApiError({ shape, error, input }: { shape: DefaultErrorShape; error: TRPCError; input?: unknown }): { message: string; code: number; data: ApiErrorData } {
  const data: ApiErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus };
  if (shape.data.code === 'INTERNAL_SERVER_ERROR') return { message: 'internal error', code: shape.code, data };
  const cause = error.cause instanceof ZodError ? inputError(error.cause, input) : error.cause;
  if (EpigenomeError.isInstance(cause)) {
    return { message: cause.message, code: shape.code, data: { ...data, ...(cause.field ? { field: cause.field } : {}), ...(cause.allowed ? { allowed: cause.allowed } : {}) } };
  }
  return { message: shape.message, code: shape.code, data };
}
