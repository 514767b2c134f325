import { describe, expect, it } from 'vitest';
import type { Adjustment, Regulator } from '../contracts/regulator';
import type { Level } from '../contracts/level';
import type { Signal } from '../contracts/signal';
import { choice, float, int, width } from '../space/param-spec';
import { createRegulome } from './create-regulome';

// The composition rules of the core README ("Composition rules"), one case each.
const space = { lr: float(1e-4, 1, { log: true }), dropout: float(0, 0.5), bs: int(8, 128), opt: choice(['adam', 'sgd']) };
const evaluation = (trialId: string, step: number, metrics: Record<string, number>) => ({ trialId, kind: 'eval' as const, step, metrics });
const stepSignal = (trialId: string, step: number) => ({ trialId, kind: 'step' as const, step, metrics: { loss: 1 } });

function regulator(name: string, level: Level, controls: string[], hooks: Partial<Regulator> = {}): Regulator {
  return { specificationVersion: 'v1', name, level, controls, ...hooks };
}

describe('composition: factors at one level multiply in the declared order', () => {
  it('a step-level plateau rule beside the hypergradient on lr', async () => {
    // a plateau rule at step level (a user's own) and a hypergradient-like rule: both only multiply
    const plateau = regulator('plateau', 'step', ['lr'], {
      adjusts: ['factor'],
      regulate: (s: Signal) => (s.step % 4 === 0 ? { factor: { lr: 0.5 }, reason: 'plateau: loss flat' } : undefined),
    });
    const hypergradient = regulator('hypergradient', 'step', ['lr'], { adjusts: ['factor'], regulate: () => ({ factor: { lr: 1.1 }, reason: 'hypergradient: cos > 0' }) });
    const r = createRegulome({ space, regulators: [plateau, hypergradient] });
    await r.addTrial('t0', { config: { lr: 0.01 } });
    const first = await r.observe(stepSignal('t0', 1));
    expect(first.config.lr).toBeCloseTo(0.011, 12);
    const fourth = await r.observe(stepSignal('t0', 4));
    expect(fourth.config.lr).toBeCloseTo(0.01 * 1.1 * 0.5 * 1.1, 12);
    // one event per regulator, in the declared order, each naming who changed what
    expect(fourth.events.map((e) => [e.regulator, e.level, e.param, e.reason])).toEqual([
      ['plateau', 'step', 'lr', 'plateau: loss flat'],
      ['hypergradient', 'step', 'lr', 'hypergradient: cos > 0'],
    ]);
    expect(fourth.events[0]?.to).toBeCloseTo(0.0055, 12);
    expect(r.trial('t0').base.lr).toBe(0.01); // inner levels modulate, the base stays
  });

  it('refuses at run time an adjustment outside the declared adjusts', async () => {
    const liar = regulator('liar', 'step', ['lr'], { adjusts: ['factor'], regulate: () => ({ set: { lr: 0.1 }, reason: 'sneaky' }) });
    const r = createRegulome({ space, regulators: [liar] });
    await r.addTrial('t0');
    await expect(r.observe(stepSignal('t0', 1))).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ADJUSTMENT', message: `liar.regulate().set must be absent: regulator "liar" declares adjusts: ['factor']; got {"lr":0.1}` }),
    );
  });
});

describe('composition: different hooks never conflict', () => {
  it('a proposer of whole configurations (GP-BO) and a regulator in training (PBT) on one space', async () => {
    let proposals = 0;
    const gpBo = regulator('gp-bo', 'population', Object.keys(space), { propose: () => ({ lr: 0.02 + 0.01 * proposals++, bs: 85, opt: 'sgd', dropout: 0.3 }) });
    const pbt = regulator('pbt', 'population', Object.keys(space), {
      regulate: (s: Signal) => (s.trialId === 't1' ? { exploit: { from: 't0' }, set: { lr: 0.05 }, reason: 'pbt: bottom 25%, exploit t0, explore lr' } : undefined),
    });
    const r = createRegulome({ space, regulators: [gpBo, pbt] });
    expect(await r.addTrial('t0')).toEqual({ lr: 0.02, bs: 85, opt: 'sgd', dropout: 0.3 });
    expect(await r.addTrial('t1')).toEqual({ lr: 0.03, bs: 85, opt: 'sgd', dropout: 0.3 });
    r.setCheckpoint('t0');
    const out = await r.observe(evaluation('t1', 10, { val_loss: 2 }));
    expect(out.exploit?.regulator).toBe('pbt');
    expect(out.config).toEqual({ lr: 0.05, bs: 85, opt: 'sgd', dropout: 0.3 });
    expect(out.events.map((e) => [e.kind, e.regulator, e.param])).toEqual([
      ['exploit', 'pbt', '@weights'],
      ['change', 'pbt', 'lr'],
    ]);
  });
});

