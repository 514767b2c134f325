import type { Checkpoint, Config, MemoryStore, RegulomeSnapshot, TrialStatus } from '@epigenome/core';
import { fromFiniteJson, toFiniteJson } from '@epigenome/core';
import type { LiveTrial } from './live-trial';

/**
 * A checkpoint the runner holds in memory, as persisted: the trial's stored checkpoint at
 * `storedAt`, or — when the store holds another state there (the weights were reloaded by an
 * exploit or a rollback after this one was taken) or none — its bytes inline (base64).
 */
export interface CheckpointRef {
  /** The checkpoint's own `step` (the engine's count when it was saved). */
  readonly step: number;
  readonly config: Config;
  /** The runner step it is stored at in the memory store. */
  readonly storedAt?: number;
  readonly bytes?: string;
}

/** One trial in a {@link RunnerState}. Fields after `trail` were added to make resume exact; states without them resume as before. */
export interface RunnerTrialState {
  readonly id: string;
  readonly key: string;
  readonly seed: number;
  readonly status: TrialStatus;
  readonly step: number;
  readonly samples?: number;
  readonly budget?: number;
  readonly checkpointStep: number | undefined;
  readonly trail?: { step: number; config: Config }[];
  /** Loss of the last chunk trained (non-finite numbers as `{ $num }`). */
  readonly lastLoss?: unknown;
  /** Metrics of the last evaluation: what the result reports for the trial (non-finite as `{ $num }`). */
  readonly lastEval?: unknown;
  /** The checkpoint the last evaluation measured (the best trial's is the result's `bestCheckpoint`). */
  readonly evaluated?: CheckpointRef;
  /** The rollback target; `'evaluated'` when it is the evaluated checkpoint. */
  readonly lastGood?: CheckpointRef | 'evaluated';
}

/** Runner state persisted after every checkpointed round, read back by `resume`. */
export interface RunnerState {
  readonly version: 1;
  readonly round: number;
  readonly regulome: RegulomeSnapshot;
  readonly trials: readonly RunnerTrialState[];
  readonly metricPoints: number;
  readonly events: number;
  readonly inheritedStates: Readonly<Record<string, string>>;
  /** Marks whose learned state or weights this run inherited, judged at the end (reinforced or weakened). */
  readonly stateMarks?: readonly { id: string; fitness: unknown }[];
  /** Steps per trial as resolved at the start (an epoch budget depends on the first trial's batch size then). */
  readonly stepsPerTrial?: number;
}

/** Checkpoints known to be in the store for their trial, by object, with the step they are stored at. */
export type StoredCheckpoints = WeakMap<Checkpoint, number>;

function refOf(c: Checkpoint | undefined, stored: StoredCheckpoints): CheckpointRef | undefined {
  if (!c) return undefined;
  const storedAt = stored.get(c);
  if (storedAt !== undefined) return { step: c.step, config: { ...c.config }, storedAt };
  return { step: c.step, config: { ...c.config }, bytes: Buffer.from(c.bytes).toString('base64') };
}

/** A trial's persisted form. */
export function trialState(t: LiveTrial, stored: StoredCheckpoints): RunnerTrialState {
  const evaluated = refOf(t.evaluated, stored);
  const lastGood = t.lastGood !== undefined && t.lastGood === t.evaluated ? 'evaluated' : refOf(t.lastGood, stored);
  return {
    id: t.id,
    key: t.key,
    seed: t.seed,
    status: t.status,
    step: t.step,
    samples: t.samples,
    budget: t.budget,
    checkpointStep: t.checkpointStep,
    trail: t.trail,
    lastLoss: toFiniteJson(t.lastLoss),
    lastEval: toFiniteJson(t.lastEval),
    ...(evaluated ? { evaluated } : {}),
    ...(lastGood ? { lastGood } : {}),
  };
}

/** Reads a {@link CheckpointRef} back (undefined when its stored checkpoint is gone). */
export async function checkpointFromRef(ref: CheckpointRef | undefined, trialId: string, memory: MemoryStore, stored: StoredCheckpoints): Promise<Checkpoint | undefined> {
  if (!ref) return undefined;
  if (ref.bytes !== undefined) return { step: ref.step, config: ref.config, bytes: new Uint8Array(Buffer.from(ref.bytes, 'base64')) };
  // The round loop asks the store to retain the rollback target and the evaluated weights; a
  // store written before that may have pruned them: then the trial goes on from its latest.
  const s = ref.storedAt === undefined ? undefined : await memory.getCheckpoint(trialId, ref.storedAt);
  if (!s) return undefined;
  const c: Checkpoint = { step: ref.step, config: ref.config, bytes: new Uint8Array(s.bytes) };
  stored.set(c, s.step);
  return c;
}

/** The last loss and evaluation of a persisted trial (NaN and `{}` for states written before they were kept). */
export function lastMeasures(t: RunnerTrialState): { lastLoss: number; lastEval: Record<string, number> } {
  return {
    lastLoss: t.lastLoss === undefined ? Number.NaN : fromFiniteJson<number>(t.lastLoss),
    lastEval: t.lastEval === undefined ? {} : fromFiniteJson<Record<string, number>>(t.lastEval),
  };
}
