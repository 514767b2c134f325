// Opens a store for a test file on the driver chosen by EPIGENOME_TEST_DRIVER (`pglite`, the
// default, in memory; or `postgres`, in a private database created here and dropped after).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openMemory, type Memory, type OpenMemoryOptions } from '../index';

export const driver: 'pglite' | 'postgres' = process.env.EPIGENOME_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';
export const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A private PostgreSQL database: its url and a function dropping it. */
export async function createPrivateDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `epigenome_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A fresh store on the test driver, and a cleanup that closes (and drops) it. */
export async function openTestMemory(
  options: Omit<OpenMemoryOptions, 'url' | 'inMemory' | 'dir' | 'client' | 'db'> = {},
): Promise<{ memory: Memory; cleanup: () => Promise<void> }> {
  if (driver === 'postgres') {
    const database = await createPrivateDatabase();
    const memory = await openMemory({ ...options, url: database.url });
    return {
      memory,
      async cleanup() {
        await memory.close().catch(() => undefined);
        await database.drop();
      },
    };
  }
  const memory = await openMemory({ ...options, inMemory: true });
  return { memory, cleanup: () => memory.close() };
}

/** A valid task context, varied by the overrides. */
export function context(
  name = 'mnist',
  family = 'mlp',
  extra: { samples?: number; features?: number; classes?: number; inputShape?: number[]; state?: Record<string, number>; model?: Record<string, string | number> } = {},
) {
  return {
    dataset: { name, samples: extra.samples ?? 60_000, features: extra.features ?? 784, classes: extra.classes ?? 10, inputShape: extra.inputShape ?? [28, 28, 1] },
    model: { family, ...extra.model },
    ...(extra.state && { state: extra.state }),
  };
}
