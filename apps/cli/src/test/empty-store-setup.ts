// vitest globalSetup: one empty store, created once by the built CLI for the whole run, which tests
// copy (cli-process.ts `emptyStore`) instead of paying PGlite's initdb (seconds, ~1 GB) each time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { assertFreshBuild } from './fresh-build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of an empty store the CLI created; copy it, never open it in place. */
    emptyStore: string;
  }
}

const cliDir = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(project: TestProject): () => void {
  assertFreshBuild();
  const work = mkdtempSync(join(tmpdir(), 'epigenome-cli-empty-'));
  const dir = join(work, 'store');
  const r = spawnSync(process.execPath, ['bin/epigenome.mjs', '--db', dir, 'ls', '--json'], {
    cwd: cliDir,
    env: { ...process.env, DATABASE_URL: '', EPIGENOME_DEBUG: '' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0 || r.stdout.trim() !== '[]') throw new Error(`the empty store was not created (exit ${r.status}): ${r.stderr}`);
  project.provide('emptyStore', dir);
  return () => rmSync(work, { recursive: true, force: true });
}
