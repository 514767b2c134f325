import type { Checkpoint, MemoryStore, Objective, Regulator, TaskContext } from '@epigenome/core';
import type { TrialSummary } from '../experiment/experiment-result';
import { WEIGHTS } from './lineage-constants';

/** Inputs of {@link writeMarks}. */
export interface WriteMarksInput {
  readonly memory: MemoryStore;
  readonly context: TaskContext;
  readonly experimentId: string;
  readonly best: TrialSummary;
  readonly trials: readonly TrialSummary[];
  readonly regulators: readonly Regulator[];
  readonly objective: Objective;
  /** The best trial's evaluated checkpoint, kept as a `state` mark of regulator {@link WEIGHTS} (`@weights`). */
  readonly weights?: Checkpoint;
}

/**
 * Strength of a new mark from how decisively the best trial won: 0.25 + 0.75 × (best − median)
 * ÷ (best − worst), in [0.25, 1]; 0.5 when every trial tied or only one finished.
 */
export function markStrength(best: number, fitnesses: readonly number[]): number {
  const f = fitnesses.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (f.length < 2 || !Number.isFinite(best)) return 0.5;
  const worst = f[0] as number;
  const median = f[Math.floor((f.length - 1) / 2)] as number;
  if (best === worst) return 0.5;
  return Math.min(1, Math.max(0.25, 0.25 + (0.75 * (best - median)) / (best - worst)));
}

/**
 * Writes what this experiment learned as marks of its context: the best configuration, the best
 * trial's schedule (its effective configuration at every evaluation, exploits included), every
 * inheritable regulator's knowledge (`knowledge()`, or `snapshot()` without it, of those with
 * `inheritable: true`) and — when given — the best trial's weights (a `state` mark of regulator
 * `@weights`, for warm starts of the same architecture), each with the strength
 * {@link markStrength} gives the result. Returns their ids, in that order.
 */
export async function writeMarks(input: WriteMarksInput): Promise<string[]> {
  const { memory, context, experimentId, best } = input;
  const strength = markStrength(
    best.fitness,
    input.trials.map((t) => t.fitness),
  );
  const fitness = Number.isFinite(best.fitness) ? best.fitness : -1e300;
  const ids: string[] = [];
  const common = { context, fitness, strength, sourceExperimentId: experimentId, sourceTrialId: best.id };
  ids.push((await memory.mark({ ...common, regulation: { kind: 'config', config: best.config } })).id);
  if (best.schedule.length > 1) ids.push((await memory.mark({ ...common, regulation: { kind: 'schedule', points: best.schedule } })).id);
  if (input.weights) {
    // the configuration the weights were trained with: a later experiment of another regime leaves them (see foreignChoice)
    const state = { step: input.weights.step, config: input.weights.config, bytes: Buffer.from(input.weights.bytes).toString('base64') };
    ids.push((await memory.mark({ ...common, regulation: { kind: 'state', regulator: WEIGHTS, state } })).id);
  }
  for (const r of input.regulators) {
    if ((!r.knowledge && !r.snapshot) || r.inheritable !== true) continue;
    const state = r.knowledge ? r.knowledge() : r.snapshot?.();
    if (state === undefined) continue;
    ids.push((await memory.mark({ ...common, regulation: { kind: 'state', regulator: r.name, state } })).id);
  }
  return ids;
}
