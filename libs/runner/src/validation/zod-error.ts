import { EpigenomeError, describeValue, nearestName } from '@epigenome/core';
import type { z } from 'zod';

/** Renders a zod issue path under `root`: `spec.regulators.step[0].use`, or `budget.steps` when root is empty. */
export function pathOf(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? 'value' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The keys an object schema accepts at `path` for this `input` (a discriminated union picks the
 * option its discriminator names), so an unknown key can be answered with the nearest known one.
 */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  let s: z.ZodType | undefined = schema;
  let v: unknown = input;
  let i = 0;
  for (let guard = 0; s && guard < 64; guard++) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in && ['custom', 'transform'].includes(defOf(d.in).type) ? d.out : d.in;
    else if (d.type === 'union') {
      const tag = d.discriminator;
      const actual = tag && v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[tag] : undefined;
      s = d.options?.find((o) => {
        const lit = tag ? defOf(o).shape?.[tag] : undefined;
        return lit !== undefined && (defOf(lit).values ?? []).includes(actual);
      });
    } else if (i === path.length) return d.type === 'object' && d.shape ? Object.keys(d.shape) : undefined;
    else {
      const key = path[i++] as PropertyKey;
      v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
      if (d.type === 'object') s = d.shape?.[String(key)];
      else if (d.type === 'array') s = d.element;
      else if (d.type === 'record') s = d.valueType;
      else return undefined;
    }
  }
  return undefined;
}

/** What an issue allows, phrased to follow "must be". */
function allowedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `${issue.origin === 'array' ? 'at least' : '≥'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `${issue.origin === 'array' ? 'at most' : '≤'} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => describeValue(v)).join(', ')}`;
    case 'invalid_type':
      return `${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `one of ${options.map((v) => describeValue(v)).join(', ')}`;
      return 'a float, int or choice spec ({ kind, min, max, log? } or { kind: "choice", values })';
    }
    default:
      return issue.message;
  }
}

interface Line {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly message: string;
}

function linesOf(issue: z.core.$ZodIssue, input: unknown, root: string, schema: z.ZodType | undefined): Line[] {
  if (issue.code === 'unrecognized_keys') {
    const known = (schema ? knownKeysAt(schema, issue.path, input) : undefined)?.sort() ?? [];
    const allowed = known.length > 0 ? `one of ${known.join(', ')}` : 'no other key';
    return issue.keys.map((key) => {
      const field = pathOf(root, [...issue.path, key]);
      const near = nearestName(key, known);
      const hint = `${near ? `; did you mean "${near}"?` : ''}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
      return { field, value: valueAt(input, [...issue.path, key]), allowed, message: `${field} is not an option${hint}` };
    });
  }
  const field = pathOf(root, issue.path);
  const value = valueAt(input, issue.path);
  const allowed = allowedOf(issue);
  return [{ field, value, allowed, message: `${field} must be ${allowed}; got ${describeValue(value)}` }];
}

/**
 * Converts zod issues into one `EpigenomeError` (`INVALID_ARGUMENT`) whose message lists every
 * problem on its own line as `path must be <allowed>; got <value>` (an unknown key as `path is not
 * an option; did you mean "…"? (known: …)`); `field`, `value` and `allowed` describe the first.
 * Paths start at `root` (`spec` for a spec, empty for runner options). Pass the schema to get
 * nearest-key suggestions.
 */
export function epigenomeErrorFromZod(error: z.ZodError, input: unknown, root: string, schema?: z.ZodType): EpigenomeError {
  const lines = error.issues.flatMap((issue) => linesOf(issue, input, root, schema));
  const first = lines[0] ?? { field: root || 'value', value: input, allowed: 'a valid value', message: `${root || 'value'} is invalid` };
  return new EpigenomeError({
    code: 'INVALID_ARGUMENT',
    field: first.field,
    value: first.value,
    allowed: first.allowed,
    message: lines.map((l) => l.message).join('\n'),
    cause: error,
  });
}
