import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { context, openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;

async function seed(id: string) {
  await memory.createExperiment({ id, name: id, spec: {}, seed: 1, backend: 'cpu' });
  for (const t of ['a', 'b']) await memory.createTrial({ id: `${id}-${t}`, experimentId: id, config: { lr: 0.1 }, seed: 1 });
  memory.appendMetrics(Array.from({ length: 300 }, (_, step) => ({ trialId: `${id}-a`, step, name: 'loss', value: step })));
  await memory.appendEvents([{ experimentId: id, trialId: `${id}-a`, step: 3, level: 'step', regulator: 'hg', kind: 'change', param: 'lr', from: 0.1, to: 0.2, reason: 'r' }]);
  await memory.addLineage({ experimentId: id, childId: `${id}-b`, parentId: `${id}-a`, step: 5 });
  await memory.putCheckpoint({ trialId: `${id}-a`, step: 5, bytes: new Uint8Array([1, 2, 3]) });
}

const countAll = async () =>
  Object.fromEntries(
    await Promise.all(
      ['experiments', 'trials', 'metric_series', 'metrics', 'metric_rollups', 'regulation_events', 'lineage', 'checkpoints', 'marks'].map(async (table) => {
        const rows = await memory.db.execute(`select count(*)::int as n from ${table}`);
        return [table, Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)];
      }),
    ),
  );

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ metrics: { flushIntervalMs: 0 } }));
  await seed('keep');
  await seed('drop');
  await memory.mark({ context: context(), regulation: { kind: 'config', config: { lr: 0.1 } }, fitness: 1, sourceExperimentId: 'drop' });
  await memory.flush();
}, 60_000);
afterAll(async () => cleanup?.());

describe('deleteExperiment', () => {
  it('deletes the experiment with all its rows and nothing of another one; its marks stay', async () => {
    const before = await countAll();
    await memory.deleteExperiment('drop');
    const after = await countAll();
    expect(after).toEqual({
      experiments: before.experiments - 1,
      trials: before.trials - 2,
      metric_series: before.metric_series - 1,
      metrics: before.metrics - 300,
      metric_rollups: before.metric_rollups - 5,
      regulation_events: before.regulation_events - 1,
      lineage: before.lineage - 1,
      checkpoints: before.checkpoints - 1,
      marks: before.marks,
    });
    await expect(memory.getExperiment('drop')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await memory.queries.seriesBuckets('keep-a', 'loss')).total).toBe(300);
  });

  it('refuses an unknown or malformed id, deleting nothing', async () => {
    const before = await countAll();
    await expect(memory.deleteExperiment('drop')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
    await expect(memory.deleteExperiment('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'experimentId' });
    expect(await countAll()).toEqual(before);
  });
});
