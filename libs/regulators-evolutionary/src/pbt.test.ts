import { choice, createRegulome, float, int, type RegulationEvent, type Regulator, type SearchSpace } from '@epigenome/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runJaderbergToy, toySpace } from './internal/jaderberg-toy';
import { createPbt, type PbtExplore } from './pbt';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** Explore of the toy: h ← h + N(0, 0.1), i.e. variance 0.1 (σ ≈ 0.316). */
const toyExplore: PbtExplore = ({ config, rng }) => ({ h0: (config.h0 as number) + rng.normal(0, Math.sqrt(0.1)), h1: (config.h1 as number) + rng.normal(0, Math.sqrt(0.1)) });
/** Explore of the toy with standard deviation `sd`: h ← h + N(0, sd²). */
const toyExploreSd =
  (sd: number): PbtExplore =>
  ({ config, rng }) => ({ h0: (config.h0 as number) + rng.normal(0, sd), h1: (config.h1 as number) + rng.normal(0, sd) });
const quiet = () => {};

describe('createPbt: bad input', () => {
  it('refuses a quantile above 0.5 or not positive, naming field, value and range', () => {
    expect(() => createPbt({ space: toySpace, quantile: 0.6 })).toThrow('options.quantile must be a number in (0, 0.5] (the bottom and top fractions must not overlap); got 0.6');
    expect(() => createPbt({ space: toySpace, quantile: 0 })).toThrow(/quantile must be a number in \(0, 0.5\]/);
    expect(() => createPbt({ space: toySpace, quantile: 0.75 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.quantile', value: 0.75 }));
  });

  it('refuses a population smaller than 2', () => {
    expect(() => createPbt({ space: toySpace, population: 1 })).toThrow('options.population must be an integer ≥ 2; got 1');
    expect(() => createPbt({ space: toySpace, population: 2.5 })).toThrow(/population must be an integer ≥ 2/);
  });

  it('refuses bad intervals and modes', () => {
    expect(() => createPbt({ space: toySpace, every: { steps: 0 } })).toThrow('options.every.steps must be a finite number > 0; got 0');
    expect(() => createPbt({ space: toySpace, every: { steps: 4, epochs: 1 } })).toThrow(/every must be exactly one of/);
    expect(() => createPbt({ space: toySpace, mode: 'lockstep' as 'sync' })).toThrow(/mode must be "async" or "sync"/);
    expect(() => createPbt({ space: toySpace, params: ['lr'] })).toThrow(/params must be a hyperparameter of the space \(h0, h1\); got "lr"/);
  });
});

async function population(space: SearchSpace, n: number, pbt: ReturnType<typeof createPbt>, configs?: Record<string, unknown>[]) {
  const regulome = createRegulome({ space, regulators: [pbt], seed: 3, objective: { metric: 'acc', mode: 'max' } });
  await regulome.start();
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  for (const [i, id] of ids.entries()) await regulome.addTrial(id, configs?.[i] ? { config: configs[i] as never } : {});
  return { regulome, ids };
}

describe('createPbt: exploit and explore through the regulome', () => {
  const space = { lr: float(1e-4, 1e-1, { log: true }), layers: int(1, 8), opt: choice(['sgd', 'momentum', 'adam']) };

  it('ranks only the trials still running: a stopped trial is no donor, and a lone survivor is left alone', async () => {
    const stopAt5 = {
      specificationVersion: 'v1',
      name: 'cut',
      level: 'population',
      controls: [],
      regulate: (sig) => (sig.trialId === 't1' && sig.step === 5 ? { stop: true, reason: 'cut' } : undefined),
    } satisfies Regulator;
    const pbt = createPbt({ space, every: { steps: 10 }, quantile: 0.5, log: quiet });
    const regulome = createRegulome({ space, regulators: [stopAt5, pbt], seed: 3, objective: { metric: 'acc', mode: 'max' } });
    await regulome.start();
    for (const id of ['t0', 't1']) await regulome.addTrial(id);
    for (const id of ['t0', 't1']) regulome.setCheckpoint(id);
    // t1 stops with the better fitness; t0 later ranks alone and keeps its weights
    await regulome.observeRound([
      { trialId: 't0', kind: 'eval', step: 5, metrics: { acc: 0.2 } },
      { trialId: 't1', kind: 'eval', step: 5, metrics: { acc: 0.9 } },
    ]);
    expect(regulome.trial('t1').status).toBe('stopped');
    const out = await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.3 } });
    expect(out.exploit).toBeUndefined();
    expect(out.events).toEqual([]);
    expect(pbt.history()).toEqual([]);
  });

  it('bottom quartile exploits a top-quartile donor with a checkpoint, explores within bounds, and records why', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, log: quiet });
    const { regulome, ids } = await population(space, 8, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    const events: RegulationEvent[] = [];
    // fitness = index: t0 worst … t7 best; everyone at step 10, best reporting first. Asynchronous:
    // each ready trial is ranked against the fitness known at that moment.
    for (const [i, id] of [...ids.entries()].reverse()) events.push(...(await regulome.observe({ trialId: id, kind: 'eval', step: 10, metrics: { acc: i / 10 } })).events);
    const exploits = events.filter((e) => e.kind === 'exploit');
    expect(exploits.map((e) => e.trialId)).toEqual(expect.arrayContaining(['t0', 't1']));
    for (const e of exploits) {
      // donors are top-quartile: t6, t7, or a trial that already copied one of them (and its fitness)
      expect(e.reason).toMatch(/^pbt: bottom 25% at ready point 1 \(rank (\d)\/\1, fitness [\d.]+\): exploit t\d \(rank [12]\/\d, fitness 0.[67]\); explore /);
      const donor = regulome.trial(e.to as string);
      expect(donor.hasCheckpoint).toBe(true);
      const t = regulome.trial(e.trialId);
      expect(t.parentId).toBe(e.to);
      expect(t.generation).toBeGreaterThanOrEqual(1);
    }
    // the explore's changes are events of their own, with the same reason
    const changes = events.filter((e) => e.kind === 'change');
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(exploits.some((e) => e.trialId === c.trialId && e.reason === c.reason)).toBe(true);
    expect(pbt.history().length).toBe(exploits.length);
    for (const id of ids) {
      const c = regulome.trial(id).config;
      expect(c.lr as number).toBeGreaterThanOrEqual(1e-4);
      expect(c.lr as number).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(c.layers)).toBe(true);
    }
  });

  it('exploits the top trial only: with full information the bottom trial copies a top-quantile one', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, exploreAll: false, log: quiet });
    const { regulome, ids } = await population(space, 4, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    // first evaluations before the ready point give everyone a fitness
    for (const [i, id] of ids.entries()) await regulome.observe({ trialId: id, kind: 'eval', step: 5, metrics: { acc: [0.9, 0.1, 0.5, 0.6][i]! } });
    const out = await regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.1 } });
    expect(out.exploit?.from).toBe('t0');
    const best = await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.95 } });
    expect(best.exploit).toBeUndefined();
    expect(best.events).toEqual([]);
  });

  it('by default every ready trial explores: the top one from its own values, weights kept (exploreAll)', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, log: quiet });
    const { regulome, ids } = await population(space, 4, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    for (const [i, id] of ids.entries()) await regulome.observe({ trialId: id, kind: 'eval', step: 5, metrics: { acc: [0.9, 0.1, 0.5, 0.6][i]! } });
    const before = { ...regulome.trial('t0').config };
    const best = await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.95 } });
    expect(best.exploit).toBeUndefined();
    expect(best.events.length).toBeGreaterThan(0);
    for (const e of best.events) expect(e.reason).toMatch(/^pbt: rank 1\/4 at ready point 1 \(fitness 0\.95\); explore /);
    expect(regulome.trial('t0').config).not.toEqual(before);
    expect(pbt.history().at(-1)).toMatchObject({ trialId: 't0', donor: undefined, readyPoint: 1 });
    const worst = await regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.1 } });
    expect(worst.exploit?.from).toBe('t0');
  });

  it('refuses a non-boolean exploreAll and names the option of a near-miss key', () => {
    expect(() => createPbt({ space, exploreAll: 'yes' as unknown as boolean })).toThrow('options.exploreAll must be true or false; got "yes"');
    expect(() => createPbt({ space, exploreall: true } as never)).toThrow(/exploreAll/);
  });

  it('never targets a donor without a checkpoint', async () => {
    const logs: string[] = [];
    const pbt = createPbt({ space, every: { steps: 10 }, log: (m) => logs.push(m) });
    const { regulome, ids } = await population(space, 4, pbt);
    regulome.setCheckpoint('t2'); // only a middling trial has a checkpoint
    for (const [i, id] of ids.entries()) await regulome.observe({ trialId: id, kind: 'eval', step: 5, metrics: { acc: [0.9, 0.1, 0.5, 0.6][i]! } });
    const out = await regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.1 } });
    expect(out.exploit).toBeUndefined();
    expect(logs.some((l) => /no top-25% trial has a checkpoint yet/.test(l))).toBe(true);
  });

  it('respects the burn-in and the interval', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, burnIn: 25, log: quiet });
    const { regulome, ids } = await population(space, 2, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 5, metrics: { acc: 0.9 } });
    for (const s of [10, 20]) expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: s, metrics: { acc: 0.1 } })).exploit).toBeUndefined();
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 30, metrics: { acc: 0.1 } })).exploit?.from).toBe('t0');
    // once per ready point
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 35, metrics: { acc: 0.1 } })).exploit).toBeUndefined();
  });

  it('measures the interval in epochs or seconds', async () => {
    const byEpoch = createPbt({ space, every: { epochs: 1 }, log: quiet });
    const r1 = await population(space, 2, byEpoch);
    r1.regulome.setCheckpoint('t0');
    await r1.regulome.observe({ trialId: 't0', kind: 'eval', step: 100, epoch: 1, metrics: { acc: 0.9 } });
    expect((await r1.regulome.observe({ trialId: 't1', kind: 'eval', step: 100, epoch: 0.5, metrics: { acc: 0.1 } })).exploit).toBeUndefined();
    expect((await r1.regulome.observe({ trialId: 't1', kind: 'eval', step: 200, epoch: 1, metrics: { acc: 0.1 } })).exploit?.from).toBe('t0');

    let clock = 0;
    const bySeconds = createPbt({ space, every: { seconds: 60 }, log: quiet });
    const regulome = createRegulome({ space, regulators: [bySeconds], seed: 1, objective: { metric: 'acc', mode: 'max' }, now: () => clock });
    await regulome.start();
    await regulome.addTrial('t0');
    await regulome.addTrial('t1');
    regulome.setCheckpoint('t0');
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 1, metrics: { acc: 0.9 } });
    await regulome.observe({ trialId: 't1', kind: 'eval', step: 1, metrics: { acc: 0.1 } }); // t1's clock starts now
    clock = 59_000;
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 2, metrics: { acc: 0.1 } })).exploit).toBeUndefined();
    clock = 60_000;
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 3, metrics: { acc: 0.1 } })).exploit?.from).toBe('t0');
  });

  it('ranks NaN as worst and logs it', async () => {
    const logs: string[] = [];
    const pbt = createPbt({ space, every: { steps: 10 }, log: (m) => logs.push(m) });
    const { regulome, ids } = await population(space, 2, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 5, metrics: { acc: 0.01 } });
    const out = await regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: Number.NaN } });
    expect(out.exploit?.from).toBe('t0');
    expect(logs.some((l) => l.includes('trial t1 reported NaN acc at step 10; it ranks worst'))).toBe(true);
  });

  it('sync mode waits for every running trial to reach the ready point, then ranks at that point', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, mode: 'sync', log: quiet });
    const { regulome, ids } = await population(space, 3, pbt);
    for (const id of ids) regulome.setCheckpoint(id);
    // t0 reaches step 10 with a poor fitness but t2 has not: no decision yet
    expect((await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.1 } })).exploit).toBeUndefined();
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.9 } })).exploit).toBeUndefined();
    // t0 keeps going (ahead of the barrier) and improves later; the barrier still uses its fitness at step 10
    expect((await regulome.observe({ trialId: 't0', kind: 'eval', step: 15, metrics: { acc: 0.95 } })).exploit).toBeUndefined();
    // t2 completes the barrier in the middle: t0 (0.1 at step 10) is the bottom one
    expect((await regulome.observe({ trialId: 't2', kind: 'eval', step: 10, metrics: { acc: 0.5 } })).exploit).toBeUndefined();
    const applied = await regulome.observe({ trialId: 't0', kind: 'eval', step: 16, metrics: { acc: 0.95 } });
    expect(applied.exploit?.from).toBe('t1');
    expect(applied.exploit?.reason).toMatch(/ready point 1 \(rank 3\/3, fitness 0.1\)/);
  });

  it('exploit-only copies without changes; explore-only perturbs its own config', async () => {
    const a = createPbt({ space, every: { steps: 10 }, explore: false, log: quiet });
    const r1 = await population(space, 2, a, [
      { lr: 0.01, layers: 2, opt: 'sgd' },
      { lr: 0.001, layers: 5, opt: 'adam' },
    ]);
    r1.regulome.setCheckpoint('t0');
    await r1.regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.9 } });
    const o1 = await r1.regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.2 } });
    expect(o1.exploit?.from).toBe('t0');
    expect(o1.config).toEqual({ lr: 0.01, layers: 2, opt: 'sgd' });

    const b = createPbt({ space, every: { steps: 10 }, exploit: false, resampleProbability: 0, log: quiet });
    const r2 = await population(space, 2, b, [
      { lr: 0.01, layers: 2, opt: 'sgd' },
      { lr: 0.001, layers: 5, opt: 'adam' },
    ]);
    await r2.regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.9 } });
    const o2 = await r2.regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.2 } });
    expect(o2.exploit).toBeUndefined();
    expect([0.0008, 0.0012].some((v) => Math.abs((o2.config.lr as number) - v) < 1e-12)).toBe(true);
    expect([4, 6]).toContain(o2.config.layers);
    expect(o2.config.opt).toBe('momentum');
  });

  it('clamps a custom explore into the space and refuses an invalid choice', async () => {
    const wild = createPbt({ space, every: { steps: 10 }, explore: () => ({ lr: 5, layers: -3 }), log: quiet });
    const r = await population(space, 2, wild);
    r.regulome.setCheckpoint('t0');
    await r.regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.9 } });
    const o = await r.regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.2 } });
    expect(o.config.lr).toBe(0.1);
    expect(o.config.layers).toBe(1);

    const bad = createPbt({ space, every: { steps: 10 }, explore: () => ({ opt: 'rmsprop' }), log: quiet });
    const r2 = await population(space, 2, bad);
    r2.regulome.setCheckpoint('t0');
    await r2.regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: 0.9 } });
    await expect(r2.regulome.observe({ trialId: 't1', kind: 'eval', step: 10, metrics: { acc: 0.2 } })).rejects.toThrow(
      /pbt.explore\(\).opt must be one of "sgd", "momentum", "adam"; got "rmsprop"/,
    );
  });

  it('never leaves the bounds, whatever the population and fitness (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        async (n, fits, seed) => {
          const pbt = createPbt({ space, every: { steps: 2 }, quantile: 0.5, log: quiet });
          const regulome = createRegulome({ space, regulators: [pbt], seed, objective: { metric: 'acc', mode: 'max' } });
          await regulome.start();
          for (let i = 0; i < n; i++) await regulome.addTrial(`t${i}`);
          for (let step = 1; step <= 6; step++) {
            for (let i = 0; i < n; i++) {
              const out = await regulome.observe({ trialId: `t${i}`, kind: 'eval', step, metrics: { acc: fits[(step * n + i) % fits.length]! } });
              if (out.exploit) expect(regulome.trial(out.exploit.from).hasCheckpoint).toBe(true);
              const c = out.config;
              expect(c.lr as number).toBeGreaterThanOrEqual(1e-4);
              expect(c.lr as number).toBeLessThanOrEqual(1e-1);
              expect(c.layers as number).toBeGreaterThanOrEqual(1);
              expect(c.layers as number).toBeLessThanOrEqual(8);
              if ((step + i) % 2 === 0) regulome.setCheckpoint(`t${i}`);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('snapshots and restores its state', async () => {
    const pbt = createPbt({ space, every: { steps: 10 }, mode: 'sync', log: quiet });
    const { regulome } = await population(space, 2, pbt);
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { acc: Number.NaN } });
    const snap = pbt.snapshot?.();
    const copy = createPbt({ space, every: { steps: 10 }, mode: 'sync', log: quiet });
    copy.restore?.(snap);
    expect(copy.snapshot?.()).toEqual(snap);
    expect(() => copy.restore?.({ nope: 1 })).toThrow(/pbt: cannot restore \{"nope":1\}; expected a snapshot taken by createPbt\(\)/);
  });
});

