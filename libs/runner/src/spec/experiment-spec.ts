import { EpigenomeError, describeValue, validateSpace, type SearchSpace } from '@epigenome/core';
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'a finite number');

const paramSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('float'), min: finite, max: finite, log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('int'), min: z.int(), max: z.int(), log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('choice'), values: z.array(z.union([z.string(), finite, z.boolean()])).min(1) }).strict(),
]);

const regulatorEntry = z
  .object({
    /** Registered plugin name, e.g. `pbt`, `hypergradient`. */
    use: z.string().min(1),
    /** Name of this instance (default: the plugin name). */
    name: z.string().min(1).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** The zod schema of an experiment spec (JSON or a TypeScript module's default export). */
export const experimentSpecSchema = z
  .object({
    name: z.string().min(1).max(200),
    seed: z.int().min(0).max(2 ** 31 - 1).default(0),
    dataset: z.object({ name: z.enum(['mnist', 'iris', 'spirals', 'drifting']) }).catchall(z.unknown()),
    model: z.object({ kind: z.enum(['mlp', 'cnn']) }).catchall(z.unknown()),
    space: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'an identifier'), paramSpec).refine((s) => Object.keys(s).length > 0, 'at least one hyperparameter'),
    objective: z.object({ metric: z.string().min(1), mode: z.enum(['max', 'min']) }).strict().default({ metric: 'val_accuracy', mode: 'max' }),
    population: z.int().min(1).max(256).default(4),
    budget: z
      .object({ steps: z.int().min(1).optional(), epochs: z.number().positive().optional(), seconds: z.number().positive().optional(), reallocate: z.boolean().optional() })
      .strict()
      .refine((b) => (b.steps === undefined) !== (b.epochs === undefined), 'exactly one of steps or epochs'),
    evaluateEvery: z.int().min(1).default(100),
    signalEvery: z.int().min(1).default(10),
    checkpointEvery: z.int().min(0).default(1),
    workers: z.int().min(0).max(64).default(0),
    regulators: z
      .object({
        lineage: z.array(regulatorEntry).default([]),
        population: z.array(regulatorEntry).default([]),
        epoch: z.array(regulatorEntry).default([]),
        step: z.array(regulatorEntry).default([]),
      })
      .strict()
      .default({ lineage: [], population: [], epoch: [], step: [] }),
    memory: z.object({ inherit: z.boolean().default(true), writeMarks: z.boolean().default(true) }).strict().default({ inherit: true, writeMarks: true }),
  })
  .strict();

/** A validated experiment spec, defaults filled in. */
export type ExperimentSpec = z.output<typeof experimentSpecSchema>;
/** An experiment spec as written (defaults optional). */
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function allowedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `${issue.origin === 'array' ? 'at least' : '≥'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `≤ ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => describeValue(v)).join(', ')}`;
    case 'invalid_type':
      return `${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'unrecognized_keys':
      return `no key ${issue.keys.map((k) => `"${k}"`).join(', ')} (unknown)`;
    case 'invalid_union':
      return 'a float, int or choice spec ({ kind, min, max, log? } or { kind: "choice", values })';
    default:
      return issue.message;
  }
}

/**
 * Validates a spec; throws `EpigenomeError` (`INVALID_ARGUMENT`) whose message lists every problem
 * as `path: must be <allowed>; got <value>`.
 */
export function parseExperimentSpec(input: unknown): ExperimentSpec {
  const parsed = experimentSpecSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = ['spec', ...issue.path.map(String)].join('.');
      const allowed = allowedOf(issue);
      return { path, allowed, value: valueAt(input, issue.path) };
    });
    const first = lines[0] as (typeof lines)[number];
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: first.path,
      value: first.value,
      allowed: first.allowed,
      message: lines.map((l) => `${l.path} must be ${l.allowed}; got ${describeValue(l.value)}`).join('\n'),
    });
  }
  try {
    validateSpace(parsed.data.space as SearchSpace);
  } catch (cause) {
    if (EpigenomeError.isInstance(cause)) {
      throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: `spec.${cause.field ?? 'space'}`, value: cause.value, allowed: cause.allowed, message: `spec.${cause.message}`, cause });
    }
    throw cause;
  }
  return parsed.data;
}
