import { EpigenomeError } from '@epigenome/core';

/** Largest spec accepted, in bytes (of the file, or of the object's JSON): 1 MB. */
export const MAX_SPEC_BYTES = 1_000_000;

/** Throws `LIMIT_EXCEEDED` naming the limit when `bytes` is over {@link MAX_SPEC_BYTES}. */
export function checkSpecSize(bytes: number, what: string): void {
  if (bytes <= MAX_SPEC_BYTES) return;
  throw new EpigenomeError({
    code: 'LIMIT_EXCEEDED',
    field: 'spec',
    value: `${bytes} bytes`,
    allowed: `at most ${MAX_SPEC_BYTES} bytes (1 MB)`,
    message: `${what} is ${bytes.toLocaleString('en')} bytes; a spec may be at most 1 MB (${MAX_SPEC_BYTES.toLocaleString('en')} bytes) — keep data out of the spec`,
  });
}

/** Size of a value's JSON in bytes; 0 when it has none (a cycle, a bigint: the schema refuses those). */
export function jsonBytes(value: unknown): number {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  } catch {
    return 0;
  }
}
