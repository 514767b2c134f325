import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float, type TrainingEngine } from '@epigenome/core';
import { openMemory } from '@epigenome/memory';
import { afterAll, expect, it } from 'vitest';
import { runExperiment } from '../run-experiment';
import { createSoftmaxEngine } from '../test-fixtures/softmax-engine';

const work = mkdtempSync(join(tmpdir(), 'epigenome-backend-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// An engine knows the backend it really runs on only once it has started (tfjs-node installed
// without its native binary falls back to wasm): the record must end with the real one.
it('records the backend the engine really started, not the one it expected', async () => {
  const inner = createSoftmaxEngine();
  let started = false;
  const engine: TrainingEngine = {
    get backend() {
      return started ? 'wasm' : 'tensorflow';
    },
    dataset: inner.dataset,
    modelFamily: inner.modelFamily,
    createTrial: (config, seed) => ((started = true), inner.createTrial(config, seed)),
  };
  const memory = await openMemory({ dir: join(work, 'db') });
  try {
    const result = await runExperiment({ engine, space: { lr: float(0.01, 0.5, { log: true }) }, regulators: [], population: 2, budget: { steps: 40 }, evaluateEvery: 20, memory });
    expect(result.backend).toBe('wasm');
    expect((await memory.getExperiment(result.experimentId)).backend).toBe('wasm');
  } finally {
    await memory.close();
  }
}, 60_000);
