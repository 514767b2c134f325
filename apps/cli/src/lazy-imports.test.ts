import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workDir } from './test/cli-process';

const work = workDir();
const cliDir = fileURLToPath(new URL('..', import.meta.url));

/** The last stderr line of the CLI run with `args`: whether TensorFlow.js was loaded. */
function tfjsLoaded(args: readonly string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/test/report-tfjs.ts', ...args], {
    cwd: cliDir,
    env: { ...process.env, DATABASE_URL: '', EPIGENOME_DEBUG: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.stderr.trim().split('\n').at(-1) as string;
}

describe('store commands start without the runner, the engine or TensorFlow.js (issue 14 item 8)', () => {
  it('ls, show and memory ls never load TensorFlow.js; regulators (which needs the runner) does', () => {
    const db = join(work, 'db');
    expect(tfjsLoaded(['--db', db, 'ls'])).toBe('tfjs loaded: false');
    expect(tfjsLoaded(['--db', db, 'show', 'no-such-id'])).toBe('tfjs loaded: false');
    expect(tfjsLoaded(['--db', db, 'memory', 'ls'])).toBe('tfjs loaded: false');
    // The probe can tell: a command that needs the runner loads TensorFlow.js.
    expect(tfjsLoaded(['regulators'])).toBe('tfjs loaded: true');
  }, 180_000);
});
