import type { DatasetDescriptor } from '@epigenome/core';

/** One split of a classification dataset, as plain typed arrays (they cross threads as buffers). */
export interface Split {
  /** Inputs, row-major: `count × features` float32 values. */
  readonly x: Float32Array;
  /** Class index of each sample, in `[0, classes)`. */
  readonly y: Int32Array;
  /** Number of samples. */
  readonly count: number;
}

/** A classification task the engine trains on: descriptor plus train/validation(/test) splits. */
export interface TaskData {
  /** What the memory store uses as the context fingerprint. */
  readonly descriptor: DatasetDescriptor;
  readonly train: Split;
  /** Used by `Trial.evaluate()`. */
  readonly validation: Split;
  /** Held out; never used by trials. */
  readonly test?: Split;
  /**
   * A distribution shift: from optimiser step `atStep` on, a trial trains on `train` here and
   * evaluates on `validation` here instead.
   */
  readonly shift?: { readonly atStep: number; readonly train: Split; readonly validation: Split };
}
