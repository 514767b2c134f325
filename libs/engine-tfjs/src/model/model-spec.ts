import * as tf from '@tensorflow/tfjs';
import { EpigenomeError, invalidArgument } from '@epigenome/core';
import { DEFAULT_DENSE, DEFAULT_FILTERS, DEFAULT_HIDDEN } from '../spec/structural-params';

export { validateModelSpec } from '../spec/validate-model-spec';

/** Activations a declarative model may use. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'swish' | 'linear';

/** A multi-layer perceptron: inputs flattened, `hidden` dense layers, a linear output of one logit per class. */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Widths of the hidden layers. Default `[128, 64]`. */
  readonly hidden?: readonly number[];
  /** Hidden activation. Default `relu`. */
  readonly activation?: Activation;
  /** Initial dropout rate after each hidden layer (the live `dropout` hyperparameter overrides it). Default 0. */
  readonly dropout?: number;
}

/** A small convolutional network: conv (`same` padding) + max-pool blocks, flatten, dense layers, linear logits. */
export interface CnnSpec {
  readonly kind: 'cnn';
  /** Filters of each conv block. Default `[8]`. */
  readonly filters?: readonly number[];
  /** Square kernel size of the convolutions. Default 3. */
  readonly kernelSize?: number;
  /** Square max-pool size after each convolution (1 = none). Default 2. */
  readonly pool?: number;
  /** Widths of the dense layers after flattening. Default `[]`. */
  readonly dense?: readonly number[];
  /** Activation of conv and dense layers. Default `relu`. */
  readonly activation?: Activation;
  /** Initial dropout rate after flattening and after each dense layer. Default 0. */
  readonly dropout?: number;
}

/** What a model factory receives. */
export interface ModelContext {
  /** Shape of one input, e.g. `[28, 28, 1]`. */
  readonly inputShape: readonly number[];
  /** Number of classes (outputs). */
  readonly classes: number;
  /** Seed to use for weight initialisers, so equal seeds give equal initial weights. */
  readonly seed: number;
}

/**
 * Any function returning a `tf.LayersModel` with input `[null, ...inputShape]` and output
 * `[null, classes]`: logits, or probabilities when its last layer's activation is `softmax`.
 * Live `dropout` acts on every `Dropout` layer it contains.
 */
export type ModelFactory = (context: ModelContext) => tf.LayersModel;

/** A model: a declarative spec or a factory. */
export type ModelSpec = MlpSpec | CnnSpec | ModelFactory;

/** The family name a spec reports (`mlp`, `cnn`, `custom`). */
export function modelFamily(spec: ModelSpec): string {
  return typeof spec === 'function' ? 'custom' : spec.kind;
}

/** A built model and what the training loop needs to know about it. */
export interface BuiltModel {
  readonly model: tf.LayersModel;
  /** True when the model outputs probabilities (softmax), false for logits. */
  readonly probabilities: boolean;
  /** Its dropout layers (the live `dropout` hyperparameter sets their rate; the trial sets their seed every step). */
  readonly dropoutLayers: readonly { rate: number; seed?: number }[];
}

