import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float, width, type Regulator, type SearchSpace } from '@epigenome/core';
import { createTfjsEngine, iris } from '@epigenome/engine-tfjs';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryWith } from './registry/registry-with';
import { resumeExperiment, runExperiment, type RunExperimentOptions } from './run-experiment';
import { comparable, eventLog } from './test/comparable-run';

// A live width through the whole runner: composed across levels (PBT sets and perturbs it at
// population level, an epoch rule grows it), exploits between trials of different widths, and
// resume after an interruption with the width changed mid-run equals the uninterrupted run.

const space: SearchSpace = { lr: float(1e-3, 0.1, { log: true }), 'width.0': width(2, 24) };
const env = { population: 3, seed: 11, space, stepsPerTrial: 60, evaluateEvery: 10, objective: { metric: 'val_accuracy', mode: 'max' as const } };
const registry = registryWith();

/** Grows the hidden layer by half at every second evaluation (stateless, so nothing to snapshot). */
const grow = (): Regulator => ({
  specificationVersion: 'v1',
  name: 'grow',
  level: 'epoch',
  controls: ['width.0'],
  adjusts: ['factor'],
  regulate: (s) => (s.step % 20 === 0 ? { factor: { 'width.0': 1.5 }, reason: 'grow: every second evaluation' } : undefined),
});

let dir: string;
let memory: Memory;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runner-width-'));
  memory = await openMemory({ dir: join(dir, 'db') });
}, 60_000);
afterAll(async () => {
  await memory?.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): RunExperimentOptions => ({
  engine: createTfjsEngine({ model: { kind: 'mlp', hidden: [3] }, data: iris(), backend: 'wasm' }),
  space,
  regulators: [registry.resolve('pbt').create({ every: { steps: 20 } }, { ...env, level: 'population', name: 'pbt' }), grow()],
  population: env.population,
  budget: { steps: 60 },
  evaluateEvery: 10,
  signalEvery: 5,
  seed: env.seed,
  memory,
  writeMarks: false,
});

describe('a live width through the runner', () => {
  it('changes widths mid-run (grow rule, PBT explore and exploit across widths); resumed = uninterrupted', async () => {
    const whole = await runExperiment(base());
    expect(whole.status).toBe('completed');
    const log = await eventLog(memory, whole.experimentId);
    const widthChanges = log.filter((e) => e.param === 'width.0');
    expect(widthChanges.some((e) => e.regulator === 'grow' && (e.to as number) > (e.from as number))).toBe(true);
    // an exploit from a donor of another width: the exploit is followed by the width's change, same trial and step
    const acrossWidths = log.filter((e, i) => e.kind === 'exploit' && log.slice(i + 1).some((f) => f.trialId === e.trialId && f.step === e.step && f.param === 'width.0'));
    expect(acrossWidths.length).toBeGreaterThan(0);
    // the trials ended at the widths the regulome gave them, and their checkpoints say so
    for (const t of whole.trials) expect(Number.isInteger(t.config['width.0'])).toBe(true);
    const expected = comparable(whole);
    for (const stop of [
      (p: { type: string; round?: number }) => p.type === 'round' && p.round === 3,
      (p: { type: string; step?: number; kind?: string }) => p.type === 'signal' && p.kind === 'step' && p.step === 45,
    ]) {
      const abort = new AbortController();
      const first = await runExperiment({ ...base(), abortSignal: abort.signal, onProgress: (p) => (stop as (q: unknown) => boolean)(p) && abort.abort() });
      expect(first.status).toBe('interrupted');
      const resumed = await resumeExperiment({ ...base(), experimentId: first.experimentId, memory });
      expect(resumed.status).toBe('completed');
      expect(comparable(resumed)).toEqual(expected);
      expect(await eventLog(memory, resumed.experimentId)).toEqual(log);
    }
  }, 240_000);
});
