import type { RegulationEvent } from '@epigenome/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
const events: RegulationEvent[] = [];

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory());
  await memory.createExperiment({ id: 'e', name: 'e', spec: {}, seed: 1, backend: 'cpu' });
  for (const t of ['e-a', 'e-b']) await memory.createTrial({ id: t, experimentId: 'e', config: { lr: 0.1 }, seed: 1 });
  // Steps 0..999: a step-level change every step on alternating trials, an epoch change every 100, an exploit at 500.
  for (let step = 0; step < 1000; step++) {
    events.push({
      experimentId: 'e',
      trialId: step % 2 ? 'e-b' : 'e-a',
      step,
      level: 'step',
      regulator: 'hypergradient',
      kind: 'change',
      param: 'lr',
      from: 0.1,
      to: 0.11,
      reason: 'grad',
    });
    if (step % 100 === 0)
      events.push({ experimentId: 'e', trialId: 'e-a', step, level: 'epoch', regulator: 'sched', kind: 'change', param: 'momentum', from: 0.9, to: 0.8, reason: 'epoch' });
  }
  events.push({ experimentId: 'e', trialId: 'e-b', step: 500, level: 'population', regulator: 'pbt', kind: 'exploit', param: 'lr', from: 'e-b', to: 'e-a', reason: 'pbt' });
  await memory.appendEvents(events);
}, 180_000);
afterAll(async () => cleanup?.());

describe('eventBuckets', () => {
  it('counts the events per step bucket and level, exploits and trials included', async () => {
    const result = await memory.queries.eventBuckets({ experimentId: 'e', buckets: 10 });
    expect(result.total).toBe(events.length);
    expect(result.width).toBe(100);
    expect(result.buckets.reduce((n, b) => n + b.n, 0)).toBe(events.length);
    expect(result.buckets.filter((b) => b.level === 'step').map((b) => [b.fromStep, b.toStep, b.n, b.trials])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i * 100, i * 100 + 99, 100, 2]),
    );
    expect(result.buckets.filter((b) => b.level === 'epoch').every((b) => b.n === 1 && b.trials === 1)).toBe(true);
    expect(result.buckets.filter((b) => b.level === 'population')).toEqual([{ level: 'population', fromStep: 500, toStep: 599, n: 1, exploits: 1, trials: 1 }]);
    // Lanes within a bucket in level order (lineage, population, epoch, step).
    expect(result.buckets.filter((b) => b.fromStep === 500).map((b) => b.level)).toEqual(['population', 'epoch', 'step']);
  });

  it('filters by parameter and step range', async () => {
    const result = await memory.queries.eventBuckets({ experimentId: 'e', params: ['momentum'], fromStep: 150, toStep: 349, buckets: 4 });
    expect(result).toEqual({
      total: 2,
      width: 50,
      buckets: [
        { level: 'epoch', fromStep: 200, toStep: 249, n: 1, exploits: 0, trials: 1 },
        { level: 'epoch', fromStep: 300, toStep: 349, n: 1, exploits: 0, trials: 1 },
      ],
    });
    expect(await memory.queries.eventBuckets({ experimentId: 'e', params: ['nothing'] })).toEqual({ total: 0, width: 1, buckets: [] });
  });

  it('refuses bad options by name and unknown experiments', async () => {
    await expect(memory.queries.eventBuckets({ experimentId: 'e', buckets: 0 })).rejects.toMatchObject({ field: 'buckets' });
    await expect(memory.queries.eventBuckets({ experimentId: 'e', fromStep: -1 })).rejects.toMatchObject({ field: 'fromStep' });
    await expect(memory.queries.eventBuckets({ experimentId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
