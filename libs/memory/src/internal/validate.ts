import { EpigenomeError, invalidArgument, isLevel, type TaskContext } from '@epigenome/core';

export function requireString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument(field, value, 'a non-empty string');
  return value;
}

export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(field, value, 'a finite number');
  return value;
}

export function requireInt(field: string, value: unknown, min = 0, max = 2_147_483_647): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(field, value, `an integer in [${min}, ${max}]`);
  }
  return value;
}

export function requireUnit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw invalidArgument(field, value, 'a number in [0, 1]');
  return value;
}

export function requirePositive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidArgument(field, value, 'a finite number > 0');
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(field, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

export function requireLevel(field: string, value: unknown): void {
  if (!isLevel(value)) throw invalidArgument(field, value, 'one of "lineage", "population", "epoch", "step"');
}

/** Values stored as JSON must survive a round trip (no NaN, functions, cycles, bigints). */
export function requireJson(field: string, value: unknown): void {
  try {
    const seen = new Set<unknown>();
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw invalidArgument(path, v, 'JSON (finite numbers only)');
        return;
      }
      if (typeof v === 'object') {
        if (seen.has(v)) throw invalidArgument(path, '[cycle]', 'JSON without cycles');
        seen.add(v);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        else if (v instanceof Uint8Array || v instanceof Date) throw invalidArgument(path, v, 'plain JSON');
        else for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) walk(x, `${path}.${k}`);
        seen.delete(v);
        return;
      }
      throw invalidArgument(path, v, 'JSON');
    };
    walk(value, field);
  } catch (error) {
    if (EpigenomeError.isInstance(error)) throw error;
    throw invalidArgument(field, value, 'JSON', { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a `TaskContext` field by field; throws naming the first bad field. */
export function validateContext(field: string, context: unknown): asserts context is TaskContext {
  if (!isRecord(context)) throw invalidArgument(field, context, 'a TaskContext { dataset, model, state? }');
  const dataset = context.dataset;
  if (!isRecord(dataset)) throw invalidArgument(`${field}.dataset`, dataset, 'a DatasetDescriptor { name, samples, features, classes, inputShape }');
  requireString(`${field}.dataset.name`, dataset.name);
  requireInt(`${field}.dataset.samples`, dataset.samples, 0, Number.MAX_SAFE_INTEGER);
  requireInt(`${field}.dataset.features`, dataset.features, 0, Number.MAX_SAFE_INTEGER);
  requireInt(`${field}.dataset.classes`, dataset.classes, 0, Number.MAX_SAFE_INTEGER);
  const shape = dataset.inputShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw invalidArgument(`${field}.dataset.inputShape`, shape, 'a non-empty array of positive integers');
  }
  const model = context.model;
  if (!isRecord(model)) throw invalidArgument(`${field}.model`, model, 'an object { family, ...descriptors }');
  requireString(`${field}.model.family`, model.family);
  for (const [k, v] of Object.entries(model)) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
      throw invalidArgument(`${field}.model.${k}`, v, 'a string or a finite number');
    }
  }
  if (context.state !== undefined) {
    if (!isRecord(context.state)) throw invalidArgument(`${field}.state`, context.state, 'a record of finite numbers');
    for (const [k, v] of Object.entries(context.state)) requireFinite(`${field}.state.${k}`, v);
  }
  for (const k of Object.keys(context)) {
    if (k !== 'dataset' && k !== 'model' && k !== 'state') throw invalidArgument(`${field}.${k}`, context[k], 'absent (a TaskContext has dataset, model, state)');
  }
}

/** JSON with object keys sorted: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function notFound(field: string, value: unknown, what: string): EpigenomeError {
  return new EpigenomeError({ code: 'NOT_FOUND', message: `${what} ${JSON.stringify(value)} not found (${field})`, field, value, allowed: `the id of a stored ${what}` });
}
