import { float, width, type Regulator } from '@epigenome/core';
import { createTfjsEngine, spirals } from '@epigenome/engine-tfjs';
import { openMemory } from '@epigenome/memory';
import { createGrowthReflex } from '@epigenome/regulators-rl';
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunExperimentOptions } from '../run-experiment';
import { inheritMarks } from './inherit-marks';

// The width schedule that worked is a mark like any other: a real MLP on the two-spirals task,
// started with 2 hidden units, grows under the growth reflex; the experiment's config and schedule
// marks carry the width, and a later experiment starts from the grown width, with the grown
// network's weights (the checkpoint carries its architecture).
const data = spirals({ samples: 600, validation: 200, seed: 1 });
const engine = () => createTfjsEngine({ model: { kind: 'mlp', hidden: [2], activation: 'tanh' }, data });
/** Starts every trial of the first experiment at 2 units. */
const startSmall: Regulator = { specificationVersion: 'v1', name: 'start-small', level: 'population', controls: ['width.0'], propose: () => ({ 'width.0': 2 }) };
const growth = () => createGrowthReflex({ patience: 1, minDelta: 0.02, maxGap: 0.5, cooldown: 1 });
const base = { population: 2, budget: { steps: 240 }, evaluateEvery: 20, signalEvery: 10, seed: 4, inheritWeights: 1 } satisfies Partial<RunExperimentOptions>;

describe('width marks through the runner (real MLP on @epigenome/engine-tfjs)', () => {
  it('writes the grown width into config and schedule marks, and a later experiment inherits it with the weights', async () => {
    const memory = await openMemory({ inMemory: true });
    const e1 = engine();
    const e2 = engine();
    try {
      const space = { 'width.0': width(2, 32), lr: float(0.01, 0.1, { log: true }) };
      const first = await runExperiment({ ...base, engine: e1, space, regulators: [startSmall, growth()], memory });
      expect(first.status).toBe('completed');
      const best = first.best;
      if (!best) throw new Error('no best trial');
      const schedule = best.schedule.map((p) => p.config['width.0'] as number);
      // it started at 2 and grew, never shrinking on this underfitting task
      expect(schedule[0]).toBe(2);
      expect(best.config['width.0']).toBeGreaterThan(2);
      for (let i = 1; i < schedule.length; i++) expect(schedule[i]).toBeGreaterThanOrEqual(schedule[i - 1] as number);
      const events = await memory.queries.events({ experimentId: first.experimentId, limit: 10_000 });
      const grows = events.filter((e) => e.param === 'width.0' && e.regulator === 'growth');
      expect(grows.length).toBeGreaterThan(0);
      expect(grows[0]).toMatchObject({ level: 'epoch', from: 2, to: 4 });
      expect(grows[0]?.reason).toMatch(/^growth: underfitting/);

      const marks = await memory.listMarks({ limit: 100 });
      const configMark = marks.find((m) => m.regulation.kind === 'config');
      const scheduleMark = marks.find((m) => m.regulation.kind === 'schedule');
      expect(configMark?.regulation).toMatchObject({ config: { 'width.0': best.config['width.0'] } });
      if (scheduleMark?.regulation.kind !== 'schedule') throw new Error('no schedule mark');
      expect(scheduleMark.regulation.points.map((p) => p.config['width.0'])).toEqual(schedule);
      expect(marks.some((m) => m.regulation.kind === 'state' && m.regulation.regulator === '@weights')).toBe(true);

      // A later experiment on the same task, every trial from the marks, the rate pinned near 0:
      // it starts at the grown width, and its first evaluation is the first experiment's best network.
      const frozen = { 'width.0': width(2, 32), lr: float(1e-7, 1e-7) };
      const firstEval = new Map<string, number>();
      const second = await runExperiment({
        ...base,
        engine: e2,
        space: frozen,
        regulators: [inheritMarks({ fraction: 1 })],
        memory,
        seed: 5,
        budget: { steps: 20 },
        onProgress: (p) => {
          if (p.type === 'signal' && p.kind === 'eval' && !firstEval.has(p.trialId)) firstEval.set(p.trialId, p.metrics.val_loss as number);
        },
      });
      const t0 = second.trials[0];
      expect(t0?.schedule[0]?.config['width.0']).toBe(best.config['width.0']);
      expect(Object.keys(second.inheritedStates)).toContain('@weights:t0');
      expect(firstEval.get(t0?.id as string)).toBeCloseTo(best.metrics.val_loss as number, 3);
    } finally {
      await e1.dispose();
      await e2.dispose();
      await memory.close();
    }
  }, 240_000);
});
