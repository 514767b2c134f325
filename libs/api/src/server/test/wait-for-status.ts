import type { ExperimentRecord } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import type { ChangeFeed } from '../../api-context';

/** Waits (woken by `changes`, else every 200 ms) until the experiment's record satisfies `done`; fails after `ms`. */
export async function waitForRecord(memory: Memory, changes: ChangeFeed, id: string, done: (r: ExperimentRecord) => boolean, ms = 120_000): Promise<ExperimentRecord> {
  const until = Date.now() + ms;
  for (;;) {
    const record = await memory.getExperiment(id);
    if (done(record)) return record;
    if (Date.now() > until) throw new Error(`experiment ${id} still ${record.status} after ${ms} ms`);
    await changes.next(id, { timeoutMs: 200 });
  }
}
