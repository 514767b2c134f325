import { EpigenomeError, invalidArgument } from '@epigenome/core';
import type { z } from 'zod';
import { idString } from './schema-parts';

/** `a.b[3].c` from a zod path, under `root` (empty for none). */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * A zod failure as the store's `INVALID_ARGUMENT`: the first issue names the field
 * (`events[3].level`), the value found there, and what is allowed — the schemas of this package
 * give each check its allowed text as the issue message.
 */
export function toEpigenomeError(error: z.ZodError, input: unknown, root: string): EpigenomeError {
  const issue = error.issues[0];
  if (!issue) return new EpigenomeError({ code: 'INVALID_ARGUMENT', message: `${root} is invalid`, field: root, value: input, cause: error });
  // An unknown key is blamed on the key itself: `context.extra must be absent …`.
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  return invalidArgument(fieldPath(root, path) || 'input', valueAt(input, path), issue.message, { cause: error });
}

/** Parses `input` with `schema`, or throws the `EpigenomeError` of its first issue under `field`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, field: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw toEpigenomeError(result.error, input, field);
  return result.data;
}

/** An id argument (a non-empty string), or `INVALID_ARGUMENT` naming `field`. */
export function parseId(field: string, value: unknown): string {
  return parseInput(idString, value, field);
}
