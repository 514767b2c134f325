import { choice, createRegulome, float, int, type InheritedMark, type LineageView, type MarkRegulation } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { inheritMarks } from './inherit-marks';

const context = { dataset: { name: 'blobs', samples: 10, features: 2, classes: 2, inputShape: [2] }, model: { family: 'softmax' } };
const space = { lr: float(1e-3, 0.5, { log: true }), batch_size: int(8, 64) };

function mark(id: string, score: number, regulation: MarkRegulation): InheritedMark {
  return {
    id,
    score,
    regulation,
    context,
    fitness: 0.8,
    strength: 0.5,
    halfLifeDays: 30,
    sourceExperimentId: undefined,
    sourceTrialId: undefined,
    updatedAt: 0,
    createdAt: 0,
    similarity: 1,
    decayedStrength: score,
  };
}

function fakeLineage(marks: InheritedMark[]) {
  const verdicts: string[] = [];
  const asked: number[] = [];
  const lineage: LineageView = {
    context,
    inherit: async (k) => {
      asked.push(k);
      return marks.slice(0, k);
    },
    mark: async () => 'new',
    reinforce: async (id, amount) => {
      verdicts.push(`+${id}:${amount}`);
    },
    weaken: async (id, amount) => {
      verdicts.push(`-${id}:${amount}`);
    },
  };
  return { lineage, verdicts, asked };
}

describe('inheritMarks', () => {
  it('seeds every other trial from configuration marks first, then schedules, clamped to the space, and controls the whole space', async () => {
    const { lineage, asked } = fakeLineage([
      mark('sched', 0.9, {
        kind: 'schedule',
        points: [
          { step: 0, config: { lr: 0.3 } },
          { step: 50, config: { lr: 0.02, batch_size: 16 } },
        ],
      }),
      mark('conf', 0.5, { kind: 'config', config: { lr: 9, batch_size: 32, other: 1 } }),
      mark('faint', 0.01, { kind: 'config', config: { lr: 0.004 } }),
    ]);
    const reg = inheritMarks({ k: 3 });
    const regulome = createRegulome({ space, regulators: [reg], seed: 1, lineage });
    expect(regulome.controls('inherit-marks')).toEqual(['lr', 'batch_size']);
    await regulome.start();
    const configs = [];
    for (let i = 0; i < 4; i++) configs.push(await regulome.addTrial(`t${i}`, { streamKey: `t${i}` }));
    expect(asked).toEqual([3]);
    expect(configs[0]).toEqual({ lr: 0.5, batch_size: 32 });
    expect(configs[2]).toEqual({ lr: 0.02, batch_size: 16 });
    expect(configs[1]).not.toEqual(configs[0]);
    expect(reg.report().seeded).toEqual({ t0: 'conf', t2: 'sched' });
    expect(reg.report().marks.map((m) => m.id)).toEqual(['conf', 'sched']);
  });

  it('ignores a mark whose choice this space does not admit: an Adam rate does not seed an SGD-only experiment', async () => {
    const sgdOnly = { lr: float(1e-3, 3, { log: true }), optimizer: choice(['sgd']) };
    const { lineage } = fakeLineage([
      mark('adam', 0.9, { kind: 'config', config: { lr: 0.001, optimizer: 'adam' } }),
      mark('sgd', 0.5, { kind: 'config', config: { lr: 0.3, optimizer: 'sgd' } }),
    ]);
    const reg = inheritMarks({ fraction: 1 });
    const regulome = createRegulome({ space: sgdOnly, regulators: [reg], seed: 1, lineage });
    await regulome.start();
    const configs = [];
    for (let i = 0; i < 2; i++) configs.push(await regulome.addTrial(`t${i}`, { streamKey: `t${i}` }));
    expect(configs).toEqual([
      { lr: 0.3, optimizer: 'sgd' },
      { lr: 0.3, optimizer: 'sgd' },
    ]);
    expect(reg.report().seeded).toEqual({ t0: 'sgd', t1: 'sgd' });
    expect(reg.report().ignored).toEqual({ adam: 'optimizer "adam" is not one of this space\'s ["sgd"]' });

    // with only the foreign mark, no trial is seeded: the space's own draw stands
    const alone = inheritMarks({ fraction: 1 });
    const fresh = createRegulome({
      space: sgdOnly,
      regulators: [alone],
      seed: 1,
      lineage: fakeLineage([mark('adam', 0.9, { kind: 'config', config: { lr: 0.001, optimizer: 'adam' } })]).lineage,
    });
    await fresh.start();
    expect((await fresh.addTrial('t0', { streamKey: 't0' })).lr).not.toBe(0.001);
    expect(alone.report().seeded).toEqual({});
  });

  it('at the end reinforces marks whose trials reached the median and weakens the others', async () => {
    const { lineage, verdicts } = fakeLineage([mark('a', 0.9, { kind: 'config', config: { lr: 0.1 } }), mark('b', 0.8, { kind: 'config', config: { lr: 0.01 } })]);
    const reg = inheritMarks({ fraction: 1, amount: 0.3 });
    const regulome = createRegulome({ space, regulators: [reg], seed: 1, lineage, objective: { metric: 'val_accuracy', mode: 'max' } });
    await regulome.start();
    const accuracy = [0.9, 0.5, 0.7];
    for (const [i, acc] of accuracy.entries()) {
      await regulome.addTrial(`t${i}`, { streamKey: `t${i}` });
      await regulome.observe({ trialId: `t${i}`, kind: 'eval', step: 10, metrics: { val_accuracy: acc }, final: true });
    }
    for (let i = 0; i < accuracy.length; i++) await regulome.endTrial(`t${i}`, 'completed');
    await regulome.finish();
    // t0 (0.9) and t2 (0.7) came from mark a, t1 (0.5) from b; the median is 0.7
    expect(reg.report().seeded).toEqual({ t0: 'a', t1: 'b', t2: 'a' });
    expect(verdicts).toEqual(['+a:0.3', '-b:0.3']);
  });

  it('refuses bad options, naming the field', () => {
    expect(() => inheritMarks({ k: 0 })).toThrow('options.k must be an integer ≥ 1; got 0');
    expect(() => inheritMarks({ fraction: 2 })).toThrow('options.fraction must be a finite number ≥ 0 and ≤ 1; got 2');
    expect(() => inheritMarks({ amount: 0 })).toThrow('options.amount must be a finite number > 0 and ≤ 1; got 0');
    expect(() => inheritMarks({ minScore: Number.NaN })).toThrow('options.minScore must be a finite number ≥ 0 and ≤ 1; got NaN');
    // a misspelt option is refused, not ignored
    expect(() => inheritMarks({ fractoin: 0.5 } as never)).toThrow(/options\.fractoin.*did you mean "fraction"/);
  });
});
