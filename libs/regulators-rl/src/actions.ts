import { describeSpec, invalidArgument, isIntegerSpec, isNumericSpec, type ParamSpec, type SearchSpace } from '@epigenome/core';

/**
 * The actions a learned controller may take on one hyperparameter at each decision:
 * - `factor`: multiply the current effective value (e.g. `×0.5 … ×2` on a learning rate);
 * - `delta`: add to it (e.g. `−0.05, 0, +0.05` on dropout), the result clamped to the space.
 * Include the identity (`×1` or `+0`) so "keep" is an option.
 */
export type ActionSet = { readonly kind: 'factor'; readonly values: readonly number[] } | { readonly kind: 'delta'; readonly values: readonly number[] };

/** Hyperparameter name → its action set. Every name must be a numeric hyperparameter of the space. */
export type ActionSpace = Readonly<Record<string, ActionSet>>;

/**
 * Multiplicative actions (each a finite number > 0, distinct).
 *
 * @example factors(0.5, 0.8, 1, 1.25, 2) // the default for `lr`
 */
export function factors(...values: number[]): ActionSet {
  return checkActionSet('factors', { kind: 'factor', values });
}

/**
 * Additive actions (each a finite number, distinct), in the hyperparameter's own units.
 *
 * @example deltas(-0.05, 0, 0.05) // for dropout
 */
export function deltas(...values: number[]): ActionSet {
  return checkActionSet('deltas', { kind: 'delta', values });
}

/** The default learning-rate actions: ×0.5, ×0.8, ×1, ×1.25, ×2. */
export const DEFAULT_LR_ACTIONS: ActionSet = { kind: 'factor', values: [0.5, 0.8, 1, 1.25, 2] };

/** The default dropout actions: −0.05, 0, +0.05. */
export const DEFAULT_DROPOUT_ACTIONS: ActionSet = { kind: 'delta', values: [-0.05, 0, 0.05] };

/** Validates one action set, naming the field. @internal */
export function checkActionSet(field: string, set: unknown): ActionSet {
  if (typeof set !== 'object' || set === null) throw invalidArgument(field, set, 'an action set made by factors(…) or deltas(…)');
  const { kind, values } = set as { kind?: unknown; values?: unknown };
  if (kind !== 'factor' && kind !== 'delta') throw invalidArgument(`${field}.kind`, kind, '"factor" or "delta"');
  if (!Array.isArray(values) || values.length === 0)
    throw invalidArgument(`${field}.values`, values, 'a non-empty array of actions (an empty action set leaves nothing to choose)');
  values.forEach((v, i) => {
    const ok = typeof v === 'number' && Number.isFinite(v) && (kind === 'delta' || v > 0);
    if (!ok) throw invalidArgument(`${field}.values[${i}]`, v, kind === 'factor' ? 'a finite number > 0 (a factor)' : 'a finite number (a delta)');
  });
  if (new Set(values).size !== values.length) throw invalidArgument(`${field}.values`, values, 'distinct actions');
  return { kind, values: [...(values as number[])] };
}

/** Validates a whole action space (non-empty, each set valid). @internal */
export function checkActionSpace(field: string, actions: unknown): ActionSpace {
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions))
    throw invalidArgument(field, actions, 'an object of hyperparameter name → factors(…) or deltas(…)');
  const names = Object.keys(actions);
  if (names.length === 0) throw invalidArgument(field, actions, 'at least one hyperparameter with its actions (an empty action set leaves nothing to control)');
  const out: Record<string, ActionSet> = {};
  for (const name of names) out[name] = checkActionSet(`${field}.${name}`, (actions as Record<string, unknown>)[name]);
  return out;
}

/**
 * Checks the action space against the search space: every name must be a numeric hyperparameter
 * (`UNKNOWN_PARAMETER` otherwise), so a typo fails at `setup` rather than silently doing nothing.
 * @internal
 */
export function checkActionsInSpace(field: string, actions: ActionSpace, space: SearchSpace, regulator: string): void {
  for (const name of Object.keys(actions)) {
    const spec = space[name] as ParamSpec | undefined;
    if (spec === undefined) {
      throw invalidArgument(
        `${field}.${name}`,
        name,
        `a hyperparameter of the space (${Object.keys(space).join(', ')}); regulator "${regulator}" has actions for one the space lacks`,
        { code: 'UNKNOWN_PARAMETER' },
      );
    }
    if (!isNumericSpec(spec)) throw invalidArgument(`${field}.${name}`, name, `a numeric hyperparameter (it is ${describeSpec(spec)}); actions are factors or deltas`);
  }
}

/** The value an action leads to from `current`, clamped to the spec. @internal */
export function applyAction(set: ActionSet, index: number, current: number, spec: ParamSpec): number {
  const a = set.values[index] as number;
  const raw = set.kind === 'factor' ? current * a : current + a;
  if (!isNumericSpec(spec)) return raw;
  const v = Math.min(spec.max, Math.max(spec.min, raw));
  return isIntegerSpec(spec) ? Math.round(v) : v;
}

/**
 * Which actions are feasible from `current`: an action that would only push against a bound
 * (the value cannot move that way) is masked, except the identity, so the controller never
 * "chooses" a change the space forbids and never learns from one. @internal
 */
export function feasibleActions(set: ActionSet, current: number, spec: ParamSpec): boolean[] {
  const identity = set.kind === 'factor' ? 1 : 0;
  const mask = set.values.map((a, i) => a === identity || applyAction(set, i, current, spec) !== current);
  if (!mask.some(Boolean)) mask.fill(true);
  return mask;
}

/** Describes one action, e.g. `×1.25` or `+0.05`. @internal */
export function describeAction(set: ActionSet, index: number): string {
  const a = set.values[index] as number;
  return set.kind === 'factor' ? `×${a}` : `${a >= 0 ? '+' : ''}${a}`;
}
