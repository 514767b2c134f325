import { z } from 'zod';

// Every check carries its "allowed" text as its error, so a refused input reads
// `limit must be an integer between 1 and 500; got 0` (see input-error.ts).

/** Most items an array input may have. */
export const MAX_ITEMS = 64;
/** Longest string input (names, tags, ids). */
export const MAX_TEXT = 200;

/** An integer in [min, max]. */
export function int(min: number, max: number) {
  const allowed = `an integer between ${min} and ${max}`;
  return z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
}

/** A step: an integer in [0, 2^31 − 1]. */
export const step = () => int(0, 2_147_483_647);

/** A number in [min, max]. */
export function num(min: number, max: number) {
  const allowed = `a number between ${min} and ${max}`;
  return z.number({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
}

/** A non-empty string of at most {@link MAX_TEXT} characters. */
export function text(what = 'a non-empty string') {
  const allowed = `${what} of at most ${MAX_TEXT} characters`;
  return z.string({ error: allowed }).min(1, { error: allowed }).max(MAX_TEXT, { error: allowed });
}

/** An id of a stored record: printable characters, no spaces (as the CLI's `checkId`). */
export function id(what: string) {
  const allowed = `the id of ${what} (1 to ${MAX_TEXT} printable characters without spaces)`;
  return z.string({ error: allowed }).min(1, { error: allowed }).max(MAX_TEXT, { error: allowed }).regex(/^[^\p{C}\p{Z}]+$/u, { error: allowed });
}

/** A string that may be empty, at most {@link MAX_TEXT} characters. */
export function searchText() {
  const allowed = `a string of at most ${MAX_TEXT} characters`;
  return z.string({ error: allowed }).max(MAX_TEXT, { error: allowed });
}

/** One of the given strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(', ')}` });
}

/** An array of `min`..`max` items. */
export function list<T extends z.ZodType>(item: T, min = 0, max = MAX_ITEMS) {
  const allowed = min > 0 ? `an array of ${min} to ${max} items` : `an array of at most ${max} items`;
  return z.array(item, { error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
}

/** A strict object: an unknown key is refused by name. */
export function input<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, { error: 'an object' }).strict();
}
