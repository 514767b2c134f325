import type { Memory } from '@epigenome/memory';

/**
 * Marks `interrupted` (resumable from their last persisted round) the experiments a killed
 * process left `running`. Only on the embedded store: it has one owner, so at start-up nothing
 * else can be running them. On PostgreSQL another server or CLI may really be running one, so
 * nothing is changed there: such an experiment is resumed (or marked) by hand once its process is
 * known to be gone. Resolves to the ids changed.
 */
export async function recoverInterrupted(memory: Memory): Promise<string[]> {
  if (memory.driver !== 'pglite') return [];
  const stale = (await memory.listExperiments()).filter((e) => e.status === 'running');
  for (const e of stale) await memory.updateExperiment(e.id, { status: 'interrupted' });
  return stale.map((e) => e.id);
}
