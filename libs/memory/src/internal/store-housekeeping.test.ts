import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemory } from '../index';
import { driver } from '../test/test-memory';

const root = mkdtempSync(join(tmpdir(), 'epigenome-size-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name));
    total += s.isDirectory() ? bytesUnder(join(dir, name)) : s.size;
  }
  return total;
}

const MB = 1024 * 1024;

describe.runIf(driver === 'pglite')('an embedded store stays small under checkpoint churn', () => {
  it('reuses the space of deleted checkpoints and trims the WAL at close', async () => {
    const dir = join(root, 'db');
    const size = 600_000;
    const memory = await openMemory({ dir, keepCheckpoints: 2 });
    await memory.createExperiment({ id: 'e', name: 'e', spec: {}, seed: 1, backend: 'cpu' });
    for (let t = 0; t < 4; t++) await memory.createTrial({ id: `t${t}`, experimentId: 'e', config: {}, seed: t });
    // Incompressible bytes: TOAST stores them as they are. 32 puts, 8 kept: 19 MB written, 4.8 MB live.
    for (let round = 1; round <= 8; round++) for (let t = 0; t < 4; t++) await memory.putCheckpoint({ trialId: `t${t}`, step: round * 100, bytes: randomBytes(size) });
    const rows = (await memory.db.execute("select pg_total_relation_size('checkpoints')::float8 as total, sum(size)::float8 as live from checkpoints")) as unknown as {
      rows: { total: number; live: number }[];
    };
    const { total, live } = rows.rows[0]!;
    expect(live).toBe(8 * size);
    // Without VACUUM the table holds every checkpoint ever put (≈ 19 MB); with it, the live ones and a little free space.
    expect(total).toBeLessThan(live + 4 * size + MB);
    await memory.close();
    // 1 MB WAL segments and min_wal_size 2 MB: a few MB instead of PostgreSQL's 16 MB × 3–5.
    expect(bytesUnder(join(dir, 'pg_wal'))).toBeLessThanOrEqual(12 * MB);
    // The checkpoint kept by the rule is still there after reopening.
    const again = await openMemory({ dir });
    expect((await again.getCheckpoint('t3'))?.step).toBe(800);
    await again.close();
  }, 180_000);
});
