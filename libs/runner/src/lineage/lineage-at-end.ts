import type { Checkpoint, MemoryStore, Objective, Regulator, TaskContext } from '@epigenome/core';
import type { TrialSummary } from '../experiment/experiment-result';
import { MARK_STRENGTH_STEP } from './lineage-constants';
import type { UsedMark } from './lineage-at-start';
import { writeMarks } from './write-marks';

/**
 * Lineage at the end of a completed experiment: writes its marks (`writeMarks`), then reinforces
 * by {@link MARK_STRENGTH_STEP} every inherited mark whose recorded fitness the best trial reached,
 * and weakens the others by as much. Returns the ids of the marks written.
 */
export async function lineageAtEnd(input: {
  readonly memory: MemoryStore;
  readonly context: TaskContext;
  readonly experimentId: string;
  readonly best: TrialSummary;
  readonly trials: readonly TrialSummary[];
  readonly regulators: readonly Regulator[];
  readonly objective: Objective;
  readonly weights: Checkpoint | undefined;
  readonly usedMarks: readonly UsedMark[];
}): Promise<string[]> {
  const { memory, best } = input;
  const marks = await writeMarks({
    memory,
    context: input.context,
    experimentId: input.experimentId,
    best,
    trials: input.trials,
    regulators: input.regulators,
    objective: input.objective,
    ...(input.weights ? { weights: input.weights } : {}),
  });
  for (const m of input.usedMarks) {
    if (best.fitness >= m.fitness) await memory.reinforce(m.id, MARK_STRENGTH_STEP);
    else await memory.weaken(m.id, MARK_STRENGTH_STEP);
  }
  return marks;
}
