import { choice, float, type InheritedMark, type MarkRegulation, type MemoryStore, type Regulator } from '@epigenome/core';
import { createTfjsEngine, iris } from '@epigenome/engine-tfjs';
import { describe, expect, it } from 'vitest';
import { inheritAtStart, warmStart } from './lineage-at-start';

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe('warmStart with changing shapes', () => {
  it('loads inherited weights of another width, then takes the trial its own width (Net2Net from the inherited model)', async () => {
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: iris(), backend: 'wasm', widenNoise: 0 });
    const donor = await engine.createTrial({ lr: 0.02, 'width.0': 8 }, 1);
    await donor.train(30);
    const saved = await donor.save();
    const mark = {
      regulation: { kind: 'state', regulator: '@weights', state: { bytes: Buffer.from(saved.bytes).toString('base64'), step: saved.step } },
    } as unknown as InheritedMark;
    const x = iris().validation.x;
    const donorOut = await donor.predict(x);

    const wider = await engine.createTrial({ 'width.0': 3 }, 2);
    expect(await warmStart(wider, { lr: 0.01, 'width.0': 12 }, 0, 1, mark)).toBe(true);
    expect(wider.config['width.0']).toBe(12);
    expect(maxAbsDiff(donorOut, await wider.predict(x))).toBeLessThan(1e-5); // 8 → 12 by Net2WiderNet: the inherited function

    const narrower = await engine.createTrial({}, 3);
    expect(await warmStart(narrower, { 'width.0': 5 }, 0, 1, mark)).toBe(true);
    expect(narrower.config['width.0']).toBe(5);
    expect(narrower.step).toBe(saved.step);
    for (const t of [donor, wider, narrower]) t.dispose();
    await engine.dispose();
  });
});

describe('inheritAtStart across regimes', () => {
  const context = { dataset: { name: 'mnist', samples: 8000, features: 784, classes: 10, inputShape: [784] }, model: { family: 'mlp' } };
  const mark = (id: string, experiment: string, score: number, regulation: MarkRegulation) =>
    ({ id, score, regulation, context, fitness: 0.9, strength: 0.5, sourceExperimentId: experiment }) as unknown as InheritedMark;
  const weights = { kind: 'state', regulator: '@weights', state: { bytes: '', step: 200 } } as const;
  const marks = [
    mark('adam-config', 'adam-exp', 0.9, { kind: 'config', config: { lr: 0.001, optimizer: 'adam' } }),
    mark('adam-weights', 'adam-exp', 0.9, weights),
    mark('adam-knowledge', 'adam-exp', 0.9, { kind: 'state', regulator: 'learner', state: { from: 'adam' } }),
    mark('sgd-config', 'sgd-exp', 0.5, { kind: 'config', config: { lr: 0.3, optimizer: 'sgd' } }),
    mark('sgd-weights', 'sgd-exp', 0.5, weights),
  ];
  const memory = { inherit: async () => marks } as unknown as MemoryStore;
  const learned: unknown[] = [];
  const learner: Regulator = { specificationVersion: 'v1', name: 'learner', level: 'step', controls: [], inheritable: true, learn: (s) => void learned.push(s) };

  it('takes no weights or knowledge from an experiment whose configuration this space does not admit', async () => {
    const sgdOnly = { lr: float(1e-3, 3, { log: true }), optimizer: choice(['sgd']) };
    const atStart = await inheritAtStart({ memory, context, space: sgdOnly, regulators: [learner], weightFraction: 0.5, inheritStates: true });
    expect(atStart.weightsMark?.id).toBe('sgd-weights');
    expect(atStart.inheritedStates).toEqual({});
    expect(learned).toEqual([]);

    // a space that admits Adam takes the best marks as before
    const any = { lr: float(1e-4, 3, { log: true }), optimizer: choice(['adam', 'sgd']) };
    const open = await inheritAtStart({ memory, context, space: any, regulators: [learner], weightFraction: 0.5, inheritStates: true });
    expect(open.weightsMark?.id).toBe('adam-weights');
    expect(open.inheritedStates).toEqual({ learner: 'adam-knowledge' });
    expect(learned).toEqual([{ from: 'adam' }]);
  });

  it('leaves weights whose own configuration is of another regime, even without their configuration mark', async () => {
    const lone = [mark('adam-weights', 'adam-exp', 0.9, { kind: 'state', regulator: '@weights', state: { bytes: '', step: 200, config: { lr: 0.001, optimizer: 'adam' } } })];
    const store = { inherit: async () => lone } as unknown as MemoryStore;
    const sgdOnly = { lr: float(1e-3, 3, { log: true }), optimizer: choice(['sgd']) };
    expect((await inheritAtStart({ memory: store, context, space: sgdOnly, regulators: [], weightFraction: 0.5, inheritStates: true })).weightsMark).toBeUndefined();
    const any = { lr: float(1e-4, 3, { log: true }), optimizer: choice(['adam', 'sgd']) };
    expect((await inheritAtStart({ memory: store, context, space: any, regulators: [], weightFraction: 0.5, inheritStates: true })).weightsMark?.id).toBe('adam-weights');
  });
});
