import type * as tf from '@tensorflow/tfjs';

/** Multiply-adds of a model per sample. */
export interface ModelFlops {
  /** Multiply-adds of one forward pass of one sample (dense and convolution layers; biases, activations and pooling are not counted). */
  readonly forward: number;
  /** Of one training step per sample: ≈ 3 × forward (the forward pass, and the backward pass's two products: gradients of the inputs and of the weights). */
  readonly training: number;
}

/**
 * The multiply-adds of a model per sample: a dense layer in → out costs in·out, a convolution
 * costs outHeight·outWidth·kernelHeight·kernelWidth·inChannels·filters. Layers of other kinds
 * (pooling, dropout, flatten, activations) cost no multiply-adds here. Training ≈ 3 × forward.
 *
 * @example modelFlops(model).forward // 784·128 + 128·64 + 64·10 = 109,184 for an MLP 784-128-64-10
 */
export function modelFlops(model: tf.LayersModel): ModelFlops {
  let forward = 0;
  for (const layer of model.layers) {
    const shape = layer.weights[0]?.shape;
    if (!shape) continue;
    const size = shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const className = layer.getClassName();
    if (className === 'Dense') forward += size;
    else if (className === 'Conv2D') {
      const out = layer.outputShape as number[];
      forward += (out[1] as number) * (out[2] as number) * size;
    }
  }
  return { forward, training: 3 * forward };
}
