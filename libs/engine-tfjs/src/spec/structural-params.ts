import { invalidArgument, type Config } from '@epigenome/core';
import type { CnnSpec, MlpSpec, ModelSpec } from '../model/model-spec';

// Free of TensorFlow.js (types only), so a spec's structural names can be checked before tfjs loads.

/** Default hidden widths of an `mlp` spec. */
export const DEFAULT_HIDDEN: readonly number[] = [128, 64];
/** Default filters of a `cnn` spec's conv blocks. */
export const DEFAULT_FILTERS: readonly number[] = [8];
/** Default dense widths of a `cnn` spec. */
export const DEFAULT_DENSE: readonly number[] = [];
/** Largest width a layer may have (units or filters). */
export const MAX_WIDTH = 65_536;

const STRUCTURAL = /^(width|filters)\.(\d+)$/;

/** True for a name of the structural-hyperparameter form `width.<i>` or `filters.<i>` (whether or not the model has that layer). */
export function isStructuralName(name: string): boolean {
  return STRUCTURAL.test(name);
}

/**
 * The live widths of a declarative model, by hyperparameter name: `width.<i>` = units of hidden
 * dense layer i (an mlp's `hidden[i]`, a cnn's `dense[i]`), `filters.<i>` = filters of conv block i.
 * A model function has none.
 *
 * @example widthsOf({ kind: 'mlp', hidden: [64, 32] }) // { 'width.0': 64, 'width.1': 32 }
 */
export function widthsOf(model: ModelSpec): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof model === 'function') return out;
  if (model.kind === 'cnn') (model.filters ?? DEFAULT_FILTERS).forEach((f, i) => (out[`filters.${i}`] = f));
  (model.kind === 'mlp' ? (model.hidden ?? DEFAULT_HIDDEN) : (model.dense ?? DEFAULT_DENSE)).forEach((w, i) => (out[`width.${i}`] = w));
  return out;
}

/** Names of a model's structural hyperparameters (see {@link widthsOf}), in layer order. */
export function structuralParams(model: ModelSpec): string[] {
  return Object.keys(widthsOf(model));
}

/**
 * Refuses a `width.<i>`/`filters.<i>` name the model has no layer for, naming the field and the
 * allowed names (`INVALID_ARGUMENT`, or `code` when given). Other names pass.
 */
export function checkStructuralNames(names: Iterable<string>, model: ModelSpec, field: string, code: 'INVALID_ARGUMENT' | 'INVALID_CONFIG' = 'INVALID_ARGUMENT'): void {
  const allowed = structuralParams(model);
  for (const name of names) {
    if (!isStructuralName(name) || allowed.includes(name)) continue;
    const what =
      typeof model === 'function'
        ? 'a model function has no live widths (use a declarative { kind: "mlp" | "cnn" } spec)'
        : `this ${model.kind} has ${allowed.length ? allowed.join(', ') : 'no resizable layer'}`;
    throw invalidArgument(`${field}.${name}`, name, `a layer of the model: ${what}`, { code });
  }
}

/**
 * The widths a config sets, by structural name, validated: throws `INVALID_CONFIG` for a name the
 * model has no layer for (naming the allowed names) or a width that is not an integer in [1, 65536].
 */
export function widthsIn(config: Readonly<Config>, model: ModelSpec): Record<string, number> {
  checkStructuralNames(Object.keys(config), model, 'config', 'INVALID_CONFIG');
  const out: Record<string, number> = {};
  for (const name of structuralParams(model)) {
    const v = config[name];
    if (v === undefined) continue;
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_WIDTH))
      throw invalidArgument(name, v, `an integer in [1, ${MAX_WIDTH}] (units of a layer)`, { code: 'INVALID_CONFIG' });
    out[name] = v;
  }
  return out;
}

/** The model spec with the widths a config sets (other widths as the spec has them); validated as {@link widthsIn}. */
export function withWidths<S extends MlpSpec | CnnSpec>(spec: S, config: Readonly<Config>): S {
  const w = { ...widthsOf(spec), ...widthsIn(config, spec) };
  const pick = (prefix: string, base: readonly number[]) => base.map((_, i) => w[`${prefix}.${i}`] as number);
  if (spec.kind === 'mlp') return { ...spec, hidden: pick('width', spec.hidden ?? DEFAULT_HIDDEN) };
  const cnn = spec as CnnSpec;
  return { ...cnn, filters: pick('filters', cnn.filters ?? DEFAULT_FILTERS), dense: pick('width', cnn.dense ?? DEFAULT_DENSE) } as CnnSpec as S;
}
