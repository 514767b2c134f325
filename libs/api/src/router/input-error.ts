import { describeValue, EpigenomeError } from '@epigenome/core';
import type { z } from 'zod';

/** `a.b[3].c` from a zod path; `input` for the root. */
export function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? 'input' : out;
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
 * A refused procedure input as one `INVALID_ARGUMENT` naming the field: every issue a line
 * `field must be <allowed>; got <value>` (an unknown key: `field is not an option`), the first
 * one's field, value and allowed text on the error. The router's schemas give every check its
 * allowed text as the message (see input-parts.ts).
 */
export function inputError(error: z.ZodError, input: unknown): EpigenomeError {
  const lines = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = fieldOf([...issue.path, key]);
        return { field, value: valueAt(input, [...issue.path, key]), allowed: 'absent (not an option)', message: `${field} is not an option` };
      });
    }
    const field = fieldOf(issue.path);
    const value = valueAt(input, issue.path);
    const allowed = issue.message;
    return [{ field, value, allowed, message: `${field} must be ${allowed}; got ${describeValue(value)}` }];
  });
  const first = lines[0] ?? { field: 'input', value: input, allowed: 'a valid input', message: 'input is invalid' };
  return new EpigenomeError({
    code: 'INVALID_ARGUMENT',
    field: first.field,
    value: first.value,
    allowed: first.allowed,
    message: lines.map((l) => l.message).join('\n'),
    cause: error,
  });
}