describe('createPbt: the toy problem of Jaderberg et al. 2017 (Fig. 2)', () => {
  const seeds = Array.from({ length: 20 }, (_, i) => i);
  const run = (options: Parameters<typeof createPbt>[0] | undefined) =>
    Promise.all(seeds.map(async (seed) => (await runJaderbergToy(options ? [createPbt(options)] : [], seed)).q));
  const base = { space: toySpace, every: { steps: 4 }, explore: toyExplore, log: quiet };

  it('PBT reaches Q ≥ 1.19 (median of 20 seeds after 200 steps) while grid search stays ≈ 0.39', async () => {
    const pbt = await run(base);
    const grid = await run(undefined);
    expect(median(pbt)).toBeGreaterThanOrEqual(1.19);
    expect(median(grid)).toBeCloseTo(0.39, 2);
  });

  it('also in sync mode; and both halves matter (exploit-only and explore-only fall short)', async () => {
    expect(median(await run({ ...base, mode: 'sync' }))).toBeGreaterThanOrEqual(1.19);
    expect(median(await run({ ...base, explore: false }))).toBeLessThan(1.19);
    // with a smaller explore step (sd 0.1) exploring alone random-walks too slowly; exploit + explore does not
    expect(median(await run({ ...base, explore: toyExploreSd(0.1) }))).toBeGreaterThanOrEqual(1.19);
    expect(median(await run({ ...base, explore: toyExploreSd(0.1), exploit: false }))).toBeLessThan(1.19);
  });

  it('a larger population does no worse at equal steps per member (100 steps, explore sd 0.1); truncation alone does', async () => {
    const at = (options: Parameters<typeof createPbt>[0], population: number) =>
      Promise.all(seeds.map(async (seed) => (await runJaderbergToy([createPbt(options)], seed, 100, population)).q)).then(median);
    const paper = { ...base, explore: toyExploreSd(0.1) };
    const [p2, p4, p8] = [await at(paper, 2), await at(paper, 4), await at(paper, 8)];
    expect(p4).toBeGreaterThanOrEqual(p2);
    expect(p8).toBeGreaterThanOrEqual(p4);
    // truncation only: ⌈n/4⌉ explorers per ready point, so 4 members search slower per member than 2
    const truncation = { ...paper, exploreAll: false };
    expect(await at(truncation, 4)).toBeLessThan(await at(truncation, 2));
  });
});

describe('createPbt: controls outside the space', () => {
  it('is refused when the regulome is built, naming the regulator', async () => {
    const { createRegulome, float } = await import('@epigenome/core');
    const pbt = createPbt({ params: ['momentum'], every: { steps: 4 }, population: 2 });
    expect(() => createRegulome({ space: { lr: float(1e-4, 1) }, regulators: [pbt] })).toThrow(/regulator "pbt" controls one the space lacks; got "momentum"/);
  });
});
