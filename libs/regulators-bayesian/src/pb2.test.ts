import { choice, createRegulome, float, int, type Config, type SearchSpace } from '@epigenome/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPb2 } from './pb2';

/** Jaderberg et al. 2017 toy problem: θ ascends 1.2 − (h0 θ0² + h1 θ1²); Q = 1.2 − |θ|². */
async function toy(options: { population: number; steps: number; seed: number; checkpoint?: (id: string) => boolean; space?: SearchSpace }) {
  const space = options.space ?? { h0: float(0, 1), h1: float(0, 1) };
  const pb2 = createPb2({ params: ['h0', 'h1'], every: { steps: 4 } });
  const regulome = createRegulome({ space, regulators: [pb2], seed: options.seed, objective: { metric: 'q', mode: 'max' } });
  await regulome.start();
  const ids = Array.from({ length: options.population }, (_, i) => `w${i}`);
  const theta = new Map(ids.map((id) => [id, [0.9, 0.9]]));
  const saved = new Map<string, number[]>();
  const config = new Map<string, Config>();
  for (const [i, id] of ids.entries()) config.set(id, await regulome.addTrial(id, i < 2 && !options.space ? { config: i === 0 ? { h0: 1, h1: 0 } : { h0: 0, h1: 1 } } : {}));
  const exploits: { trial: string; donor: string; donorHadCheckpoint: boolean }[] = [];
  const seen: Config[] = [];
  for (let step = 1; step <= options.steps; step++) {
    for (const id of ids) {
      const t = theta.get(id) as number[];
      const c = config.get(id) as Config;
      t[0] = (t[0] as number) * (1 - 0.02 * (c.h0 as number));
      t[1] = (t[1] as number) * (1 - 0.02 * (c.h1 as number));
      if (step % 4 !== 0) continue;
      if (options.checkpoint?.(id) ?? true) {
        saved.set(id, [...t]);
        regulome.setCheckpoint(id);
      }
      const out = await regulome.observe({ trialId: id, kind: 'eval', step, metrics: { q: 1.2 - ((t[0] as number) ** 2 + (t[1] as number) ** 2) } });
      if (out.exploit) {
        exploits.push({ trial: id, donor: out.exploit.from, donorHadCheckpoint: saved.has(out.exploit.from) });
        theta.set(id, [...(saved.get(out.exploit.from) as number[])]);
      }
      config.set(id, out.config);
      seen.push(out.config);
    }
  }
  const q = Math.max(...ids.map((id) => 1.2 - ((theta.get(id) as number[])[0] as number) ** 2 - ((theta.get(id) as number[])[1] as number) ** 2));
  return { q, exploits, seen, pb2, regulome };
}

describe('createPb2', () => {
  it('solves the PBT toy problem with two workers (grid stays at ≈ 0.39)', async () => {
    const { q, exploits, pb2 } = await toy({ population: 2, steps: 200, seed: 1 });
    expect(q).toBeGreaterThan(1.15);
    expect(exploits.length).toBeGreaterThan(0);
    expect(pb2.data.length).toBeGreaterThan(20);
  });

  it('exploits only donors that have a checkpoint', async () => {
    const { exploits } = await toy({ population: 4, steps: 60, seed: 2, checkpoint: (id) => id === 'w0' || id === 'w3' });
    expect(exploits.length).toBeGreaterThan(0);
    for (const e of exploits) {
      expect(e.donorHadCheckpoint).toBe(true);
      expect(['w0', 'w3']).toContain(e.donor);
    }
  });

  it('never leaves the bounds (property over random bounds, log and int specs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        async (lo, width, seed) => {
          const space = { h0: float(lo, lo + width, { log: true }), h1: int(0, 3) };
          const { seen } = await toy({ population: 4, steps: 40, seed, space });
          for (const c of seen) {
            expect(c.h0 as number).toBeGreaterThanOrEqual(lo);
            expect(c.h0 as number).toBeLessThanOrEqual(lo + width);
            expect(Number.isInteger(c.h1)).toBe(true);
            expect(c.h1 as number).toBeGreaterThanOrEqual(0);
            expect(c.h1 as number).toBeLessThanOrEqual(3);
          }
        },
      ),
      { numRuns: 5 },
    );
  });

  it('snapshots and restores its data', async () => {
    const { pb2, regulome } = await toy({ population: 2, steps: 40, seed: 3 });
    const copy = createPb2({ params: ['h0', 'h1'], every: { steps: 4 } });
    const other = createRegulome({ space: { h0: float(0, 1), h1: float(0, 1) }, regulators: [copy], seed: 3, objective: { metric: 'q', mode: 'max' } });
    other.restore(regulome.snapshot());
    expect(copy.data).toEqual(pb2.data);
  });

  it('rejects bad options and choice hyperparameters with clear errors', () => {
    expect(() => createPb2({ params: ['a'], quantile: 0.6 })).toThrow('options.quantile must be a finite number > 0 and ≤ 0.5; got 0.6');
    expect(() => createPb2({ params: ['a'], every: { steps: 0 } })).toThrow('options.every.steps must be a finite number > 0; got 0');
    expect(() => createPb2({ params: [] })).toThrow(/params must be a hyperparameter name or a non-empty array/);
    expect(() => createPb2({ controls: ['a'] } as never)).toThrow('options.controls was renamed to options.params');
    expect(() => createPb2({ interval: 100 } as never)).toThrow('options.interval was renamed to options.every');
    expect(() => createPb2({ every: 100 } as never)).toThrow('options.every must be an object { steps: n }; got 100');
    expect(() => createPb2({ every: { epochs: 1 } } as never)).toThrow('options.every.epochs is not an option (known: steps)');
    expect(() => createPb2({ quantil: 0.2 } as never)).toThrow('options.quantil is not an option; did you mean "quantile"?');
    expect(() => createPb2({ params: ['a'], dataWindow: 1 })).toThrow(/dataWindow must be an integer ≥ 2/);
    expect(() => createPb2({ quantil: 0.25 } as never)).toThrow('options.quantil is not an option; did you mean "quantile"?');
    // a choice is refused when the regulome is built, not when the run reaches setup
    expect(() => createRegulome({ space: { opt: choice(['a', 'b']) }, regulators: [createPb2({ params: ['opt'] })] })).toThrow(
      'regulator "pb2" acts on float, int or width hyperparameters, but "opt" is a choice',
    );
  });
});
