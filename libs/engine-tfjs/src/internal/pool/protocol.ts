import type { Config } from '@epigenome/core';
import type { BackendName } from '../../backend/select-backend';
import type { TaskData } from '../../data/task-data';
import type { CnnSpec, MlpSpec } from '../../model/model-spec';
import type { GrowInit } from '../../engine/grow-init';
import type { ShrinkCompensation } from '../../engine/shrink-compensation';

/** What a worker needs to build trials. */
export interface WorkerInit {
  readonly model: MlpSpec | CnnSpec;
  readonly data: TaskData;
  readonly backend?: BackendName;
  /** Net2WiderNet noise of the trials' grows (see LocalTrialOptions). */
  readonly widenNoise?: number;
  /** How the trials' grows initialise added units (see LocalTrialOptions). */
  readonly growInit?: GrowInit;
  /** How the trials' shrinks treat removed units (see LocalTrialOptions). */
  readonly shrinkCompensation?: ShrinkCompensation;
}

export type Request =
  | { id: number; op: 'init'; init: WorkerInit }
  | { id: number; op: 'create'; trial: number; config: Config; seed: number }
  | { id: number; op: 'apply'; trial: number; config: Config }
  | { id: number; op: 'train'; trial: number; steps: number }
  | { id: number; op: 'evaluate' | 'save' | 'readWeights' | 'dispose'; trial: number }
  | { id: number; op: 'load'; trial: number; step: number; config: Config; bytes: Uint8Array }
  | { id: number; op: 'predict'; trial: number; inputs: Float32Array }
  | { id: number; op: 'memory' };

/** Trial facts sent back with every reply that may change them. */
export interface TrialState {
  step: number;
  diverged: boolean;
  config: Config;
  /** Trainable parameters and forward multiply-adds per sample at the current widths. */
  parameters: number;
  flops: number;
}

export interface SerializedError {
  code: string;
  message: string;
  field?: string;
  allowed?: string;
  value?: unknown;
}

export type Reply = { id: number; ok: true; result: unknown; state?: TrialState } | { id: number; ok: false; error: SerializedError };
