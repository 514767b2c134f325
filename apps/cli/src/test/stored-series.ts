import { openMemory } from '@epigenome/memory';

/** Per trial (by its suffix), the steps of its stored `loss` points, read once the CLI processes have ended. */
export async function lossSteps(db: string, experimentId: string): Promise<Record<string, number[]>> {
  const memory = await openMemory({ dir: db });
  try {
    const out: Record<string, number[]> = {};
    for (const t of await memory.listTrials(experimentId)) {
      const loss = await memory.queries.series(t.id, 'loss', { maxPoints: 100_000 });
      out[t.id.slice(t.id.lastIndexOf('-') + 1)] = loss.points.map((p) => p.step);
    }
    return out;
  } finally {
    await memory.close();
  }
}

/** The experiment's regulation events in stored order, without row ids and times; the experiment id, also inside trial ids and reasons, becomes `<experiment>`. */
export async function eventLog(db: string, experimentId: string): Promise<unknown[]> {
  const memory = await openMemory({ dir: db });
  try {
    const events = await memory.queries.events({ experimentId, limit: 100_000 });
    const stripped = events.map(({ id: _id, createdAt: _at, ...rest }) => rest);
    return JSON.parse(JSON.stringify(stripped).replaceAll(experimentId, '<experiment>'));
  } finally {
    await memory.close();
  }
}
