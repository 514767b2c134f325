import type { Checkpoint } from '@epigenome/core';
import { MARK_STRENGTH_STEP } from './lineage-constants';
import type { UsedMark } from './lineage-at-start';
import { writeMarks, type WriteMarksInput } from './write-marks';

/**
 * Lineage at the end of a completed experiment: writes its marks (`writeMarks`), then reinforces
 * by {@link MARK_STRENGTH_STEP} every inherited mark whose recorded fitness the best trial reached,
 * and weakens the others by as much. Returns the ids of the marks written.
 */
export async function lineageAtEnd(
  input: Omit<WriteMarksInput, 'weights'> & { readonly weights: Checkpoint | undefined; readonly usedMarks: readonly UsedMark[] },
): Promise<string[]> {
  const { memory, best, weights, usedMarks: _used, ...rest } = input;
  const marks = await writeMarks({ memory, best, ...rest, ...(weights ? { weights } : {}) });
  for (const m of input.usedMarks) {
    if (best.fitness >= m.fitness) await memory.reinforce(m.id, MARK_STRENGTH_STEP);
    else await memory.weaken(m.id, MARK_STRENGTH_STEP);
  }
  return marks;
}
