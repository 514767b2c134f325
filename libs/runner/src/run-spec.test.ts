import { openMemory } from '@epigenome/memory';
import { describe, expect, it } from 'vitest';
import { runSpec } from './run-spec';
import { tinySpec } from './testing';

const spec = tinySpec({
  seed: 5,
  population: 3,
  budget: { steps: 200 },
  regulators: { lineage: [{ use: 'inherit-marks' }], population: [{ use: 'pbt', options: { quantile: 0.34 } }], step: [{ use: 'hypergradient' }] },
});

const outcome = (r: Awaited<ReturnType<typeof runSpec>>) =>
  r.trials.map((t) => ({ id: t.id.slice(t.id.lastIndexOf('-')), config: t.config, metrics: t.metrics, parent: t.parentId?.slice(t.parentId.lastIndexOf('-')) }));

describe('runSpec on the TensorFlow.js engine', () => {
  it('gives the same result with 1 and 2 worker threads', async () => {
    const one = await runSpec(spec, { workers: 1 });
    const two = await runSpec(spec, { workers: 2 });
    expect(one.backend).toBe(two.backend);
    expect(outcome(two)).toEqual(outcome(one));
    expect(one.events).toBe(two.events);
    expect(one.events).toBeGreaterThan(0);
  }, 180_000);

  it('inherits marks in a second experiment and reinforces or weakens them', async () => {
    const memory = await openMemory({ inMemory: true });
    // a learned controller (inheritable) beside PBT and the lineage regulator (not inheritable)
    const learning = { ...spec, regulators: { ...spec.regulators, step: [{ use: 'bandit', options: { every: { steps: 20 } } }] } };
    try {
      const first = await runSpec(learning, { memory });
      expect(first.marks.length).toBeGreaterThanOrEqual(2);
      const before = new Map((await memory.listMarks()).map((m) => [m.id, m.strength]));
      // The same model on the same data with the learning rate pinned near 0: a warm-started
      // trial evaluates like the first experiment's best weights, a fresh one like chance.
      const firstEval = new Map<string, number>();
      // It only measures: it writes no marks of its own (its lr-1e-7 configuration would otherwise
      // compete with the first experiment's best one below), but it does reinforce or weaken them.
      const frozen = { ...learning, seed: 6, space: { ...spec.space, lr: { kind: 'float', min: 1e-7, max: 1e-7 } }, memory: { writeMarks: false } };
      const probe = await runSpec(frozen, {
        memory,
        onProgress: (p) => {
          if (p.type === 'signal' && p.kind === 'eval' && !firstEval.has(p.trialId.slice(-2))) firstEval.set(p.trialId.slice(-2), p.metrics.val_loss as number);
        },
      });
      expect(Object.keys(probe.inheritedStates)).toEqual(expect.arrayContaining(['@weights:t0', '@weights:t2']));
      expect(Object.keys(probe.inheritedStates)).not.toContain('@weights:t1');
      expect(firstEval.get('t0')).toBeCloseTo(first.best?.metrics.val_loss as number, 3);
      expect(firstEval.get('t2')).toBeCloseTo(first.best?.metrics.val_loss as number, 3);
      expect(Math.abs((firstEval.get('t1') as number) - (first.best?.metrics.val_loss as number))).toBeGreaterThan(1e-3);
      const second = await runSpec({ ...learning, seed: 6 }, { memory });
      // the bandit's learned statistics were restored from a state mark; PBT's bookkeeping was not kept
      expect(Object.keys(second.inheritedStates)).toContain('bandit');
      expect(Object.keys(second.inheritedStates)).not.toContain('pbt');
      const kinds = (await memory.listMarks({ limit: 1000 })).map((m) => (m.regulation.kind === 'state' ? m.regulation.regulator : m.regulation.kind));
      expect(kinds).toEqual(expect.arrayContaining(['config', 'schedule', 'bandit', '@weights']));
      expect(kinds).not.toContain('pbt');
      // the first trial starts from the first experiment's best configuration mark
      expect(second.trials[0]?.schedule[0]?.config).toEqual(first.best?.config);
      expect((await memory.listTrials(second.experimentId)).length).toBe(3);
      const events = await memory.queries.events({ experimentId: second.experimentId, limit: 10_000 });
      expect(events.length).toBeGreaterThan(0);
      // the inherited marks' strengths moved (reinforced or weakened) at the end
      const after = await Promise.all([...before.keys()].map((id) => memory.getMark(id)));
      expect(after.some((m) => m.strength !== before.get(m.id) || m.erased)).toBe(true);
    } finally {
      await memory.close();
    }
  }, 240_000);

  it('names the path of a bad spec and the known regulators', async () => {
    await expect(runSpec({ ...spec, population: 0 })).rejects.toThrow('spec.population must be ≥ 1; got 0');
    await expect(runSpec({ ...spec, regulators: { population: [{ use: 'pbtt' }] } })).rejects.toThrow(
      /spec.regulators.population\[0\].use: unknown regulator "pbtt"; known: asha, bandit/,
    );
    await expect(runSpec({ ...spec, regulators: { step: [{ use: 'pbt' }] } })).rejects.toThrow(
      /spec.regulators.step\[0\].use must be a plugin of level "step"; "pbt" acts at population/,
    );
    await expect(runSpec({ ...spec, dataset: { name: 'spirals', samples: -1 } })).rejects.toThrow(/spec.dataset/);
    await expect(runSpec({ ...spec, regulators: { population: [{ use: 'pbt', options: { quantile: 0.9 } }] } })).rejects.toThrow(
      /spec.regulators.population\[0\].options.quantile must be a number in \(0, 0.5\]/,
    );
  }, 60_000);
});
