import { choice, createRegulome, float, validateConfig, type InheritedMark, type LineageView } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createGpBo } from './gp-bo';

const space = { lr: float(1e-4, 1e-1, { log: true }), dropout: float(0, 0.6), opt: choice(['adam', 'sgd']) };
const score = (c: Record<string, unknown>) => -((Math.log10(c.lr as number) + 2) ** 2) - ((c.dropout as number) - 0.2) ** 2;

async function run(regulator: ReturnType<typeof createGpBo>, trials: number, parallel: number, seed = 1) {
  const regulome = createRegulome({ space, regulators: [regulator], seed, objective: { metric: 'score', mode: 'max' } });
  await regulome.start();
  const running: { id: string; config: Record<string, unknown> }[] = [];
  let next = 0;
  let best = Number.NEGATIVE_INFINITY;
  while (next < trials || running.length > 0) {
    while (running.length < parallel && next < trials) {
      const id = `t${next++}`;
      running.push({ id, config: await regulome.addTrial(id) });
    }
    const t = running.shift() as { id: string; config: Record<string, unknown> };
    validateConfig(space, t.config as never);
    const s = score(t.config);
    best = Math.max(best, s);
    await regulome.observe({ trialId: t.id, kind: 'eval', step: 10, metrics: { score: s } });
    await regulome.endTrial(t.id);
  }
  return { regulome, best };
}

describe('createGpBo', () => {
  it('proposes valid configs for new trials through the regulome and learns from conclusions', async () => {
    const bo = createGpBo({ params: ['lr', 'dropout'], initial: 4, rawSamples: 128, restarts: 3 });
    const { best } = await run(bo, 16, 2);
    expect(bo.optimiser?.observations).toHaveLength(16);
    expect(best).toBeGreaterThan(-0.05);
  });

  it('accepts prior observations of the controlled space', async () => {
    const prior = [
      { config: { lr: 0.01, dropout: 0.2 }, value: 0 },
      { config: { lr: 0.001, dropout: 0.5 }, value: -1.1 },
    ];
    const bo = createGpBo({ params: ['lr', 'dropout'], prior, initial: 2, rawSamples: 64 });
    const regulome = createRegulome({ space, regulators: [bo], seed: 4, objective: { metric: 'score', mode: 'max' } });
    await regulome.start();
    const c = await regulome.addTrial('t0');
    expect(bo.optimiser?.observations).toHaveLength(2);
    expect(bo.optimiser?.model?.size).toBe(2); // the GP proposed t0 straight away
    validateConfig(space, c as never);
  });

  it('keeps parallel proposals apart (running trials are pending points)', async () => {
    const bo = createGpBo({ params: ['lr', 'dropout'], initial: 3, rawSamples: 128, restarts: 3 });
    const regulome = createRegulome({ space, regulators: [bo], seed: 2, objective: { metric: 'score', mode: 'max' } });
    await regulome.start();
    for (let i = 0; i < 3; i++) {
      const c = await regulome.addTrial(`a${i}`);
      await regulome.observe({ trialId: `a${i}`, kind: 'eval', step: 1, metrics: { score: score(c) } });
      await regulome.endTrial(`a${i}`);
    }
    const a = await regulome.addTrial('b0');
    const b = await regulome.addTrial('b1');
    expect([a.lr, a.dropout]).not.toEqual([b.lr, b.dropout]);
  });

  it('warm-starts from inherited config marks and snapshots/restores its observations', async () => {
    const mark = (lr: number, fitness: number): InheritedMark =>
      ({
        id: `m${lr}`,
        context: {} as never,
        regulation: { kind: 'config', config: { lr, dropout: 0.2, opt: 'adam' } },
        fitness,
        strength: 1,
        halfLifeDays: 30,
        sourceExperimentId: undefined,
        sourceTrialId: undefined,
        updatedAt: 0,
        createdAt: 0,
        similarity: 1,
        decayedStrength: 1,
        score: 1,
      }) as InheritedMark;
    const lineage = {
      context: {} as never,
      inherit: async () => [mark(0.01, 0), mark(0.001, -1), mark(5, 0)],
      mark: async () => 'x',
      reinforce: async () => {},
      weaken: async () => {},
    } satisfies LineageView;
    const bo = createGpBo({ params: ['lr', 'dropout'], inherit: 3, initial: 2, rawSamples: 64 });
    const regulome = createRegulome({ space, regulators: [bo], seed: 3, lineage, objective: { metric: 'score', mode: 'max' } });
    await regulome.start();
    expect(bo.optimiser?.observations).toHaveLength(2); // lr = 5 is outside the space: skipped
    await regulome.addTrial('t0');
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 1, metrics: { score: Number.NaN } });
    await regulome.endTrial('t0', 'failed');
    const snap = regulome.snapshot();
    const copy = createGpBo({ params: ['lr', 'dropout'], initial: 2, rawSamples: 64 });
    const other = createRegulome({ space, regulators: [copy], seed: 3, objective: { metric: 'score', mode: 'max' } });
    other.restore(snap);
    await other.start();
    expect(copy.optimiser?.observations).toHaveLength(3);
    expect(Number.isFinite(copy.optimiser?.observations[2]?.value)).toBe(false); // the failed trial stays a failure
  });

  it('rejects bad options naming the field', () => {
    expect(() => createGpBo({ params: [] })).toThrow('options.params must be a hyperparameter name or a non-empty array of hyperparameter names; got []');
    expect(() => createGpBo({ controls: ['lr'] } as never)).toThrow('options.controls was renamed to options.params');
    expect(() => createGpBo({ contorls: ['lr'] } as never)).toThrow(/options\.contorls is not an option/);
    expect(createGpBo({ params: 'lr', priority: 1 })).toMatchObject({ controls: ['lr'], priority: 1 });
    expect(() => createGpBo({ params: ['lr'], inherit: -1 })).toThrow(/inherit must be an integer ≥ 0/);
    expect(() => createGpBo({ params: ['lr'], rawSamples: 0 })).toThrow(/rawSamples must be an integer ≥ 1/);
    expect(() => createGpBo({ params: ['lr'], acquisition: 'ei' as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.acquisition' }));
    expect(() => createGpBo({ inherrit: 2 } as never)).toThrow('options.inherrit is not an option; did you mean "inherit"?');
  });
});
