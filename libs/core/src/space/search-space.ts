import { describeValue, invalidArgument } from '../errors/epigenome-error';
import type { Rng } from '../random/rng';
import type { ChoiceValue, Config, NumericSpec, ParamSpec, SearchSpace } from './param-spec';
import { isIntegerSpec, isNumericSpec } from './param-spec';

// Ints (and widths) are continuous on [min − ½, max + ½] so every integer owns an equal share of the axis.
function numericRange(spec: NumericSpec): [number, number] {
  return isIntegerSpec(spec) ? [spec.min - 0.5, spec.max + 0.5] : [spec.min, spec.max];
}

function toAxis(spec: NumericSpec, x: number): number {
  return spec.log ? Math.log(x) : x;
}

function fromAxis(spec: NumericSpec, a: number): number {
  return spec.log ? Math.exp(a) : a;
}

/** Clamps one value into its spec (ints are rounded, choices must already be members). */
export function clampValue(spec: ParamSpec, value: ChoiceValue): ChoiceValue {
  if (spec.kind === 'choice') return spec.values.includes(value) ? value : (spec.values[0] as ChoiceValue);
  const v = typeof value === 'number' && !Number.isNaN(value) ? value : spec.min;
  const clamped = Math.min(spec.max, Math.max(spec.min, v));
  return isIntegerSpec(spec) ? Math.min(spec.max, Math.max(spec.min, Math.round(clamped))) : clamped;
}

/** Clamps every value of a config into the space; keys outside the space are dropped. */
export function clampConfig(space: SearchSpace, config: Config): Config {
  const out: Config = {};
  for (const [name, spec] of Object.entries(space)) {
    if (name in config) out[name] = clampValue(spec, config[name] as ChoiceValue);
  }
  return out;
}

/** Draws one value from its spec (log-uniform for `log` specs). */
export function sampleValue(spec: ParamSpec, rng: Rng): ChoiceValue {
  if (spec.kind === 'choice') return rng.pick(spec.values);
  const [lo, hi] = numericRange(spec);
  const value = fromAxis(spec, rng.uniform(toAxis(spec, lo), toAxis(spec, hi)));
  return clampValue(spec, value);
}

/** Draws a whole configuration, one independent draw per hyperparameter, in space order. */
export function sampleConfig(space: SearchSpace, rng: Rng): Config {
  const out: Config = {};
  for (const [name, spec] of Object.entries(space)) out[name] = sampleValue(spec, rng);
  return out;
}

/**
 * Checks that a config has exactly the space's hyperparameters, each within its domain.
 * Throws `INVALID_CONFIG` naming the first offending field; returns the config unchanged.
 */
