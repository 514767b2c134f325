import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyStore, lastJson, startCli, workDir, writeSpec } from './test/cli-process';
import { lossSteps } from './test/stored-series';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();
// 400 steps a trial (10 rounds): the run is stopped after its first round (at most two later) and
// the first resume after its first, so both stops fall mid-run with rounds left to finish.
const spec = writeSpec(work, 'long', tinySpec({ budget: { steps: 400 } }));
const total = 2 * 400;
const roundSteps = 2 * 40;

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during run and resume', (signal, code) => {
  it(`stops within a round, leaves the experiment interrupted, exits ${code}, and resume finishes it`, async () => {
    const db = emptyStore(join(work, `db-${signal}`));
    const run = startCli(['--db', db, 'run', spec]);
    const id = (await run.waitFor(/^experiment (\S+)$/m))[1] as string;
    await run.waitFor(/round 1: /);
    const before = Math.max(...[...run.stderr().matchAll(/round \d+: (\d+)\//g)].map((m) => Number(m[1])));
    run.child.kill(signal);
    const ended = await run.exit(30_000);
    expect(ended, run.stderr().slice(-1500)).toEqual({ code, signal: null });
    expect(run.stderr()).toContain(`interrupted; resume with: epigenome --db ${db} resume ${id}\n`);
    const steps = Number(new RegExp(`experiment ${id} interrupted: (\\d+) steps`).exec(run.stdout())?.[1]);
    // one chunk after the signal, at most the round it fell in (loose: the machine is shared)
    expect(steps).toBeGreaterThanOrEqual(before);
    expect(steps).toBeLessThanOrEqual(before + 2 * roundSteps);
    expect(steps).toBeLessThan(total);
    expect(JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout).status).toBe('interrupted');

    // resume honours the same signal
    const again = startCli(['--db', db, 'resume', id]);
    await again.waitFor(/round \d+: /);
    again.child.kill(signal);
    expect(await again.exit(30_000), again.stderr().slice(-1500)).toEqual({ code, signal: null });
    expect(again.stderr()).toContain(`interrupted; resume with: epigenome --db ${db} resume ${id}\n`);
    expect(JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout).status).toBe('interrupted');

    const resumed = cli(['--db', db, 'resume', id, '--json']);
    expect(resumed.stderr).not.toMatch(/error:/);
    expect(resumed.status).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ experiment: id, status: 'completed', steps: total });
    const show = JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout);
    expect(show).toMatchObject({ status: 'completed', metric_points: 2 * 40 * 3 + 2 * 10 * 2 });
    const every = Array.from({ length: 40 }, (_, i) => (i + 1) * 10);
    expect(await lossSteps(db, id)).toEqual({ t0: every, t1: every });
  }, 400_000);
});
