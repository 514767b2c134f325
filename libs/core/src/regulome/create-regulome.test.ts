import { describe, expect, it } from 'vitest';
import type { Adjustment, Regulator } from '../contracts/regulator';
import type { Signal } from '../contracts/signal';
import type { Level } from '../contracts/level';
import { choice, float, int } from '../space/param-spec';
import { createRegulome } from './create-regulome';

const space = { lr: float(1e-4, 1, { log: true }), dropout: float(0, 0.5), opt: choice(['adam', 'sgd']), bs: int(8, 128) };

function fake(name: string, level: Level, controls: string[], hooks: Partial<Regulator> = {}): Regulator {
  return { specificationVersion: 'v1', name, level, controls, ...hooks };
}

const step = (trialId: string, s: number, metrics: Record<string, number> = { loss: 1 }) => ({ trialId, kind: 'step' as const, step: s, metrics });
const evaluation = (trialId: string, s: number, metrics: Record<string, number>) => ({ trialId, kind: 'eval' as const, step: s, metrics });

describe('createRegulome: composition checks', () => {
  it('refuses two regulators of one level that may set one hyperparameter with equal priority, naming both and the fix', () => {
    const setter = (name: string, hooks: Partial<Regulator> = {}) => fake(name, 'step', ['lr', 'dropout'], { regulate: () => undefined, ...hooks });
    expect(() => createRegulome({ space, regulators: [setter('a'), setter('b')] })).toThrow(
      expect.objectContaining({
        code: 'REGULOME_CONFLICT',
        field: 'regulators[1].priority',
        message: expect.stringContaining(
          'regulators "a" and "b" both write "lr" at level "step" by regulate (set or exploit), with equal priority 0: give one a higher priority (its options.priority) so its value wins',
        ),
      }),
    );
    expect(() => createRegulome({ space, regulators: [setter('a', { priority: 1 }), setter('b', { priority: 1 })] })).toThrow(/equal priority 1/);
    // two proposers of one level compete too
    expect(() =>
      createRegulome({ space, regulators: [fake('a', 'population', ['lr'], { propose: () => ({}) }), fake('b', 'population', ['lr'], { propose: () => ({}) })] }),
    ).toThrow(/"a" and "b" both write "lr" at level "population" by propose/);
    expect(createRegulome({ space, regulators: [setter('a'), setter('b', { priority: 1 })] }).controllers.lr).toEqual([
      { level: 'step', regulator: 'a' },
      { level: 'step', regulator: 'b' },
    ]);
    expect(() => createRegulome({ space, regulators: [setter('a', { priority: Number.NaN })] })).toThrow(/regulators\[0\]\.priority must be a finite number \(regulator "a"\)/);
    expect(() => createRegulome({ space, regulators: [setter('a', { adjusts: ['scale' as 'set'] })] })).toThrow(/regulators\[0\]\.adjusts must be an array of "set" and "factor"/);
  });

  it('lets regulators of different hooks, or factor-only ones, share a hyperparameter at one level without a priority', () => {
    const proposer = fake('gp-bo', 'population', ['lr', 'opt'], { propose: () => ({}) });
    const trainer = fake('pbt', 'population', ['lr', 'opt'], { regulate: () => undefined });
    expect(createRegulome({ space, regulators: [proposer, trainer] }).controllers.lr?.map((c) => c.regulator)).toEqual(['gp-bo', 'pbt']);
    const factorOnly = (name: string) => fake(name, 'step', ['lr'], { adjusts: ['factor'], regulate: () => undefined });
    expect(() => createRegulome({ space, regulators: [factorOnly('plateau'), factorOnly('hg'), fake('setter', 'step', ['lr'], { regulate: () => undefined })] })).not.toThrow();
  });

  it('allows one hyperparameter at several levels', () => {
    const r = createRegulome({ space, regulators: [fake('pbt', 'population', ['lr']), fake('hg', 'step', ['lr'])] });
    expect(r.controllers.lr).toEqual([
      { level: 'population', regulator: 'pbt' },
      { level: 'step', regulator: 'hg' },
    ]);
  });

  it('resolves controls given as a function of the space once, at build, and validates the result', () => {
    let calls = 0;
    const numeric = (sp: Readonly<Record<string, { kind: string }>>) => {
      calls++;
      return Object.keys(sp).filter((k) => sp[k]?.kind !== 'choice');
    };
    const r = createRegulome({ space, regulators: [{ specificationVersion: 'v1', name: 'pbt', level: 'population', controls: numeric }] });
    expect(r.controls('pbt')).toEqual(['lr', 'dropout', 'bs']);
    expect(r.controllers.opt).toBeUndefined();
    expect(calls).toBe(1);
    expect(() => createRegulome({ space, regulators: [{ specificationVersion: 'v1', name: 'x', level: 'epoch', controls: () => ['momentum'] }] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PARAMETER', field: 'regulators[0].controls' }),
    );
    expect(() => r.controls('nope')).toThrow(/regulatorName must be a regulator of this regulome \(pbt\); got "nope"/);
  });

  it('refuses at build a hyperparameter of a kind the regulator cannot act on', () => {
    expect(() => createRegulome({ space, regulators: [fake('reflex', 'epoch', ['opt'], { kinds: ['float', 'int'] })] })).toThrow(
      'regulator "reflex" acts on float or int hyperparameters, but "opt" is a choice; drop "opt" from its controls or make "opt" a float or int in the space',
    );
    expect(createRegulome({ space, regulators: [fake('reflex', 'epoch', ['lr', 'bs'], { kinds: ['float', 'int'] })] }).controls('reflex')).toEqual(['lr', 'bs']);
  });

  it('refuses a hyperparameter the space lacks', () => {
    expect(() => createRegulome({ space, regulators: [fake('a', 'epoch', ['momentum'])] })).toThrow(
      /regulators\[0\]\.controls must be hyperparameters of the space \(lr, dropout, opt, bs\); regulator "a" controls one the space lacks; got "momentum"/,
    );
  });

  it('gives a categorical hyperparameter one owner level', () => {
    expect(() => createRegulome({ space, regulators: [fake('mem', 'lineage', ['opt']), fake('pop', 'population', ['opt'])] })).not.toThrow();
    // the owner level is the one changing it in training: a proposer elsewhere does not count
    const regulating = (name: string, level: Level) => fake(name, level, ['opt'], { regulate: () => undefined });
    expect(() => createRegulome({ space, regulators: [regulating('pop', 'population'), regulating('ep', 'epoch')] })).toThrow(
      /categorical hyperparameter "opt" has one owner level, but "pop" \(population\) and "ep" \(epoch\) control it/,
    );
    expect(() => createRegulome({ space, regulators: [fake('ga', 'population', ['opt'], { propose: () => ({}) }), regulating('ep', 'epoch')] })).not.toThrow();
  });

  it('refuses duplicate names, unknown versions and levels', () => {
    expect(() => createRegulome({ space, regulators: [fake('a', 'step', []), fake('a', 'epoch', [])] })).toThrow(/must be unique within the regulome/);
    expect(() => createRegulome({ space, regulators: [{ ...fake('a', 'step', []), specificationVersion: 'v2' as 'v1' }] })).toThrow(
      /regulators\[0\]\.specificationVersion must be 'v1'/,
    );
    expect(() => createRegulome({ space, regulators: [fake('a', 'daily' as Level, [])] })).toThrow(
      /regulators\[0\]\.level must be one of "lineage", "population", "epoch", "step"/,
    );
    expect(() => createRegulome({ space, regulators: [], history: 0 })).toThrow(/history must be an integer ≥ 1/);
    expect(() => createRegulome({ space, regulators: [], objective: { metric: 'x', mode: 'up' as 'max' } })).toThrow(/objective.mode/);
    // a misspelt option is refused, not ignored
    expect(() => createRegulome({ space, regulators: [], seeed: 2 } as never)).toThrow(/options\.seeed.*did you mean "seed"/);
  });
});

describe('createRegulome: hooks', () => {
  it('runs hooks in level order and routes signals by kind', async () => {
    const calls: string[] = [];
    const make = (name: string, level: Level) =>
      fake(name, level, [], {
        setup: () => void calls.push(`setup:${name}`),
        regulate: (s: Signal) => void calls.push(`${s.kind}:${name}`),
        conclude: () => void calls.push(`conclude:${name}`),
        finish: () => void calls.push(`finish:${name}`),
      });
    const r = createRegulome({ space, regulators: [make('s', 'step'), make('l', 'lineage'), make('e', 'epoch'), make('p', 'population')] });
    await r.start();
    await r.addTrial('t0');
    await r.observe(step('t0', 1));
    await r.observe(evaluation('t0', 2, { val_loss: 1 }));
    await r.endTrial('t0');
    await r.finish();
    expect(calls).toEqual([
      'setup:l',
      'setup:p',
      'setup:e',
      'setup:s',
      'step:s',
      'eval:p',
      'eval:e',
      'eval:s',
      'conclude:s',
      'conclude:e',
      'conclude:p',
      'conclude:l',
      'finish:s',
      'finish:e',
      'finish:p',
      'finish:l',
    ]);
  });

  it('proposes outermost first, each level seeing the draft so far', async () => {
    const seen: unknown[] = [];
    const r = createRegulome({
      space,
      seed: 1,
      regulators: [
        fake('bo', 'population', ['lr', 'bs'], { propose: (ctx) => (seen.push(ctx.draft?.lr), { lr: 0.05, bs: 64 }) }),
        fake('mem', 'lineage', ['lr'], { propose: () => ({ lr: 0.01 }) }),
      ],
    });
    const config = await r.addTrial('t0', { config: { bs: 32 } });
    expect(seen).toEqual([0.01]);
    expect(config.lr).toBe(0.05);
    expect(config.bs).toBe(32);
  });

  it('refuses proposals of uncontrolled or invalid values', async () => {
    const r1 = createRegulome({ space, regulators: [fake('bo', 'population', ['lr'], { propose: () => ({ bs: 16 }) })] });
    await expect(r1.addTrial('t0')).rejects.toThrow(/bo.propose\(\).bs must be a hyperparameter regulator "bo" controls \(lr\)/);
    const r2 = createRegulome({ space, regulators: [fake('bo', 'population', ['lr'], { propose: () => ({ lr: 7 }) })] });
    await expect(r2.addTrial('t0')).rejects.toThrow(/bo.propose\(\).lr must be a number in \[0.0001, 1\] \(log\); got 7/);
    await expect(r2.addTrial('')).rejects.toThrow(/trialId must be a non-empty string/);
  });

  it('samples each trial from its own stream: the same config whatever the order', async () => {
    const a = createRegulome({ space, seed: 9, regulators: [] });
    const b = createRegulome({ space, seed: 9, regulators: [] });
    const a1 = await a.addTrial('t1');
    await b.addTrial('t0');
    const b1 = await b.addTrial('t1');
    expect(b1).toEqual(a1);
    const c = createRegulome({ space, seed: 9, regulators: [] });
    expect(await c.addTrial('exp-42/t1', { streamKey: 't1' })).toEqual(a1);
  });

  it('starts the first trial nobody proposes for from defaultConfig, the rest from their draws', async () => {
    const drawn = createRegulome({ space, seed: 3, regulators: [] });
    const d0 = await drawn.addTrial('t0');
    const d1 = await drawn.addTrial('t1');
    const r = createRegulome({ space, seed: 3, regulators: [], defaultConfig: { lr: 1e-3, opt: 'adam' } });
    expect(await r.addTrial('t0')).toEqual({ ...d0, lr: 1e-3, opt: 'adam' });
    expect(await r.addTrial('t1')).toEqual(d1);
    // a restored regulome knows the default was handed out
    const again = createRegulome({ space, seed: 3, regulators: [], defaultConfig: { lr: 1e-3, opt: 'adam' } });
    again.restore(r.snapshot());
    expect((await again.addTrial('t2')).lr).not.toBe(1e-3);
  });

  it('gives the default to the first trial a lineage regulator leaves unseeded', async () => {
    let k = 0;
    const mem = fake('mem', 'lineage', ['lr'], { propose: () => (k++ === 0 ? { lr: 0.2 } : undefined) });
    const r = createRegulome({ space, seed: 3, regulators: [mem], defaultConfig: { lr: 1e-3 } });
    expect((await r.addTrial('t0')).lr).toBe(0.2);
    expect((await r.addTrial('t1')).lr).toBe(1e-3);
    expect((await r.addTrial('t2')).lr).not.toBe(1e-3);
  });

  it('refuses a defaultConfig outside the space, naming the field and the domain', () => {
    expect(() => createRegulome({ space, regulators: [], defaultConfig: { lr: 5 } })).toThrow(/defaultConfig.lr must be a number in \[0.0001, 1\] \(log\); got 5/);
    expect(() => createRegulome({ space, regulators: [], defaultConfig: { momentum: 0.9 } })).toThrow(/defaultConfig.momentum must be one of the space's hyperparameters/);
    expect(() => createRegulome({ space, regulators: [], defaultConfig: { opt: 'rmsprop' } })).toThrow(/defaultConfig.opt must be one of "adam", "sgd"/);
  });
});

describe('createRegulome: multi-level composition', () => {
  function scripted(name: string, level: Level, controls: string[], script: (Adjustment | undefined)[]): Regulator {
    let i = 0;
    return fake(name, level, controls, { regulate: () => script[i++] });
  }

  it('composes base × modulation factors, clamps, and emits an event per effective change', async () => {
    const r = createRegulome({
      space,
      experimentId: 'e1',
      regulators: [
        scripted('pbt', 'population', ['lr'], [{ set: { lr: 0.01 }, reason: 'explore' }]),
        scripted('plateau', 'epoch', ['lr'], [{ factor: { lr: 2 }, reason: 'warm' }]),
        scripted(
          'hg',
          'step',
          ['lr'],
          [
            { factor: { lr: 0.5 }, reason: 'hyper' },
            { factor: { lr: 1 }, reason: 'noop' },
          ],
        ),
      ],
    });
    await r.addTrial('t0', { config: { lr: 0.1 } });
    const out = await r.observe(evaluation('t0', 10, { val_loss: 1 }));
    expect(out.config.lr).toBeCloseTo(0.01, 12);
    expect(out.events.map((e) => [e.regulator, e.level, e.param, e.from, e.to, e.reason])).toEqual([
      ['pbt', 'population', 'lr', 0.1, 0.01, 'explore'],
      ['plateau', 'epoch', 'lr', 0.01, 0.02, 'warm'],
      ['hg', 'step', 'lr', 0.02, 0.01, 'hyper'],
    ]);
    expect(out.events.every((e) => e.experimentId === 'e1' && e.trialId === 't0' && e.step === 10 && e.kind === 'change')).toBe(true);
    expect(r.trial('t0').base.lr).toBe(0.01);
    const quiet = await r.observe(step('t0', 11));
    expect(quiet.events).toEqual([]);
  });

  it('clamps to bounds without winding up past them', async () => {
    const r = createRegulome({
      space,
      regulators: [
        scripted(
          'hg',
          'step',
          ['lr'],
          [
            { factor: { lr: 100 }, reason: 'up' },
            { factor: { lr: 100 }, reason: 'up' },
            { factor: { lr: 0.5 }, reason: 'down' },
          ],
        ),
      ],
    });
    await r.addTrial('t0', { config: { lr: 0.1 } });
    expect((await r.observe(step('t0', 1))).config.lr).toBe(1);
    const again = await r.observe(step('t0', 2));
    expect(again.config.lr).toBe(1);
    expect(again.events).toEqual([]);
    expect((await r.observe(step('t0', 3))).config.lr).toBeCloseTo(0.5, 12);
  });

  it('turns an inner-level set into that level’s modulation, keeping the base', async () => {
    const r = createRegulome({ space, regulators: [scripted('ep', 'epoch', ['dropout'], [{ set: { dropout: 0.2 }, reason: 'overfit' }])] });
    await r.addTrial('t0', { config: { dropout: 0.1 } });
    const out = await r.observe(evaluation('t0', 1, { val_loss: 1 }));
    expect(out.config.dropout).toBeCloseTo(0.2, 12);
    expect(r.trial('t0').base.dropout).toBe(0.1);
  });

  it('keeps ints integral', async () => {
    const r = createRegulome({ space, regulators: [scripted('ep', 'epoch', ['bs'], [{ factor: { bs: 1.3 }, reason: 'grow' }])] });
    await r.addTrial('t0', { config: { bs: 10 } });
    expect((await r.observe(evaluation('t0', 1, { val_loss: 1 }))).config.bs).toBe(13);
  });

  it('exploits only donors with a checkpoint, copying base and modulation of the parameters it controls', async () => {
    const pbt = fake('pbt', 'population', ['lr'], {
      regulate: (s: Signal) => (s.trialId === 't1' ? { exploit: { from: 't0' }, factor: { lr: 1.2 }, reason: 'bottom 25%' } : undefined),
    });
    const hg = scripted('hg', 'step', ['lr'], [{ factor: { lr: 0.5 }, reason: 'h' }]);
    const r = createRegulome({ space, regulators: [pbt, hg], objective: { metric: 'val_accuracy', mode: 'max' } });
    await r.addTrial('t0', { config: { lr: 0.1, opt: 'adam', bs: 32, dropout: 0.1 } });
    await r.addTrial('t1', { config: { lr: 0.001, opt: 'sgd', bs: 32, dropout: 0.1 } });
    await r.observe(evaluation('t0', 4, { val_accuracy: 0.9 })); // t0: lr 0.05 after hg
    await expect(r.observe(evaluation('t1', 4, { val_accuracy: 0.1 }))).rejects.toThrow(/pbt.regulate\(\).exploit.from must be a donor with a checkpoint; got "t0"/);
    r.setCheckpoint('t0');
    const out = await r.observe(evaluation('t1', 8, { val_accuracy: 0.1 }));
    expect(out.exploit).toEqual({ from: 't0', regulator: 'pbt', reason: 'bottom 25%' });
    expect(out.config.opt).toBe('sgd'); // pbt controls lr only: opt keeps the trial's own value
    expect(out.config.lr).toBeCloseTo(0.1 * 1.2 * 0.5, 12);
    expect(out.events[0]).toMatchObject({ kind: 'exploit', param: '@weights', from: 't1', to: 't0' });
    expect(out.events.slice(1).map((e) => [e.regulator, e.param])).toEqual([['pbt', 'lr']]);
    const view = r.trial('t1');
    expect(view.generation).toBe(1);
    expect(view.parentId).toBe('t0');
  });

  it('stops a trial and skips the levels after it', async () => {
    let stepCalls = 0;
    const r = createRegulome({
      space,
      regulators: [fake('asha', 'population', [], { regulate: () => ({ stop: true, reason: 'rung 1' }) }), fake('hg', 'step', [], { regulate: () => void stepCalls++ })],
    });
    await r.addTrial('t0');
    const out = await r.observe(evaluation('t0', 3, { val_loss: 2 }));
    expect(out.stop).toEqual({ regulator: 'asha', reason: 'rung 1' });
    expect(out.events).toEqual([expect.objectContaining({ kind: 'stop', param: '@status', to: 'stopped' })]);
    expect(stepCalls).toBe(0);
    expect(r.trial('t0').status).toBe('stopped');
    expect((await r.endTrial('t0')).status).toBe('stopped');
  });

  it('asks for a rollback with an event, even when the factor changes nothing', async () => {
    const r = createRegulome({ space, regulators: [scripted('div', 'step', ['lr'], [{ rollback: true, factor: { lr: 0.5 }, reason: 'diverged' }])] });
    await r.addTrial('t0', { config: { lr: 1e-4 } });
    const out = await r.observe(step('t0', 5, { loss: Number.NaN }));
    expect(out.rollback).toEqual({ regulator: 'div', reason: 'diverged' });
    expect(out.events).toEqual([expect.objectContaining({ kind: 'rollback', param: '@weights', from: 't0', to: 't0', step: 5 })]);
    expect(out.config.lr).toBe(1e-4);
  });

  it('refuses malformed adjustments, naming the regulator and field', async () => {
    const bad = (adj: unknown, level: Level = 'step') => createRegulome({ space, regulators: [fake('x', level, ['lr', 'opt'], { regulate: () => adj as Adjustment })] });
    const run = async (adj: unknown, level: Level = 'step') => {
      const r = bad(adj, level);
      await r.addTrial('t0');
      return r.observe(evaluation('t0', 1, { val_loss: 1 }));
    };
    await expect(run({ set: { lr: 0.1 } })).rejects.toThrow(/x.regulate\(\).reason must be a non-empty string/);
    await expect(run({ set: { dropout: 0.1 }, reason: 'r' })).rejects.toThrow(/x.regulate\(\).set.dropout must be a hyperparameter regulator "x" controls \(lr, opt\)/);
    await expect(run({ set: { lr: Number.NaN }, reason: 'r' })).rejects.toThrow(/x.regulate\(\).set.lr must be a finite number/);
    await expect(run({ set: { opt: 'rmsprop' }, reason: 'r' })).rejects.toThrow(/x.regulate\(\).set.opt must be one of "adam", "sgd"/);
    await expect(run({ factor: { lr: -1 }, reason: 'r' })).rejects.toThrow(/x.regulate\(\).factor.lr must be a finite number > 0; got -1/);
    await expect(run({ factor: { opt: 2 }, reason: 'r' })).rejects.toThrow(/factors apply to numeric hyperparameters only/);
    await expect(run({ exploit: { from: 't9' }, reason: 'r' })).rejects.toThrow(/only population-level regulators exploit/);
    await expect(run({ rollback: 'yes', reason: 'r' })).rejects.toThrow(/x.regulate\(\).rollback must be true, false or absent/);
    await expect(run({ exploit: { from: 't9' }, reason: 'r' }, 'population')).rejects.toThrow(/must be the id of another trial/);
  });

  it('lets no regulator act on a final signal, but records its fitness', async () => {
    let calls = 0;
    const r = createRegulome({ space, regulators: [fake('p', 'population', ['lr'], { regulate: () => (calls++, { set: { lr: 0.5 }, reason: 'x' }) })] });
    await r.addTrial('t0', { config: { lr: 0.1 } });
    const out = await r.observe({ ...evaluation('t0', 9, { val_loss: 0.25 }), final: true });
    expect(calls).toBe(0);
    expect(out.events).toEqual([]);
    expect(out.config.lr).toBe(0.1);
    expect(r.trial('t0').fitness).toBe(-0.25);
  });

  it('measures fitness by the objective, NaN as worst', async () => {
    const r = createRegulome({ space, regulators: [] });
    await r.addTrial('t0');
    await r.observe(evaluation('t0', 1, { val_loss: 0.5 }));
    expect(r.trial('t0').fitness).toBe(-0.5);
    await r.observe(evaluation('t0', 2, { val_loss: Number.NaN }));
    expect(r.trial('t0').fitness).toBe(Number.NEGATIVE_INFINITY);
    const out = await r.observe(step('t0', 3, { loss: Number.NaN }));
    expect(out.signal.features.diverged).toBe(1);
  });

  it('observeRound records every trial of a round before regulating any, in the given order', async () => {
    const seen: string[] = [];
    const ranker = fake('rank', 'population', [], {
      regulate: (sig, ctx) => {
        const others = ctx.population.filter((v) => v.id !== sig.trialId).map((v) => `${v.id}@${v.latestEval?.step}:${v.fitness}`);
        seen.push(`${sig.trialId} sees ${others.join(',')}`);
        return undefined;
      },
    });
    const r = createRegulome({ space, regulators: [ranker], objective: { metric: 'val_accuracy', mode: 'max' } });
    for (const id of ['t0', 't1']) await r.addTrial(id);
    const outs = await r.observeRound([evaluation('t0', 10, { val_accuracy: 0.2 }), evaluation('t1', 10, { val_accuracy: 0.7 })]);
    expect(outs.map((o) => o.signal.trialId)).toEqual(['t0', 't1']);
    expect(seen).toEqual(['t0 sees t1@10:0.7', 't1 sees t0@10:0.2']);
    // one by one, the first trial sees the second's previous evaluation
    seen.length = 0;
    await r.observe(evaluation('t0', 20, { val_accuracy: 0.3 }));
    expect(seen).toEqual(['t0 sees t1@10:0.7']);
  });

  it('observeRound refuses a bad round before recording any of it', async () => {
    const r = createRegulome({ space, regulators: [] });
    for (const id of ['t0', 't1']) await r.addTrial(id);
    await expect(r.observeRound([evaluation('t0', 1, { val_loss: 0.5 }), evaluation('t0', 1, { val_loss: 0.4 })])).rejects.toThrow(
      'inputs[1].trialId must be a trial not already in this round (one signal per trial); got "t0"',
    );
    await expect(r.observeRound([evaluation('t0', 1, { val_loss: 0.5 }), evaluation('t1', -1, { val_loss: 0.4 })])).rejects.toThrow(/signal.step must be a finite number ≥ 0/);
    expect(r.trial('t0').latestEval).toBeUndefined();
    expect(r.trial('t0').fitness).toBeUndefined();
  });

  it('refuses signals for unknown trials and bad fields', async () => {
    const r = createRegulome({ space, regulators: [] });
    await r.addTrial('t0');
    await expect(r.observe(step('nope', 1))).rejects.toThrow(/trialId "nope" is not a trial of this regulome/);
    await expect(r.observe({ trialId: 't0', kind: 'batch' as 'step', step: 1, metrics: {} })).rejects.toThrow(/signal.kind must be "step" or "eval"/);
    await expect(r.observe(step('t0', -1))).rejects.toThrow(/signal.step must be a finite number ≥ 0/);
    await expect(r.addTrial('t0')).rejects.toThrow(/already a trial/);
  });
});

describe('createRegulome: snapshot and restore', () => {
  it('round-trips trials, regulator state and streams', async () => {
    const counter = () => {
      let n = 0;
      return fake('count', 'step', ['lr'], {
        regulate: (_s, ctx) => (n++, { factor: { lr: 0.9 + 0.2 * ctx.rng.next() }, reason: `n=${n}` }),
        snapshot: () => ({ n }),
        restore: (s) => void (n = (s as { n: number }).n),
      });
    };
    const a = createRegulome({ space, seed: 3, regulators: [counter()] });
    await a.addTrial('t0');
    await a.observe(step('t0', 1));
    await a.observe(evaluation('t0', 2, { val_loss: Number.NaN }));
    const snap = a.snapshot();
    const b = createRegulome({ space, seed: 3, regulators: [counter()] });
    b.restore(JSON.parse(JSON.stringify(snap)));
    expect(b.trial('t0').config).toEqual(a.trial('t0').config);
    expect(b.trial('t0').fitness).toBe(Number.NEGATIVE_INFINITY);
    const [oa, ob] = [await a.observe(step('t0', 3)), await b.observe(step('t0', 3))];
    expect(ob.config).toEqual(oa.config);
    expect(ob.events[0]?.reason).toBe('n=3');
    expect(() => b.restore({ version: 2 } as never)).toThrow(/snapshot.version must be 1/);
  });

  it('keeps the results of ended trials, so finish() after a resume reports what the uninterrupted run does', async () => {
    const make = () => createRegulome({ space, seed: 5, objective: { metric: 'val_loss', mode: 'min' }, regulators: [] });
    const a = make();
    for (const id of ['t0', 't1']) await a.addTrial(id);
    await a.observe(evaluation('t0', 10, { val_loss: 0.4 }));
    await a.observe(evaluation('t1', 10, { val_loss: Number.POSITIVE_INFINITY }));
    await a.endTrial('t0', 'stopped');
    const b = make();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    for (const r of [a, b]) {
      await r.observe(evaluation('t1', 20, { val_loss: 0.3 }));
      await r.endTrial('t1');
    }
    const [fa, fb] = [await a.finish(), await b.finish()];
    expect(fb).toEqual(fa);
    expect(fb.trials.map((t) => [t.trialId, t.status])).toEqual([
      ['t0', 'stopped'],
      ['t1', 'completed'],
    ]);
    expect(fb.best?.trialId).toBe('t1');
  });
});
