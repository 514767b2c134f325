import { EpigenomeError } from '@epigenome/core';
import type { Memory } from '../memory';

/** An error of the database driver as `STORE_FAILURE`, naming the operation and the driver's reason. */
export function storeError(operation: string, error: unknown): unknown {
  if (EpigenomeError.isInstance(error)) return error;
  let reason = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof Error && cause.message) reason = cause.message; // drizzle wraps the driver's error
  reason = reason.split('\n')[0]?.slice(0, 300) ?? '';
  return new EpigenomeError({ code: 'STORE_FAILURE', message: `memory.${operation}() failed: ${reason}`, cause: error });
}

/** Wraps every method (and every dashboard query) so driver errors surface as `STORE_FAILURE`. */
export function guardStore(memory: Memory): Memory {
  const guard = <F extends (...args: never[]) => unknown>(operation: string, fn: F, self: unknown): F =>
    function (this: unknown, ...args: Parameters<F>) {
      let result: unknown;
      try {
        result = fn.apply(self, args);
      } catch (error) {
        throw storeError(operation, error);
      }
      if (result && typeof (result as Promise<unknown>).then === 'function')
        return (result as Promise<unknown>).catch((error: unknown) => Promise.reject(storeError(operation, error)));
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
