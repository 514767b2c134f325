import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemory, type Memory } from '../index';
import { openTestMemory } from '../test/test-memory';
import { findMigrationsFolder } from './migrations-folder';

const work = mkdtempSync(join(tmpdir(), 'epigenome-rollup-last-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Row = { block: number; last_step: number; last_value: number };
async function rollups(memory: Memory, trialId: string): Promise<Row[]> {
  const result = (await memory.db.execute(
    `select r.block, r.last_step, r.last_value from metric_rollups r join metric_series s on s.id = r.series_id where s.trial_id = '${trialId}' order by r.block`,
  )) as unknown as { rows: Row[] };
  return result.rows.map((r) => ({ block: Number(r.block), last_step: Number(r.last_step), last_value: Number(r.last_value) }));
}

describe('metric_rollups.last_value: the value at each block’s last step', () => {
  it('follows flushes in any order (a repeated last step takes the newer value) and a truncation', async () => {
    const { memory, cleanup } = await openTestMemory({ metrics: { batchSize: 10_000, flushIntervalMs: 0 } });
    try {
      await memory.createExperiment({ id: 'e', name: 'e', spec: {}, seed: 1, backend: 'cpu' });
      await memory.createTrial({ id: 'e-t', experimentId: 'e', config: {}, seed: 1 });
      const write = async (points: [number, number][]) => {
        memory.appendMetrics(points.map(([step, value]) => ({ trialId: 'e-t', step, name: 'loss', value })));
        await memory.flush();
      };
      await write([
        [0, 1],
        [40, 2],
        [10, 3],
      ]);
      expect(await rollups(memory, 'e-t')).toEqual([{ block: 0, last_step: 40, last_value: 2 }]);
      // An earlier step written later leaves the last point alone; the same step again replaces it.
      await write([[20, 4]]);
      expect(await rollups(memory, 'e-t')).toEqual([{ block: 0, last_step: 40, last_value: 2 }]);
      await write([[40, 5]]);
      expect(await rollups(memory, 'e-t')).toEqual([{ block: 0, last_step: 40, last_value: 5 }]);
      await write([
        [63, 6],
        [64, 7],
        [130, 8],
        [100, 9],
      ]);
      expect(await rollups(memory, 'e-t')).toEqual([
        { block: 0, last_step: 63, last_value: 6 },
        { block: 1, last_step: 100, last_value: 9 },
        { block: 2, last_step: 130, last_value: 8 },
      ]);
      // A resume from step 90 drops later points: block 1 is rebuilt from what remains.
      await memory.truncateTrial('e-t', 90);
      expect(await rollups(memory, 'e-t')).toEqual([
        { block: 0, last_step: 63, last_value: 6 },
        { block: 1, last_step: 64, last_value: 7 },
      ]);
    } finally {
      await cleanup();
    }
  });

  it('is filled by the migration for a store written before it', async () => {
    // The bundled migrations up to 0000 only: a store as the previous release left it.
    const folder = join(work, 'drizzle-0000');
    cpSync(findMigrationsFolder(), folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag === '0000_init');
    writeFileSync(journalPath, JSON.stringify(journal));
    const client = new PGlite();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
      await client.exec(`
        insert into experiments (id, name, status, spec, seed, backend, created_at, updated_at) values ('old', 'old', 'completed', '{}', 1, 'cpu', 0, 0);
        insert into trials (id, experiment_id, status, config, seed, created_at, updated_at) values ('old-t', 'old', 'completed', '{}', 1, 0, 0);
        insert into metric_series (trial_id, name) values ('old-t', 'loss');
        insert into metrics (series_id, step, value) select s.id, g.i, g.i * 0.5 from metric_series s, generate_series(0, 1999) g(i);
        insert into metric_rollups (series_id, block, n, min_value, min_step, max_value, max_step, first_step, last_step)
          select series_id, step / 64, count(*), min(value), min(step), max(value), max(step), min(step), max(step) from metrics group by 1, 2;
      `);
      const memory = await openMemory({ client });
      try {
        // Blocks of 64 steps, the last one (31) holding steps 1984..1999; each point's value is step / 2.
        expect(await rollups(memory, 'old-t')).toEqual(
          Array.from({ length: 32 }, (_, block) => ({ block, last_step: Math.min(block * 64 + 63, 1999), last_value: Math.min(block * 64 + 63, 1999) / 2 })),
        );
        // Two buckets of 16 blocks, read from the rollups.
        const series = await memory.queries.seriesBuckets('old-t', 'loss', { buckets: 2 });
        expect(series.method).toBe('buckets');
        expect([series.step, series.value]).toEqual([
          [1023, 1999],
          [511.5, 999.5],
        ]);
      } finally {
        await memory.close();
      }
    } finally {
      await client.close();
    }
  });
});
