import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory } from '../index';
import { driver } from '../test/test-memory';

const root = mkdtempSync(join(tmpdir(), 'epigenome-damage-'));
const pristine = join(root, 'pristine');
let experimentsFile = '';
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` with its size, sorted: what "untouched" is compared by. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** A copy of the pristine store (one experiment) to damage. */
function copy(name: string): string {
  const dir = join(root, name);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

/** The error `openMemory` (and, if it opens, `listExperiments`) ends with; never a list. */
async function openAndList(dir: string): Promise<unknown> {
  const memory = await openMemory({ dir });
  try {
    return await memory.listExperiments();
  } finally {
    await memory.close();
  }
}

describe.runIf(driver === 'pglite')('a damaged or foreign folder is never initialised over', () => {
  beforeAll(async () => {
    const memory = await openMemory({ dir: pristine });
    await memory.createExperiment({ id: 'keep-me', name: 'precious', spec: {}, seed: 1, backend: 'cpu' });
    const rows = (await memory.db.execute("select pg_relation_filepath('experiments') as path")) as unknown as { rows: { path: string }[] };
    experimentsFile = rows.rows[0]!.path;
    await memory.close();
  }, 120_000);

  it('refuses a store without PG_VERSION with one line, and leaves its files untouched', async () => {
    const dir = copy('no-version');
    unlinkSync(join(dir, 'PG_VERSION'));
    const before = listing(dir);
    await expect(openMemory({ dir })).rejects.toThrow(
      expect.objectContaining({
        code: 'STORE_FAILURE',
        message: `cannot open the store ${dir}: the folder is not empty but is not a valid store (PG_VERSION missing), so nothing was initialised over it; restore it from a backup, or choose an empty or new folder (--db)`,
      }),
    );
    expect(listing(dir)).toEqual(before);
  });

  it('reports a store another process is still creating as in use, not as damaged', async () => {
    const dir = join(root, 'being-created');
    mkdirSync(dir);
    writeFileSync(join(dir, 'postgresql.conf'), '# half written\n');
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${dir}.lock`, JSON.stringify({ pid: owner.pid, command: 'epigenome run spec.json', startedAt: 'now', hostname: hostname(), token: 'x' }));
      await expect(openMemory({ dir })).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(`in use by process ${owner.pid}`) }));
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('creates again a store whose creation was cut short (its process died before the store was complete)', async () => {
    const dir = join(root, 'cut-short');
    mkdirSync(dir);
    writeFileSync(join(dir, 'postgresql.conf'), '# half written\n');
    writeFileSync(`${dir}.creating`, '999999\n');
    const memory = await openMemory({ dir });
    try {
      expect(await memory.listExperiments()).toEqual([]);
    } finally {
      await memory.close();
    }
    expect(readdirSync(root)).not.toContain('cut-short.creating');
  }, 60_000);

  it('refuses a non-empty folder that is no store', async () => {
    const dir = join(root, 'photos');
    mkdirSync(dir);
    writeFileSync(join(dir, 'holiday.jpg'), 'not a database');
    await expect(openMemory({ dir })).rejects.toThrow(/not a valid store \(PG_VERSION, base, global, pg_wal missing\)/);
    expect(readdirSync(dir)).toEqual(['holiday.jpg']);
  });

  it('fails on a truncated experiments table with one STORE_FAILURE line, never an empty list', async () => {
    const dir = copy('truncated');
    truncateSync(join(dir, experimentsFile), 0);
    const error = await openAndList(dir).then(
      (list) => list,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORE_FAILURE' });
    const message = (error as Error).message;
    expect(message).toContain(dir);
    expect(message).toMatch(/damaged/);
    expect(message).not.toContain('\n');
  }, 120_000);

  it('turns a PGlite start failure into one line naming the store', async () => {
    const dir = copy('wrong-version');
    writeFileSync(join(dir, 'PG_VERSION'), '9\n');
    const error = await openAndList(dir).then(
      (list) => list,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORE_FAILURE', message: expect.stringMatching(new RegExp(`^cannot open the store ${dir}: PGlite could not start on it \\(.*\\); `)) });
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).cause).toBeInstanceOf(Error);
  }, 120_000);

  it('opens a new folder without migrating (no tables to check yet)', async () => {
    const memory = await openMemory({ dir: join(root, 'unmigrated'), migrate: false });
    await memory.close();
  }, 120_000);

  it('opens the pristine store with its experiment', async () => {
    expect(await openAndList(pristine)).toMatchObject([{ id: 'keep-me', name: 'precious' }]);
  }, 120_000);
});
