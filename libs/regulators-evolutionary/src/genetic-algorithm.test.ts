import { choice, createRegulome, float, int } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createGeneticAlgorithm } from './genetic-algorithm';

// an architecture-like space: the best is layers 3, width 256, act gelu, norm true, dropout ≈ 0.1
const space = {
  layers: choice([1, 2, 3, 4, 5]),
  width: choice([32, 64, 128, 256, 512]),
  act: choice(['relu', 'tanh', 'gelu', 'elu']),
  norm: choice([false, true]),
  dropout: float(0, 0.5),
  heads: int(1, 8),
};
const score = (c: Record<string, unknown>) =>
  (c.layers === 3 ? 1 : 0) +
  (c.width === 256 ? 1 : 0) +
  (c.act === 'gelu' ? 1 : 0) +
  (c.norm === true ? 1 : 0) +
  (1 - Math.abs((c.dropout as number) - 0.1)) +
  (c.heads === 4 ? 1 : 0);

async function evolve(trials: number, seed: number, ga: boolean) {
  const regulator = createGeneticAlgorithm({ space, populationSize: 12 });
  const regulome = createRegulome({ space, regulators: ga ? [regulator] : [], seed, objective: { metric: 'val_accuracy', mode: 'max' } });
  await regulome.start();
  let best = -1;
  for (let i = 0; i < trials; i++) {
    const c = await regulome.addTrial(`t${i}`);
    best = Math.max(best, score(c));
    await regulome.observe({ trialId: `t${i}`, kind: 'eval', step: 1, metrics: { val_accuracy: score(c) } });
    await regulome.endTrial(`t${i}`);
  }
  return { best, regulator };
}

describe('createGeneticAlgorithm', () => {
  it('beats random search on a mixed, mostly categorical space (median of 5 seeds)', async () => {
    const ga: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      ga.push((await evolve(150, seed, true)).best);
      random.push((await evolve(150, seed, false)).best);
    }
    ga.sort();
    random.sort();
    expect(ga[2]!).toBeGreaterThan(random[2]!);
    expect(ga[2]!).toBeGreaterThan(5.7);
  });

  it('keeps the best finished trials as parents and proposes valid children', async () => {
    const { regulator } = await evolve(40, 1, true);
    const parents = regulator.parents();
    expect(parents).toHaveLength(12);
    for (let i = 1; i < parents.length; i++) expect(parents[i - 1]!.fitness).toBeGreaterThanOrEqual(parents[i]!.fitness);
    expect(regulator.controls).toEqual(Object.keys(space));
  });

  it('counts NaN as worst and survives a snapshot', async () => {
    const ga = createGeneticAlgorithm({ space, populationSize: 2 });
    const regulome = createRegulome({ space, regulators: [ga], seed: 2, objective: { metric: 'val_accuracy', mode: 'max' } });
    await regulome.start();
    for (const [i, acc] of [Number.NaN, 0.5, 0.7].entries()) {
      await regulome.addTrial(`t${i}`);
      await regulome.observe({ trialId: `t${i}`, kind: 'eval', step: 1, metrics: { val_accuracy: acc } });
      await regulome.endTrial(`t${i}`);
    }
    expect(ga.parents().map((p) => p.fitness)).toEqual([0.7, 0.5]);
    const copy = createGeneticAlgorithm({ space, populationSize: 2 });
    copy.restore?.(ga.snapshot?.());
    expect(copy.parents()).toEqual(ga.parents());
  });

  it('refuses bad options', () => {
    expect(() => createGeneticAlgorithm({ space, populationSize: 1 })).toThrow('options.populationSize must be an integer ≥ 2; got 1');
    expect(() => createGeneticAlgorithm({ space, tournamentSize: 0 })).toThrow('options.tournamentSize must be an integer ≥ 1; got 0');
    expect(() => createGeneticAlgorithm({ space, mutationProbability: 2 })).toThrow('options.mutationProbability must be a finite number ≥ 0 and ≤ 1; got 2');
  });
});
