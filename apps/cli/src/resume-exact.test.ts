import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyStore, lastJson, startCli, workDir, writeSpec } from './test/cli-process';
import { eventLog, lossSteps } from './test/stored-series';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();
const suffix = (id: string | null | undefined) => (id ? id.slice(id.lastIndexOf('-') + 1) : id);

/** A run's result without the ids that differ between experiments. */
function comparable(result: Record<string, any>) {
  const trial = (t: Record<string, any>) => ({ ...t, id: suffix(t.id), parentId: suffix(t.parentId) });
  return {
    status: result.status,
    steps: result.steps,
    metric_points: result.metric_points,
    events: result.events,
    best: result.best ? trial(result.best) : null,
    trials: result.trials.map(trial),
  };
}

describe('kill -9 at several rounds, then resume', () => {
  it('ends exactly as the uninterrupted run: result, stored points and event log', async () => {
    // Rates this high make the hypergradient roll back (twice with seed 11): resume must restore
    // the rollback target and the ceiling too, which a calm run would never exercise.
    const spec = writeSpec(work, 'crash', tinySpec({ space: { lr: { kind: 'float', min: 1, max: 9, log: true }, batch_size: { kind: 'int', min: 16, max: 64 } } }));
    // The reference: the same spec and seed, never interrupted.
    const refDb = emptyStore(join(work, 'db-ref'));
    const reference = cli(['--db', refDb, 'run', spec, '--json']);
    expect(reference.status).toBe(0);
    const ref = lastJson(reference.stdout);

    const db = emptyStore(join(work, 'db-crash'));
    let id = '';
    // killed after the progress of round 2 (run), then 5 and 8 (resumes); the last resume finishes
    for (const [i, round] of [2, 5, 8].entries()) {
      const child = startCli(i === 0 ? ['--db', db, 'run', spec] : ['--db', db, 'resume', id]);
      if (i === 0) id = (await child.waitFor(/^experiment (\S+)$/m))[1] as string;
      await child.waitFor(new RegExp(`round ${round}: `));
      child.child.kill('SIGKILL');
      expect(await child.exit(30_000)).toEqual({ code: null, signal: 'SIGKILL' });
      expect(JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout).status).toBe('running');
    }
    const resumed = cli(['--db', db, 'resume', id, '--json']);
    expect(resumed.stderr).not.toMatch(/error:/);
    expect(resumed.status).toBe(0);
    const res = lastJson(resumed.stdout);
    expect(res.status).toBe('completed');

    expect(comparable(res)).toEqual(comparable(ref));
    const show = JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout);
    const refShow = JSON.parse(cli(['--db', refDb, 'show', ref.experiment, '--json']).stdout);
    expect({ ...show, id: '', created_at: '', best: { ...show.best, trial: suffix(show.best.trial) } }).toEqual({
      ...refShow,
      id: '',
      created_at: '',
      best: { ...refShow.best, trial: suffix(refShow.best.trial) },
    });
    // the same stored points (each step once) and the same regulation events in the same order
    const steps = await lossSteps(db, id);
    expect(steps).toEqual(await lossSteps(refDb, ref.experiment));
    for (const s of Object.values(steps)) expect(s).toEqual([...new Set(s)].sort((a, b) => a - b));
    const events = await eventLog(db, id);
    expect(events.filter((e) => (e as { kind: string }).kind === 'rollback').length).toBeGreaterThan(0);
    expect(events).toEqual(await eventLog(refDb, ref.experiment));
  }, 600_000);
});
