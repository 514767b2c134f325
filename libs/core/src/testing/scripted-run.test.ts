import { describe, expect, it } from 'vitest';
import type { Regulator } from '../contracts/regulator';
import { float } from '../space/param-spec';
import { runScripted, type ScriptedRunOptions } from './scripted-run';

/** Halves lr every third signal it sees; `keep` says whether its snapshot carries the count. */
function everyThird(keep: boolean): Regulator {
  let seen = 0;
  return {
    specificationVersion: 'v1',
    name: 'third',
    level: 'step',
    controls: ['lr'],
    regulate: () => (++seen % 3 === 0 ? { factor: { lr: 0.5 }, reason: 'third' } : undefined),
    snapshot: () => ({ seen: keep ? seen : 0 }),
    restore: (s) => void (seen = (s as { seen: number }).seen),
  };
}

const options = (keep: boolean): ScriptedRunOptions => ({
  space: { lr: float(1e-6, 1, { log: true }) },
  regulators: () => [everyThird(keep)],
  script: () => (i) =>
    i === 0
      ? { type: 'addTrial', id: 't0', config: { lr: 0.5 } }
      : i <= 10
        ? { type: 'observe', input: { trialId: 't0', kind: 'step', step: i, metrics: { loss: 1 / i } } }
        : i === 11
          ? { type: 'endTrial', trialId: 't0' }
          : undefined,
});

describe('runScripted', () => {
  it('gives the uninterrupted transcript when every piece of state is in the snapshot', async () => {
    const full = await runScripted(options(true));
    expect(full.filter((e) => e.type === 'observe' && e.events.length > 0)).toHaveLength(3);
    for (const k of [2, 5, 9]) expect(await runScripted(options(true), { interruptAt: k })).toEqual(full);
  });

  it('shows a regulator that forgets state on restore', async () => {
    const full = await runScripted(options(false));
    expect(await runScripted(options(false), { interruptAt: 5 })).not.toEqual(full);
  });
});
