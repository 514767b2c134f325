import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpigenomeError, float, int, type Regulator, type SearchSpace } from '@epigenome/core';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryWith } from './registry/registry-with';
import { resumeExperiment, runExperiment, type RunExperimentOptions } from './run-experiment';
import { comparable, eventLog } from './test/comparable-run';
import { createSoftmaxEngine } from './test-fixtures/softmax-engine';

// Interrupted at round k, then resumed, must give the uninterrupted run bit for bit: the result and
// the stored event log. One experiment per built-in regulator and one full composition. Failures
// here can come from a regulator whose own snapshot() misses part of its state.

const space: SearchSpace = { lr: float(1e-3, 1, { log: true }), momentum: float(0, 0.9), batch_size: int(8, 32) };
// rates at which the softmax fixture diverges: rollbacks to the last good checkpoint happen
const hot: SearchSpace = { lr: float(5, 50, { log: true }), momentum: float(0.5, 0.9) };
const env = { population: 4, seed: 7, stepsPerTrial: 80, evaluateEvery: 10, objective: { metric: 'val_accuracy', mode: 'max' as const } };
const registry = registryWith();
interface Case {
  readonly space: SearchSpace;
  readonly make: () => Regulator[];
  /** Stopped trials' unused steps go to the survivors (`budget.reallocate`). */
  readonly reallocate?: boolean;
}
const make = (entries: readonly { use: string; level: Regulator['level']; options?: Record<string, unknown> }[], inSpace = space, reallocate = false): Case => ({
  space: inSpace,
  make: () => entries.map((e) => registry.resolve(e.use).create(e.options ?? {}, { ...env, space: inSpace, level: e.level, name: e.use })),
  reallocate,
});

const cases: Record<string, Case> = {
  none: make([]),
  pbt: make([{ use: 'pbt', level: 'population' }]),
  asha: make([{ use: 'asha', level: 'population' }]),
  // successive halving from the first evaluation, the pruned trials' steps reallocated to the survivors
  'asha, reallocated': make([{ use: 'asha', level: 'population', options: { gracePeriod: 10, reductionFactor: 2 } }], space, true),
  'median-stopping': make([{ use: 'median-stopping', level: 'population' }]),
  cmaes: make([{ use: 'cmaes', level: 'population' }]),
  ga: make([{ use: 'ga', level: 'population' }]),
  'gp-bo': make([{ use: 'gp-bo', level: 'population' }]),
  pb2: make([{ use: 'pb2', level: 'population' }]),
  hypergradient: make([{ use: 'hypergradient', level: 'step' }]),
  bandit: make([{ use: 'bandit', level: 'step', options: { every: { steps: 10 } } }]),
  'policy-gradient': make([{ use: 'policy-gradient', level: 'epoch' }]),
  plateau: make([{ use: 'plateau', level: 'epoch' }]),
  divergence: make([{ use: 'divergence', level: 'step' }]),
  'inherit-marks': make([{ use: 'inherit-marks', level: 'lineage' }]),
  composition: make([
    { use: 'inherit-marks', level: 'lineage' },
    { use: 'pbt', level: 'population' },
    { use: 'plateau', level: 'epoch' },
    { use: 'hypergradient', level: 'step' },
  ]),
  'halving composition, reallocated': make(
    [
      { use: 'inherit-marks', level: 'lineage' },
      { use: 'asha', level: 'population', options: { gracePeriod: 10, reductionFactor: 2 } },
      { use: 'pbt', level: 'population', options: { every: { steps: 20 }, exploreAll: false } },
      { use: 'hypergradient', level: 'step' },
    ],
    space,
    true,
  ),
  'divergence, diverging': make([{ use: 'divergence', level: 'step' }], hot),
  'hypergradient, diverging': make([{ use: 'hypergradient', level: 'step' }], hot),
  'composition, diverging': make(
    [
      { use: 'pbt', level: 'population' },
      { use: 'divergence', level: 'epoch' },
      { use: 'hypergradient', level: 'step' },
    ],
    hot,
  ),
};

