/** What a dataset looks like, independent of its contents: the core of a context fingerprint. */
export interface DatasetDescriptor {
  /** A stable name, e.g. `mnist`, `iris`, `spirals`. */
  readonly name: string;
  /** Number of training samples. */
  readonly samples: number;
  /** Number of input features (product of `inputShape`). */
  readonly features: number;
  /** Number of classes (0 or 1 for regression). */
  readonly classes: number;
  /** Shape of one input, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
}

/**
 * The context of an experiment: what a mark is remembered for, and what inheritance matches
 * against. `state` holds optional training-state features (e.g. a loss-slope regime).
 */
export interface TaskContext {
  readonly dataset: DatasetDescriptor;
  /** The model family, e.g. `mlp` or `cnn`, with optional numeric descriptors (depth, width). */
  readonly model: { readonly family: string; readonly [descriptor: string]: string | number };
  readonly state?: Readonly<Record<string, number>>;
}