export function validateConfig(space: SearchSpace, config: Config, field = 'config'): Config {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw invalidArgument(field, config, 'an object of name → value', { code: 'INVALID_CONFIG' });
  for (const name of Object.keys(config)) {
    if (!(name in space)) {
      throw invalidArgument(`${field}.${name}`, config[name], `one of the space's hyperparameters (${Object.keys(space).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
    }
  }
  for (const [name, spec] of Object.entries(space)) {
    const value = config[name];
    const path = `${field}.${name}`;
    if (value === undefined) throw invalidArgument(path, value, `a value (${describeSpec(spec)})`, { code: 'INVALID_CONFIG' });
    if (spec.kind === 'choice') {
      if (!spec.values.includes(value)) throw invalidArgument(path, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max || (isIntegerSpec(spec) && !Number.isInteger(value))) {
      throw invalidArgument(path, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    }
  }
  return config;
}

/** Describes a spec's domain for messages, e.g. `a number in [0.0001, 0.1] (log)`. */
export function describeSpec(spec: ParamSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.values.map((v) => describeValue(v)).join(', ')}`;
  const what = spec.kind === 'width' ? 'an integer width' : spec.kind === 'int' ? 'an integer' : 'a number';
  return `${what} in [${spec.min}, ${spec.max}]${spec.log ? ' (log)' : ''}`;
}

/** Options of {@link perturbConfig}. */
export interface PerturbOptions {
  /** Probability of resampling a hyperparameter instead of nudging it. Default 0.25. */
  resampleProbability?: number;
  /** Multiplicative factors for numeric nudges, one drawn uniformly. Default [0.8, 1.2]. */
  factors?: readonly number[];
  /** Restrict the perturbation to these hyperparameters. Default: all of the space. */
  params?: readonly string[];
}

/**
 * Nudges one value: with probability `resampleProbability` it is resampled; otherwise a number
 * is multiplied by one of `factors` (an int that would round back to itself moves one step in
 * the factor's direction) and a choice moves to a neighbour in its declared order. The result
 * never leaves the spec's bounds. A numeric zero stays zero unless resampled.
 */
export function perturbValue(spec: ParamSpec, value: ChoiceValue, rng: Rng, options: PerturbOptions = {}): ChoiceValue {
  const p = options.resampleProbability ?? 0.25;
  const factors = options.factors ?? [0.8, 1.2];
  if (rng.next() < p) return sampleValue(spec, rng);
  if (spec.kind === 'choice') {
    const n = spec.values.length;
    if (n === 1) return spec.values[0] as ChoiceValue;
    const i = Math.max(0, spec.values.indexOf(value));
    const j = i === 0 ? 1 : i === n - 1 ? n - 2 : i + (rng.next() < 0.5 ? -1 : 1);
    return spec.values[j] as ChoiceValue;
  }
  const factor = rng.pick(factors);
  const current = clampValue(spec, value) as number;
  let next = current * factor;
  if (isIntegerSpec(spec)) {
    next = Math.round(next);
    if (next === current && factor !== 1 && current !== 0) next = current + (factor > 1 ? 1 : -1);
  }
  return clampValue(spec, next);
}

/** Perturbs a configuration hyperparameter by hyperparameter (see {@link perturbValue}). */
export function perturbConfig(space: SearchSpace, config: Config, rng: Rng, options: PerturbOptions = {}): Config {
  const p = options.resampleProbability ?? 0.25;
  if (!(p >= 0 && p <= 1)) throw invalidArgument('resampleProbability', p, 'a number in [0, 1]');
  const factors = options.factors ?? [0.8, 1.2];
  if (factors.length === 0 || factors.some((f) => !(Number.isFinite(f) && f > 0))) throw invalidArgument('factors', factors, 'a non-empty array of finite numbers > 0');
  const only = options.params ? new Set(options.params) : undefined;
  const out: Config = { ...config };
  for (const [name, spec] of Object.entries(space)) {
    if (only && !only.has(name)) continue;
    const value = config[name];
    if (value === undefined) throw invalidArgument(`config.${name}`, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    out[name] = perturbValue(spec, value, rng, options);
  }
  return out;
}

/** Position of one value on [0, 1] (log specs on a log axis; choice i of n at (i + ½)/n). */
export function encodeValue(spec: ParamSpec, value: ChoiceValue): number {
  if (spec.kind === 'choice') {
    const i = spec.values.indexOf(value);
    if (i < 0) throw invalidArgument('value', value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    return (i + 0.5) / spec.values.length;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument('value', value, describeSpec(spec), { code: 'INVALID_CONFIG' });
  const [lo, hi] = numericRange(spec);
  const a = toAxis(spec, lo);
  const b = toAxis(spec, hi);
  if (b === a) return 0.5;
  const u = (toAxis(spec, Math.min(spec.max, Math.max(spec.min, value))) - a) / (b - a);
  return Math.min(1, Math.max(0, u));
}

/** The value at position `u` of [0, 1] (clamped); inverse of {@link encodeValue}. */
export function decodeValue(spec: ParamSpec, u: number): ChoiceValue {
  const x = Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5;
  if (spec.kind === 'choice') {
    const n = spec.values.length;
    return spec.values[Math.min(n - 1, Math.floor(x * n))] as ChoiceValue;
  }
  const [lo, hi] = numericRange(spec);
  const a = toAxis(spec, lo);
  const b = toAxis(spec, hi);
  return clampValue(spec, fromAxis(spec, a + x * (b - a)));
}

/** Encodes a config into the unit cube, one axis per hyperparameter in space order. */
export function encodeConfig(space: SearchSpace, config: Config): number[] {
  return Object.entries(space).map(([name, spec]) => {
    const value = config[name];
    if (value === undefined) throw invalidArgument(`config.${name}`, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    return encodeValue(spec, value);
  });
}

/** Decodes a point of the unit cube (one coordinate per hyperparameter, space order) to a config. */
export function decodeConfig(space: SearchSpace, point: readonly number[]): Config {
  const entries = Object.entries(space);
  if (point.length !== entries.length) throw invalidArgument('point', point, `an array of ${entries.length} numbers in [0, 1]`);
  const out: Config = {};
  entries.forEach(([name, spec], i) => {
    out[name] = decodeValue(spec, point[i] as number);
  });
  return out;
}

/** Names of the numeric (float, int and width) hyperparameters, in space order. */
export function numericParams(space: SearchSpace): string[] {
  return Object.entries(space)
    .filter(([, spec]) => isNumericSpec(spec))
    .map(([name]) => name);
}