let dir: string;
let memory: Memory;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runner-resume-'));
  memory = await openMemory({ dir: join(dir, 'db') });
}, 60_000);
afterAll(async () => {
  await memory?.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = (c: Case): RunExperimentOptions => ({
  engine: createSoftmaxEngine(),
  space: c.space,
  regulators: c.make(),
  population: env.population,
  budget: { steps: env.stepsPerTrial, ...(c.reallocate ? { reallocate: true } : {}) },
  evaluateEvery: env.evaluateEvery,
  signalEvery: 5,
  seed: env.seed,
  memory,
  writeMarks: false,
});

/** Runs until `stopAt` says so (from onProgress), then resumes with fresh regulators and engine. */
async function interruptedThenResumed(c: Case, stopAt: (p: Parameters<NonNullable<RunExperimentOptions['onProgress']>>[0]) => boolean) {
  const abort = new AbortController();
  const first = await runExperiment({ ...base(c), abortSignal: abort.signal, onProgress: (p) => stopAt(p) && abort.abort() });
  expect(first.status).toBe('interrupted');
  expect((await memory.getExperiment(first.experimentId)).status).toBe('interrupted');
  return resumeExperiment({ ...base(c), experimentId: first.experimentId, memory });
}

describe('resumeExperiment is exact', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: interrupted after rounds 2 and 5 or inside round 7, resumed = uninterrupted`, async () => {
      const whole = await runExperiment(base(c));
      expect(whole.status).toBe('completed');
      const expected = comparable(whole);
      const expectedLog = await eventLog(memory, whole.experimentId);
      if (name.endsWith('diverging')) expect(expectedLog).toContainEqual(expect.objectContaining({ kind: 'rollback' }));
      for (const stop of [
        (p: { type: string; round?: number }) => p.type === 'round' && p.round === 2,
        (p: { type: string; round?: number }) => p.type === 'round' && p.round === 5,
        // inside a round: the partial round is discarded and replayed
        (p: { type: string; step?: number; kind?: string }) => p.type === 'signal' && p.kind === 'step' && p.step === 65,
      ]) {
        const resumed = await interruptedThenResumed(c, stop as never);
        expect(resumed.status).toBe('completed');
        expect(comparable(resumed)).toEqual(expected);
        expect(await eventLog(memory, resumed.experimentId)).toEqual(expectedLog);
      }
    }, 120_000);
  }
});

describe('runExperiment stops within one chunk', () => {
  it('an abort fired by a timer during a long round leaves the experiment interrupted', async () => {
    const abort = new AbortController();
    let stepAtAbort = -1;
    let lastStep = 0;
    const timer = setTimeout(() => {
      stepAtAbort = lastStep;
      abort.abort();
    }, 300);
    const c = make([]);
    // one round of 50,000 steps: before chunks yielded, the timer could not fire until it ended
    const result = await runExperiment({
      ...base(c),
      population: 2,
      budget: { steps: 50_000 },
      evaluateEvery: 50_000,
      signalEvery: 10,
      abortSignal: abort.signal,
      onProgress: (p) => {
        if (p.type === 'signal') lastStep = Math.max(lastStep, p.step);
      },
    });
    clearTimeout(timer);
    expect(stepAtAbort).toBeGreaterThan(0);
    expect(result.status).toBe('interrupted');
    expect(Math.max(...result.trials.map((t) => t.steps))).toBeLessThanOrEqual(stepAtAbort + 10);
    expect((await memory.getExperiment(result.experimentId)).status).toBe('interrupted');
  }, 60_000);
});

describe('failed experiments', () => {
  const throwing = (atStep: number): Regulator => ({
    specificationVersion: 'v1',
    name: 'breaks',
    level: 'step',
    controls: ['lr'],
    regulate: (s) => {
      if (s.step >= atStep) throw new EpigenomeError({ code: 'INTERNAL', message: `broke at step ${s.step}` });
      return undefined;
    },
  });

  it('refuses a bad composition before anything is written', async () => {
    const before = (await memory.listExperiments()).length;
    const twice = make([
      { use: 'hypergradient', level: 'step' },
      { use: 'hypergradient', level: 'step' },
    ]);
    await expect(runExperiment(base(twice))).rejects.toThrow(/hypergradient/);
    // two regulators of one level that may both set lr, with equal priority
    const rivals = make([
      { use: 'bandit', level: 'step' },
      { use: 'policy-gradient', level: 'step' },
    ]);
    await expect(runExperiment({ ...base(rivals), regulators: [...rivals.make(), throwing(0)] })).rejects.toThrow(expect.objectContaining({ code: 'REGULOME_CONFLICT' }));
    expect((await memory.listExperiments()).length).toBe(before);
  });

  it('marks a run that fails at run time failed, with the reason, and refuses to resume it', async () => {
    const c = make([]);
    let id = '';
    await expect(
      runExperiment({
        ...base(c),
        regulators: [throwing(25)],
        onProgress: (p) => {
          if (p.type === 'started') id = p.experimentId;
        },
      }),
    ).rejects.toThrow('broke at step 25');
    const record = await memory.getExperiment(id);
    expect(record.status).toBe('failed');
    expect((record.summary as { error: unknown }).error).toEqual({ code: 'INTERNAL', message: 'broke at step 25' });
    expect((record.summary as { runner: { round: number } }).runner.round).toBe(2);
    await expect(resumeExperiment({ ...base(c), experimentId: id, memory })).rejects.toThrow(
      `experiment "${id}" failed (INTERNAL: broke at step 25) and cannot be resumed: the same state would fail again; fix the cause and start a new experiment`,
    );
    await expect(resumeExperiment({ ...base(c), experimentId: id, memory })).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
