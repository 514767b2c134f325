import { z } from 'zod';

// Each check carries the "allowed" text of the error it produces (see parse-input.ts): the
// message of a failed check is what the field must be, e.g. `a non-empty string`.

/** A non-empty string. */
export const nonEmptyString = (allowed = 'a non-empty string') => z.string({ error: allowed }).min(1, { error: allowed });

/** A finite number (zod 4 numbers refuse NaN and ±Infinity). */
export const finiteNumber = (allowed = 'a finite number') => z.number({ error: allowed });

/** An integer in [min, max]; defaults: a non-negative 32-bit step. */
export function integer(min = 0, max = 2_147_483_647) {
  const allowed = `an integer in [${min}, ${max}]`;
  return z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
}

/** A seed: any safe integer. */
export const seedInteger = () => integer(-(2 ** 53) + 1, 2 ** 53 - 1);

/** A number in [0, 1]. */
export function unitNumber() {
  const allowed = 'a number in [0, 1]';
  return z.number({ error: allowed }).min(0, { error: allowed }).max(1, { error: allowed });
}

/** A finite number > 0. */
export function positiveNumber() {
  const allowed = 'a finite number > 0';
  return z.number({ error: allowed }).gt(0, { error: allowed });
}

/** One of the given strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(', ')}` });
}

/**
 * A refinement: the value is stored as JSON, so it must survive a round trip (no NaN,
 * functions, cycles, bigints, binary or dates). The issue names the offending path inside it.
 */
export function checkJson(value: unknown, ctx: z.RefinementCtx): void {
  // Absent is allowed here; the field's own schema says whether it is optional.
  if (value === undefined) return;
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: PropertyKey[]): boolean => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message, path: path as (string | number)[] });
      return false;
    };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (typeof v === 'number') return Number.isFinite(v) || fail('JSON (finite numbers only)');
    if (typeof v !== 'object') return fail('JSON');
    if (seen.has(v)) return fail('JSON without cycles');
    if (v instanceof Uint8Array || v instanceof Date) return fail('plain JSON');
    seen.add(v);
    const ok = Array.isArray(v)
      ? v.every((x, i) => walk(x, [...path, i]))
      : Object.entries(v as Record<string, unknown>).every(([k, x]) => x === undefined || walk(x, [...path, k]));
    seen.delete(v);
    return ok;
  };
  walk(value, []);
}

/** Any value stored as JSON (see {@link checkJson}). */
export const jsonValue = () => z.unknown().superRefine(checkJson);

/** An id or other required name argument. */
export const idString = nonEmptyString();
