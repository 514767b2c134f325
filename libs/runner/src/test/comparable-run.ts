import type { Memory } from '@epigenome/memory';
import type { ExperimentResult } from '../run-experiment';

/** The result with its experiment id replaced, checkpoint bytes as base64: comparable across experiments. */
export function comparable(result: ExperimentResult): unknown {
  const { bestCheckpoint, ...rest } = result;
  const text = JSON.stringify({ ...rest, bestCheckpoint: bestCheckpoint && { ...bestCheckpoint, bytes: Buffer.from(bestCheckpoint.bytes).toString('base64') } }, (_k, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  return JSON.parse(text.replaceAll(result.experimentId, 'EXP'));
}

/** The stored regulation events of an experiment in order, ids, times and the experiment id left out: comparable across experiments. */
export async function eventLog(memory: Memory, experimentId: string): Promise<Record<string, unknown>[]> {
  const events = await memory.queries.events({ experimentId, limit: 100_000 });
  return [...events].sort((a, b) => a.id - b.id).map(({ id: _id, createdAt: _c, ...e }) => JSON.parse(JSON.stringify(e).replaceAll(experimentId, 'EXP')));
}
