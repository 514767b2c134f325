import type * as tf from '@tensorflow/tfjs';
import type { TaskContext } from '@epigenome/core';

/**
 * The context fingerprint of a stock `fit` run, from what the model and `fit` tell: input shape,
 * output classes, samples, and the layer stack as the architecture descriptor.
 */
export function fitContext(model: tf.LayersModel, params: Readonly<Record<string, unknown>> | undefined): TaskContext {
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1).map((d) => d ?? 0);
  const classes = model.outputs[0]?.shape.at(-1) ?? 0;
  const samples = typeof params?.samples === 'number' ? params.samples : 0;
  const arch = model.layers.map((l) => `${l.getClassName()}${(l.getConfig() as { units?: number }).units ?? ''}`).join('-');
  return {
    dataset: { name: 'fit', samples, features: inputShape.reduce((a, b) => a * b, 1), classes, inputShape },
    model: { family: 'tfjs-layers', arch },
  };
}
