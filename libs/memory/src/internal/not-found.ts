import { EpigenomeError } from '@epigenome/core';

/** `NOT_FOUND` for an unknown id: `experiment "x" not found (experimentId)`. */
export function notFound(field: string, value: unknown, what: string): EpigenomeError {
  return new EpigenomeError({ code: 'NOT_FOUND', message: `${what} ${JSON.stringify(value)} not found (${field})`, field, value, allowed: `the id of a stored ${what}` });
}
