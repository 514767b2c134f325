import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';
import type { Executor } from './database';
import { findMigrationsFolder } from './migrations-folder';
import { schemaIsCurrent } from './schema-is-current';

const work = mkdtempSync(join(tmpdir(), 'epigenome-journal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const executor = (memory: Memory): Executor => ({
  async query<T>(text: string) {
    return ((await memory.db.execute(text)) as unknown as { rows: T[] }).rows;
  },
});

/** A copy of the bundled migrations whose journal ends with one more, newer migration. */
function folderWithNewerMigration(): string {
  const folder = join(work, 'drizzle');
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const path = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries.at(-1) as { idx: number; when: number; tag: string };
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_next' });
  writeFileSync(path, JSON.stringify(journal));
  return folder;
}

describe('schemaIsCurrent: the migrator is skipped only when it would apply nothing', () => {
  it('is true for a migrated store, false for a newer journal, for a store without the journal table and for an emptied one', async () => {
    const { memory, cleanup } = await openTestMemory();
    try {
      const db = executor(memory);
      expect(await schemaIsCurrent(db, findMigrationsFolder())).toBe(true);
      expect(await schemaIsCurrent(db, folderWithNewerMigration())).toBe(false);
      await memory.db.execute('delete from drizzle.__drizzle_migrations');
      expect(await schemaIsCurrent(db, findMigrationsFolder())).toBe(false);
      await memory.db.execute('drop table drizzle.__drizzle_migrations');
      expect(await schemaIsCurrent(db, findMigrationsFolder())).toBe(false);
    } finally {
      await cleanup();
    }
  });
});
