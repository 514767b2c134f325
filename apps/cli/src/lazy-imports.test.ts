import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyStore, workDir, writeSpec } from './test/cli-process';

const work = workDir();
const cliDir = fileURLToPath(new URL('..', import.meta.url));

/** The stderr of the built CLI run with `args`, whose last line says whether TensorFlow.js was loaded. */
function stderrOf(args: readonly string[]): string {
  const r = spawnSync(process.execPath, ['src/test/report-tfjs.mjs', ...args], {
    cwd: cliDir,
    env: { ...process.env, DATABASE_URL: '', EPIGENOME_DEBUG: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.stderr.trim();
}

/** The last stderr line of the CLI run with `args`: whether TensorFlow.js was loaded. */
function tfjsLoaded(args: readonly string[]): string {
  return stderrOf(args).split('\n').at(-1) as string;
}

describe('store commands start without the runner, the engine or TensorFlow.js (issue 14 item 8)', () => {
  it('ls, show and memory ls never load TensorFlow.js; regulators (which needs the runner) does', () => {
    const db = emptyStore(join(work, 'db'));
    expect(tfjsLoaded(['--db', db, 'ls'])).toBe('tfjs loaded: false');
    expect(tfjsLoaded(['--db', db, 'show', 'no-such-id'])).toBe('tfjs loaded: false');
    expect(tfjsLoaded(['--db', db, 'memory', 'ls'])).toBe('tfjs loaded: false');
    // The probe can tell: a command that needs the runner loads TensorFlow.js.
    expect(tfjsLoaded(['regulators'])).toBe('tfjs loaded: true');
  }, 180_000);

  it('run refuses a bad spec before TensorFlow.js loads or a store folder is made (the runner/check entry)', () => {
    const db = join(work, 'never-made');
    const spec = writeSpec(work, 'bad', {
      name: 'bad',
      dataset: { name: 'spirals', samples: 600, validation: 200 },
      model: { kind: 'mlp', hidden: [16] },
      space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true } },
      budget: { steps: 100 },
      regulators: { step: [{ use: 'no-such-regulator' }] },
    });
    expect(stderrOf(['--db', db, 'run', spec]).split('\n')).toEqual([
      'error: spec.regulators.step[0].use: unknown regulator "no-such-regulator"; known: asha, bandit, cmaes, divergence, ga, gp-bo, growth, hypergradient, inherit-marks, median-stopping, pb2, pbt, plateau, policy-gradient',
      'tfjs loaded: false',
    ]);
    expect(existsSync(db)).toBe(false);
  }, 120_000);
});
