import { float, int, type Regulator } from '@epigenome/core';
import { createAsha } from '@epigenome/regulators-evolutionary';
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunnerProgress } from './run-experiment';
import { createSoftmaxEngine } from './test-fixtures/softmax-engine';

const space = { lr: float(1e-3, 1, { log: true }), batch_size: int(8, 32) };

describe('runExperiment (in memory)', () => {
  it('trains a population in rounds, evaluates, and returns the best trial', async () => {
    const engine = createSoftmaxEngine();
    const progress: RunnerProgress[] = [];
    const result = await runExperiment({ engine, space, population: 3, budget: { steps: 60 }, evaluateEvery: 20, signalEvery: 5, seed: 3, onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('completed');
    expect(result.trials).toHaveLength(3);
    expect(result.trials.every((t) => t.steps === 60 && t.status === 'completed')).toBe(true);
    expect(result.steps).toBe(180);
    expect(result.best?.metrics.val_accuracy).toBeGreaterThan(0.5);
    expect(progress.filter((p) => p.type === 'round')).toHaveLength(3);
    expect(progress.filter((p) => p.type === 'signal' && p.kind === 'eval')).toHaveLength(9);
    expect(engine.created).toBe(3);
    expect(engine.disposed).toBe(3);
    // the best trial's final state comes back: loaded into a fresh trial it evaluates the same
    const probe = await engine.createTrial(result.best?.config ?? {}, 99);
    await probe.load(result.bestCheckpoint as never);
    expect(await probe.evaluate()).toEqual({ val_loss: result.best?.metrics.val_loss, val_accuracy: result.best?.metrics.val_accuracy });
  });

  it('is reproducible for the same seed and differs for another', async () => {
    const run = (seed: number) => runExperiment({ engine: createSoftmaxEngine(), space, population: 2, budget: { steps: 40 }, evaluateEvery: 20, seed });
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(b.trials.map((t) => [t.config, t.metrics])).toEqual(a.trials.map((t) => [t.config, t.metrics]));
    expect(c.trials.map((t) => t.config)).not.toEqual(a.trials.map((t) => t.config));
  });

  it("starts trial 0 from the user's defaultConfig and the others from their draws", async () => {
    const started = async (defaultConfig?: { lr: number; batch_size: number }) => {
      let trials: readonly { id: string; config: Record<string, unknown> }[] = [];
      const onProgress = (p: RunnerProgress) => (p.type === 'started' ? (trials = p.trials) : undefined);
      await runExperiment({
        engine: createSoftmaxEngine(),
        space,
        population: 3,
        budget: { steps: 20 },
        evaluateEvery: 20,
        seed: 4,
        onProgress,
        ...(defaultConfig ? { defaultConfig } : {}),
      });
      return trials.map((t) => t.config);
    };
    const drawn = await started();
    const withDefault = await started({ lr: 0.01, batch_size: 16 });
    expect(withDefault[0]).toEqual({ lr: 0.01, batch_size: 16 });
    expect(drawn[0]).not.toEqual(withDefault[0]);
    expect(withDefault.slice(1)).toEqual(drawn.slice(1));
    await expect(runExperiment({ engine: createSoftmaxEngine(), space, budget: { steps: 20 }, defaultConfig: { lr: 3 } })).rejects.toThrow(
      /defaultConfig.lr must be a number in \[0.001, 1\] \(log\); got 3/,
    );
  });

  it('applies step-level changes live and population-level exploits with checkpoint copies', async () => {
    const halve: Regulator = {
      specificationVersion: 'v1',
      name: 'halve',
      level: 'step',
      controls: ['lr'],
      regulate: (s) => (s.step === 10 ? { factor: { lr: 0.5 }, reason: 'halve at 10' } : undefined),
    };
    const copyBest: Regulator = {
      specificationVersion: 'v1',
      name: 'copy-best',
      level: 'population',
      controls: ['lr'],
      regulate: (s, ctx) => {
        const others = ctx.population.filter((p) => p.id !== s.trialId && p.hasCheckpoint && p.fitness !== undefined);
        const best = others.sort((a, b) => (b.fitness as number) - (a.fitness as number))[0];
        const me = ctx.trial;
        if (!best || !me || me.fitness === undefined || (best.fitness as number) <= me.fitness) return undefined;
        return { exploit: { from: best.id }, reason: `worse than ${best.id}` };
      },
    };
    const events: string[] = [];
    const result = await runExperiment({
      engine: createSoftmaxEngine(),
      space,
      population: 3,
      budget: { steps: 40 },
      evaluateEvery: 20,
      regulators: [halve, copyBest],
      seed: 1,
      onProgress: (p) => {
        if (p.type === 'events') for (const e of p.events) events.push(`${e.kind}:${e.regulator}:${e.param}`);
      },
    });
    expect(events.filter((e) => e === 'change:halve:lr')).toHaveLength(3);
    expect(events.some((e) => e === 'exploit:copy-best:@weights')).toBe(true);
    const exploited = result.trials.filter((t) => t.parentId !== undefined);
    expect(exploited.length).toBeGreaterThan(0);
    expect(exploited.every((t) => t.generation >= 1)).toBe(true);
    expect(result.events).toBe(events.length);
  });

  it('stops trials a regulator stops, and rejects bad options naming the field', async () => {
    const stopper: Regulator = {
      specificationVersion: 'v1',
      name: 'cut',
      level: 'population',
      controls: [],
      regulate: (s) => (s.trialId.endsWith('t1') ? { stop: true, reason: 'cut' } : undefined),
    };
    const result = await runExperiment({ engine: createSoftmaxEngine(), space, population: 2, budget: { steps: 40 }, evaluateEvery: 20, regulators: [stopper] });
    expect(result.trials.map((t) => [t.status, t.steps])).toEqual([
      ['completed', 40],
      ['stopped', 20],
    ]);
    const engine = createSoftmaxEngine();
    await expect(runExperiment({ engine, space, budget: { steps: 0 } })).rejects.toThrow('budget.steps must be an integer ≥ 1; got 0');
    await expect(runExperiment({ engine, space, population: 0, budget: { steps: 1 } })).rejects.toThrow('population must be an integer ≥ 1; got 0');
    await expect(runExperiment({ engine, space, budget: {} })).rejects.toThrow(/budget must be exactly one of budget.steps or budget.epochs/);
    await expect(runExperiment({ engine, space, budget: { steps: 10 }, evaluateEvery: 1.5 })).rejects.toThrow(/evaluateEvery must be an integer ≥ 1/);
  });

  it("gives a stopped trial's unused steps to the survivors when asked, at the same total", async () => {
    const stopper: Regulator = {
      specificationVersion: 'v1',
      name: 'cut',
      level: 'population',
      controls: [],
      regulate: (s) => (s.trialId.endsWith('t1') ? { stop: true, reason: 'cut' } : undefined),
    };
    const run = (reallocate: boolean) =>
      runExperiment({ engine: createSoftmaxEngine(), space, population: 3, budget: { steps: 40, reallocate }, evaluateEvery: 20, regulators: [stopper] });
    const kept = await run(false);
    expect(kept.trials.map((t) => t.steps)).toEqual([40, 20, 40]);
    const moved = await run(true);
    expect(moved.trials.map((t) => [t.status, t.steps])).toEqual([
      ['completed', 50],
      ['stopped', 20],
      ['completed', 50],
    ]);
    expect(moved.steps).toBe(3 * 40);
  });

  it("halves a population at its first evaluation and gives the winner the loser's steps (ASHA + reallocate)", async () => {
    const lr = { lr: float(1e-3, 1, { log: true }) };
    const defaults = [{ lr: 1e-3 }, { lr: 0.5 }];
    // trial 0 (a rate far too small) is first in trial order and worse: it stops, trial 1 takes its steps
    for (const order of [defaults, [...defaults].reverse()]) {
      // budget_used of the survivor's step signals: against its own budget, which reallocation grew to 190
      const used = new Map<number, number | undefined>();
      const watch: Regulator = {
        specificationVersion: 'v1',
        name: 'watch',
        level: 'step',
        controls: [],
        regulate: (sig) => void (sig.config.lr === 0.5 && used.set(sig.step, sig.features.budget_used)),
      };
      const result = await runExperiment({
        engine: createSoftmaxEngine(),
        space: lr,
        population: 2,
        budget: { steps: 100, reallocate: true },
        evaluateEvery: 10,
        regulators: [
          { specificationVersion: 'v1', name: 'fixed', level: 'lineage', controls: ['lr'], propose: (ctx) => ({ ...order[Number(ctx.trial?.id.at(-1))] }) },
          createAsha({ gracePeriod: 10, reductionFactor: 2 }),
          watch,
        ],
      });
      const slow = result.trials.find((t) => t.config.lr === 1e-3);
      const fast = result.trials.find((t) => t.config.lr === 0.5);
      expect([slow?.status, slow?.steps]).toEqual(['stopped', 10]);
      expect([fast?.status, fast?.steps]).toEqual(['completed', 190]);
      expect(result.steps).toBe(200);
      expect([used.get(10), used.get(100), used.get(190)]).toEqual([10 / 100, 100 / 190, 1]);
    }
  });

  it('converts an epoch budget with the batch size', async () => {
    const result = await runExperiment({
      engine: createSoftmaxEngine({ samples: 300 }),
      space: { lr: float(0.1, 0.1), batch_size: int(30, 30) },
      population: 1,
      budget: { epochs: 2 },
      evaluateEvery: 10,
    });
    expect(result.trials[0]?.steps).toBe(20);
  });
});

describe('runExperiment: rollback', () => {
  it('restores the last good checkpoint when a regulator asks for a rollback', async () => {
    const blowUp = (rollback: boolean): Regulator => ({
      specificationVersion: 'v1',
      name: 'blow-up',
      level: 'step',
      controls: ['lr'],
      regulate: (s) => {
        if (s.step === 30) return { set: { lr: 1 }, reason: 'too hot' };
        if (s.step === 35) return { rollback, set: { lr: 0.05 }, reason: 'cool down' };
        return undefined;
      },
    });
    const events: string[] = [];
    const base = { space, population: 1, budget: { steps: 40 }, evaluateEvery: 20, signalEvery: 5, seed: 2 } as const;
    const rolled = await runExperiment({
      ...base,
      engine: createSoftmaxEngine(),
      regulators: [blowUp(true)],
      onProgress: (p) => p.type === 'events' && p.events.forEach((e) => events.push(`${e.step}:${e.kind}`)),
    });
    const kept = await runExperiment({ ...base, engine: createSoftmaxEngine(), regulators: [blowUp(false)] });
    expect(events).toContain('35:rollback');
    // Same hyperparameters afterwards; only the weights differ: back to step 20's, before lr = 1.
    expect(rolled.trials[0]?.config).toEqual(kept.trials[0]?.config);
    expect(rolled.trials[0]?.metrics.val_loss).not.toBe(kept.trials[0]?.metrics.val_loss);
  });
});
