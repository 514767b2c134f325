import { describe, expect, it } from 'vitest';
import { freshTrialMemory, trialMemoriesFromJson, trialMemoriesToJson } from './trial-memory';

describe('trial memory as JSON', () => {
  it('survives JSON text, a pending decision without a reference (NaN) included', () => {
    const m = { ...freshTrialMemory(), lastDecision: 40, lossSum: 1.5, lossCount: 3, ceiling: { lr: 0.2 } };
    m.pending.push({ age: 1, x: [1, -0.5], actions: { lr: 2 }, masks: { lr: [true, true, false] }, metric: 'loss', reference: Number.NaN });
    const back = trialMemoriesFromJson(JSON.parse(JSON.stringify(trialMemoriesToJson(new Map([['t0', m]])))), 'state.trials');
    expect(back.get('t0')).toEqual(m);
    expect(Number.isNaN(back.get('t0')?.pending[0]?.reference)).toBe(true);
  });

  it('refuses what is not one, naming the field', () => {
    expect(() => trialMemoriesFromJson([1], 'x.trials')).toThrow(/x\.trials must be trial id → trial memory/);
    expect(() => trialMemoriesFromJson({ t0: { pending: 3 } }, 'x.trials')).toThrow(/x\.trials\.t0 must be a trial memory/);
  });
});
