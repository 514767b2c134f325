import * as tf from '@tensorflow/tfjs';
import type { Split, TaskData } from '../../data/task-data';

/** One phase's data on the backend. */
export interface PhaseTensors {
  readonly trainX: tf.Tensor;
  readonly trainY: tf.Tensor2D;
  readonly trainCount: number;
  readonly valX: tf.Tensor;
  readonly valY: tf.Tensor2D;
  readonly valLabels: tf.Tensor1D;
  readonly valCount: number;
}

/** A task's splits uploaded once per backend and shared by every trial of an engine. */
export class DataTensors {
  private readonly phases: PhaseTensors[];

  constructor(readonly task: TaskData) {
    const shape = [...task.descriptor.inputShape];
    const classes = task.descriptor.classes;
    const upload = (train: Split, val: Split): PhaseTensors =>
      tf.tidy(() => {
        const p: PhaseTensors = {
          trainX: tf.tensor(train.x, [train.count, ...shape]),
          trainY: tf.oneHot(tf.tensor1d(train.y, 'int32'), classes).toFloat() as tf.Tensor2D,
          trainCount: train.count,
          valX: tf.tensor(val.x, [val.count, ...shape]),
          valY: tf.oneHot(tf.tensor1d(val.y, 'int32'), classes).toFloat() as tf.Tensor2D,
          valLabels: tf.tensor1d(val.y, 'int32'),
          valCount: val.count,
        };
        return p as unknown as tf.TensorContainer;
      }) as unknown as PhaseTensors;
    this.phases = [upload(task.train, task.validation)];
    if (task.shift) this.phases.push(upload(task.shift.train, task.shift.validation));
  }

  /** The data in force at optimiser step `step`. */
  at(step: number): PhaseTensors {
    const shift = this.task.shift;
    return (shift && step >= shift.atStep ? this.phases[1] : this.phases[0]) as PhaseTensors;
  }

  dispose(): void {
    for (const p of this.phases) tf.dispose([p.trainX, p.trainY, p.valX, p.valY, p.valLabels]);
  }
}