describe('composition: competing sets go to the higher priority', () => {
  const setting = (name: string, lr: number, priority?: number): Regulator =>
    regulator('x', 'epoch', ['lr'], { name, ...(priority === undefined ? {} : { priority }), regulate: (): Adjustment => ({ set: { lr }, reason: `${name} sets ${lr}` }) });

  it('refuses a tie, naming both regulators and the fix', () => {
    expect(() => createRegulome({ space, regulators: [setting('schedule', 0.1), setting('controller', 0.2)] })).toThrow(
      expect.objectContaining({
        code: 'REGULOME_CONFLICT',
        message: expect.stringMatching(/"schedule" and "controller" both write "lr" at level "epoch" .* give one a higher priority \(its options\.priority\)/),
      }),
    );
  });

  it.each([
    ['declared first', [setting('high', 0.2, 1), setting('low', 0.1)]],
    ['declared last', [setting('low', 0.1), setting('high', 0.2, 1)]],
  ])('the higher priority wins whether %s', async (_, regulators) => {
    const r = createRegulome({ space, regulators });
    await r.addTrial('t0', { config: { lr: 0.01 } });
    const out = await r.observe(evaluation('t0', 1, { val_loss: 1 }));
    expect(out.config.lr).toBeCloseTo(0.2, 12);
    expect(out.events.at(-1)).toMatchObject({ regulator: 'high', param: 'lr', reason: 'high sets 0.2' });
  });

  it('between two proposers of one level, too; an inner level still overrides an outer one', async () => {
    const propose = (name: string, level: Level, bs: number, priority = 0) => regulator(name, level, ['bs'], { priority, propose: () => ({ bs }) });
    const r = createRegulome({ space, regulators: [propose('ga', 'population', 16, 2), propose('cmaes', 'population', 32, 1), propose('memory', 'lineage', 64)] });
    expect((await r.addTrial('t0')).bs).toBe(16);
  });
});

describe('composition: an exploit copies only what its regulator controls', () => {
  it('leaves the trial its own values of the other parameters (base and modulation)', async () => {
    const gpBo = regulator('gp-bo', 'population', ['bs'], { propose: (ctx) => ({ bs: ctx.trial?.id === 't0' ? 32 : 85 }) });
    const pbt = regulator('pbt', 'population', ['lr'], {
      regulate: (s: Signal) => (s.trialId === 't1' && s.step === 10 ? { exploit: { from: 't0' }, reason: 'pbt: exploit t0' } : undefined),
    });
    const dropoutRule = regulator('dropout-rule', 'epoch', ['dropout'], {
      regulate: (s: Signal) => (s.trialId === 't1' && s.step === 5 ? { set: { dropout: 0.4 }, reason: 'overfitting' } : undefined),
    });
    const r = createRegulome({ space, regulators: [gpBo, pbt, dropoutRule] });
    await r.addTrial('t0', { config: { lr: 0.1, dropout: 0.1, opt: 'adam' } });
    await r.addTrial('t1', { config: { lr: 0.001, dropout: 0.2, opt: 'sgd' } });
    await r.observe(evaluation('t1', 5, { val_loss: 3 })); // t1's dropout modulated to 0.4 at epoch level
    r.setCheckpoint('t0');
    const out = await r.observe(evaluation('t1', 10, { val_loss: 3 }));
    expect(out.exploit).toMatchObject({ from: 't0', regulator: 'pbt' });
    expect(out.config).toEqual({ lr: 0.1, bs: 85, dropout: 0.4, opt: 'sgd' });
    expect(out.events.filter((e) => e.kind === 'change').map((e) => `${e.regulator}: ${e.param} ${e.from}→${e.to}`)).toEqual(['pbt: lr 0.001→0.1']);
  });
});

describe('composition: a width composes like any numeric hyperparameter', () => {
  it('population base × epoch modulation, clamped and rounded; its events name the layer and the old and new width', async () => {
    const s = { lr: float(1e-4, 1, { log: true }), 'width.0': width(8, 256) };
    const pbt = regulator('pbt', 'population', ['width.0'], { regulate: (sig: Signal) => (sig.step === 10 ? { set: { 'width.0': 48 }, reason: 'explore' } : undefined) });
    const grow = regulator('grow', 'epoch', ['width.0'], {
      adjusts: ['factor'],
      regulate: (sig: Signal) => (sig.step >= 20 ? { factor: { 'width.0': 1.3 }, reason: 'underfit' } : undefined),
    });
    const r = createRegulome({ space: s, regulators: [pbt, grow] });
    await r.addTrial('t0', { config: { lr: 0.01, 'width.0': 32 } });
    const first = await r.observe(evaluation('t0', 10, { val_loss: 1 }));
    expect(first.config['width.0']).toBe(48);
    expect(first.events.map((e) => [e.param, e.layer, e.from, e.to, e.level])).toEqual([['width.0', 'width.0', 32, 48, 'population']]);
    const second = await r.observe(evaluation('t0', 20, { val_loss: 1 }));
    expect(second.config['width.0']).toBe(62); // round(48 × 1.3)
    expect(second.events[0]).toMatchObject({ kind: 'change', layer: 'width.0', from: 48, to: 62, level: 'epoch', regulator: 'grow' });
    expect(r.trial('t0').base['width.0']).toBe(48);
    for (let step = 30; step < 200; step += 10) await r.observe(evaluation('t0', step, { val_loss: 1 }));
    expect(r.trial('t0').config['width.0']).toBe(256); // clamped at the bound
  });
});