function declarative(spec: MlpSpec | CnnSpec, ctx: ModelContext): tf.LayersModel {
  let seed = ctx.seed * 7919 + 1;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const model = tf.sequential();
  const act = spec.activation ?? 'relu';
  const drop = spec.dropout ?? 0;
  try {
    if (spec.kind === 'mlp') {
      if (ctx.inputShape.length > 1) model.add(tf.layers.flatten({ inputShape: [...ctx.inputShape] }));
      (spec.hidden ?? DEFAULT_HIDDEN).forEach((units, i) => {
        model.add(tf.layers.dense({ units, activation: act, kernelInitializer: init(), ...(i === 0 && ctx.inputShape.length === 1 ? { inputShape: [...ctx.inputShape] } : {}) }));
        model.add(tf.layers.dropout({ rate: drop }));
      });
      if ((spec.hidden ?? DEFAULT_HIDDEN).length === 0)
        model.add(tf.layers.dense({ units: ctx.classes, kernelInitializer: init(), ...(ctx.inputShape.length === 1 ? { inputShape: [...ctx.inputShape] } : {}) }));
      else model.add(tf.layers.dense({ units: ctx.classes, kernelInitializer: init() }));
    } else {
      if (ctx.inputShape.length !== 3)
        throw invalidArgument(
          'model',
          spec.kind,
          `an input of rank 3 [height, width, channels] for a cnn; this dataset's inputShape is [${ctx.inputShape.join(', ')}] (use an mlp)`,
        );
      const k = spec.kernelSize ?? 3;
      const pool = spec.pool ?? 2;
      (spec.filters ?? DEFAULT_FILTERS).forEach((filters, i) => {
        model.add(
          tf.layers.conv2d({ filters, kernelSize: k, padding: 'same', activation: act, kernelInitializer: init(), ...(i === 0 ? { inputShape: [...ctx.inputShape] } : {}) }),
        );
        if (pool > 1) model.add(tf.layers.maxPooling2d({ poolSize: pool, strides: pool }));
      });
      model.add(tf.layers.flatten());
      model.add(tf.layers.dropout({ rate: drop }));
      for (const units of spec.dense ?? DEFAULT_DENSE) {
        model.add(tf.layers.dense({ units, activation: act, kernelInitializer: init() }));
        model.add(tf.layers.dropout({ rate: drop }));
      }
      model.add(tf.layers.dense({ units: ctx.classes, kernelInitializer: init() }));
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Builds a model for a task. Throws `INVALID_ARGUMENT` (field `model`) when the spec does not
 * build or its output does not have one unit per class; nothing is leaked in that case.
 */
export function buildModel(spec: ModelSpec, ctx: ModelContext): BuiltModel {
  let model: tf.LayersModel | undefined;
  const registry = (tf.engine() as unknown as { registeredVariables: Record<string, tf.Variable> }).registeredVariables;
  const before = new Set(Object.keys(registry));
  try {
    model = typeof spec === 'function' ? spec(ctx) : declarative(spec, ctx);
    if (!model || typeof (model as tf.LayersModel).apply !== 'function' || !Array.isArray((model as tf.LayersModel).layers)) {
      throw invalidArgument('model', model, 'a function returning a tf.LayersModel');
    }
    const out = model.outputs[0]?.shape;
    if (model.outputs.length !== 1 || out === undefined || out.length !== 2 || out[1] !== ctx.classes) {
      throw invalidArgument('model', `output shape ${JSON.stringify(out)}`, `a single output of shape [null, ${ctx.classes}] (one unit per class)`);
    }
    const inShape = model.inputs[0]?.shape.slice(1);
    if (model.inputs.length !== 1 || JSON.stringify(inShape) !== JSON.stringify(ctx.inputShape)) {
      throw invalidArgument('model', `input shape ${JSON.stringify(inShape)}`, `a single input of shape [null, ${ctx.inputShape.join(', ')}]`);
    }
    const last = model.layers[model.layers.length - 1];
    const probabilities = (last?.getConfig() as { activation?: string } | undefined)?.activation === 'softmax';
    const dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as { rate: number; seed?: number }[];
    return { model, probabilities, dropoutLayers };
  } catch (error) {
    try {
      model?.dispose();
    } catch {
      // already disposed or never built
    }
    // a factory that threw half-way leaves its layers' variables behind: free them
    for (const [name, v] of Object.entries(registry)) if (!before.has(name)) v.dispose();
    if (EpigenomeError.isInstance(error)) throw error;
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: 'model',
      value: typeof spec === 'function' ? spec.name || 'factory' : spec,
      allowed: 'a model that builds for this dataset',
      message: `model does not build: ${(error as Error)?.message ?? String(error)}`,
      cause: error,
    });
  }
}
