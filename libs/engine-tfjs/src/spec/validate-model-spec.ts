import { invalidArgument } from '@epigenome/core';
import type { Activation, ModelFactory, ModelSpec } from '../model/model-spec';

// Free of TensorFlow.js (types only), so a spec can be checked before tfjs loads (@epigenome/engine-tfjs/spec).

/** Activations a declarative model may use. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'swish', 'linear'];

function widths(field: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.some((w) => !(Number.isInteger(w) && w >= 1 && w <= 65_536))) throw invalidArgument(field, value, 'an array of integers in [1, 65536]');
  return value as number[];
}

function activation(field: string, value: unknown): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) throw invalidArgument(field, value, `one of ${ACTIVATIONS.map((a) => `"${a}"`).join(', ')}`);
  return value as Activation;
}

function rate(field: string, value: unknown): number {
  if (!(typeof value === 'number' && value >= 0 && value < 1)) throw invalidArgument(field, value, 'a number in [0, 1)');
  return value;
}

/** Validates a model spec; throws `INVALID_ARGUMENT` naming the field. */
export function validateModelSpec(spec: unknown): ModelSpec {
  if (typeof spec === 'function') return spec as ModelFactory;
  if (typeof spec !== 'object' || spec === null) throw invalidArgument('model', spec, 'a model spec ({ kind: "mlp" | "cnn", … }) or a function returning a tf.LayersModel');
  const s = spec as Record<string, unknown>;
  if (s.kind === 'mlp') {
    if (s.hidden !== undefined) widths('model.hidden', s.hidden);
  } else if (s.kind === 'cnn') {
    if (s.filters !== undefined) widths('model.filters', s.filters);
    if (s.dense !== undefined) widths('model.dense', s.dense);
    if (s.kernelSize !== undefined && !(Number.isInteger(s.kernelSize) && (s.kernelSize as number) >= 1 && (s.kernelSize as number) <= 15))
      throw invalidArgument('model.kernelSize', s.kernelSize, 'an integer in [1, 15]');
    if (s.pool !== undefined && !(Number.isInteger(s.pool) && (s.pool as number) >= 1 && (s.pool as number) <= 8))
      throw invalidArgument('model.pool', s.pool, 'an integer in [1, 8]');
  } else {
    throw invalidArgument('model.kind', s.kind, '"mlp" or "cnn" (or pass a function returning a tf.LayersModel)');
  }
  if (s.activation !== undefined) activation('model.activation', s.activation);
  if (s.dropout !== undefined) rate('model.dropout', s.dropout);
  return spec as ModelSpec;
}
