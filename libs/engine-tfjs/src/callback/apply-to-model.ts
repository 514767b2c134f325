import * as tf from '@tensorflow/tfjs';
import { invalidArgument, type Config } from '@epigenome/core';

type MutableOptimizer = tf.Optimizer & { learningRate?: number; setLearningRate?: (lr: number) => void; momentum?: number; m?: tf.Scalar };

/**
 * Applies a configuration to a stock `tf.LayersModel` during `fit`, the ways that are measured to
 * take effect (see TFJS-NOTES): `lr` (`setLearningRate` on SGD/momentum, `learningRate` on Adam,
 * RMSProp, Adagrad, Adadelta, Adamax), `momentum` (the momentum optimiser's cached scalar is
 * replaced), `dropout` (the rate of every `Dropout` layer). Other names are ignored.
 * @returns the names applied.
 */
export function applyToModel(model: tf.LayersModel, config: Readonly<Partial<Config>>): string[] {
  const applied: string[] = [];
  const opt = model.optimizer as MutableOptimizer | undefined;
  const lr = config.lr;
  if (typeof lr === 'number' && opt) {
    if (!(Number.isFinite(lr) && lr >= 0)) throw invalidArgument('lr', lr, 'a finite number ≥ 0', { code: 'INVALID_CONFIG' });
    if (typeof opt.setLearningRate === 'function') opt.setLearningRate(lr);
    else opt.learningRate = lr;
    applied.push('lr');
  }
  const momentum = config.momentum;
  if (typeof momentum === 'number' && opt && opt.m instanceof tf.Tensor) {
    if (!(momentum >= 0 && momentum < 1)) throw invalidArgument('momentum', momentum, 'a number in [0, 1)', { code: 'INVALID_CONFIG' });
    const old = opt.m;
    opt.m = tf.keep(tf.scalar(momentum));
    opt.momentum = momentum;
    old.dispose();
    applied.push('momentum');
  }
  const dropout = config.dropout;
  if (typeof dropout === 'number') {
    if (!(dropout >= 0 && dropout < 1)) throw invalidArgument('dropout', dropout, 'a number in [0, 1)', { code: 'INVALID_CONFIG' });
    for (const layer of model.layers) if (layer.getClassName() === 'Dropout') (layer as unknown as { rate: number }).rate = dropout;
    applied.push('dropout');
  }
  return applied;
}

/** The optimiser's current learning rate, when it exposes one. */
export function currentLr(model: tf.LayersModel | undefined): number | undefined {
  const opt = model?.optimizer as MutableOptimizer | undefined;
  return typeof opt?.learningRate === 'number' ? opt.learningRate : undefined;
}

/** True for plain SGD (no momentum): its step is −lr × gradient, so weight displacements are gradients. */
export function isPlainSgd(model: tf.LayersModel | undefined): boolean {
  const opt = model?.optimizer;
  return opt !== undefined && opt.getClassName() === 'SGD';
}
