// The plugin guide's example (examples/custom-regulator) run as a user would: the spec module
// through the real CLI, its plugin's decisions read back from the store.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyStore, lastJson, workDir } from './test/cli-process';
import { eventLog } from './test/stored-series';

describe('examples/custom-regulator', () => {
  it('runs through `epigenome run spec.ts`, and the cool-down regulator acts', async () => {
    const db = emptyStore(join(workDir(), 'db'));
    const run = cli(['--db', db, 'run', '../../examples/custom-regulator/spec.ts', '--quiet', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const id = lastJson(run.stdout).experiment as string;
    const show = lastJson(cli(['--db', db, 'show', id, '--json']).stdout);
    expect(show).toMatchObject({ id, name: 'custom-regulator', status: 'completed' });
    expect(show.events).toBeGreaterThan(0);

    const events = (await eventLog(db, id)) as { regulator: string; level: string; param: string; from: number; to: number; reason: string }[];
    expect(events).toHaveLength(show.events);
    for (const e of events) {
      expect(e).toMatchObject({ regulator: 'cool-down', level: 'epoch', param: 'lr' });
      expect(e.reason).toMatch(/^val_loss not below \S+ for 1 evaluations$/);
      // ×0.7 (the spec's factor), clamped at the space's lower bound
      expect(e.to).toBeCloseTo(Math.max(0.001, e.from * 0.7), 12);
    }
  }, 180_000);
});
