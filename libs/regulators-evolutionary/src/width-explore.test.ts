import { float, width, type Config, type Regulator } from '@epigenome/core';
import { runScripted, toyTraining, type TranscriptEntry } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { createGeneticAlgorithm } from './genetic-algorithm';
import { createPbt, type PbtOptions } from './pbt';

// A layer's width (the core `width` kind) is explored like an int: PBT perturbs and resamples it,
// the GA samples, crosses and mutates it, always to an integer inside the space; an exploit copies
// the donor's width (the engine then copies the donor's architecture with its weights).
const space = { lr: float(1e-3, 0.3, { log: true }), 'width.0': width(8, 256, { log: true }), 'width.1': width(4, 60) };
const widths = ['width.0', 'width.1'] as const;

function inBounds(config: Readonly<Config>): void {
  for (const p of widths) {
    const v = config[p] as number;
    const spec = space[p];
    expect(Number.isInteger(v), `${p} = ${v}`).toBe(true);
    expect(v).toBeGreaterThanOrEqual(spec.min);
    expect(v).toBeLessThanOrEqual(spec.max);
  }
}

async function pbtRun(options: Partial<PbtOptions>, seed = 3): Promise<{ transcript: TranscriptEntry[]; exploits: { config: Config; donor: Config; before: Config }[] }> {
  const regulators = (): Regulator[] => [createPbt({ space, every: { steps: 25 }, quantile: 0.5, ...options })];
  const transcript = await runScripted({ space, regulators, script: toyTraining({ trials: 6, steps: 200, evalEvery: 25 }), seed });
  const latest = new Map<string, Config>();
  const exploits: { config: Config; donor: Config; before: Config }[] = [];
  for (const e of transcript) {
    if (e.type === 'addTrial') latest.set(e.id, e.config);
    if (e.type !== 'observe') continue;
    if (e.exploit !== undefined) exploits.push({ config: e.config, donor: latest.get(e.exploit) as Config, before: latest.get(e.trialId) as Config });
    latest.set(e.trialId, e.config);
  }
  return { transcript, exploits };
}

describe('width as an explorable parameter', () => {
  it('PBT: an exploit without explore copies the donor width exactly', async () => {
    const { exploits } = await pbtRun({ explore: false });
    expect(exploits.length).toBeGreaterThan(2);
    // the exploits must move widths, or copying proves nothing
    expect(exploits.some((x) => widths.some((p) => x.before[p] !== x.donor[p]))).toBe(true);
    for (const x of exploits) for (const p of widths) expect(x.config[p]).toBe(x.donor[p]);
  });

  it('PBT: explore moves the copied width (perturbed or resampled) and keeps it an integer in the space', async () => {
    const { transcript, exploits } = await pbtRun({ resampleProbability: 0.3 });
    expect(exploits.length).toBeGreaterThan(2);
    for (const e of transcript) if (e.type === 'observe' || e.type === 'addTrial') inBounds(e.config);
    let moved = 0;
    for (const x of exploits) {
      for (const p of widths) {
        const d = x.donor[p] as number;
        const v = x.config[p] as number;
        if (v !== d) moved += 1;
      }
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('PBT: a width that ×0.8 or ×1.2 would round back to itself still moves one step', async () => {
    // width.1 at 4 (its minimum) can only go up; at 5, ×0.8 = 4 and ×1.2 = 6
    const tiny = { 'width.1': width(4, 6) };
    const regulators = (): Regulator[] => [createPbt({ space: tiny, every: { steps: 25 }, quantile: 0.5, resampleProbability: 0 })];
    const transcript = await runScripted({ space: tiny, regulators, script: toyTraining({ trials: 4, steps: 200, evalEvery: 25 }), seed: 5 });
    const values = new Set(transcript.flatMap((e) => (e.type === 'observe' ? [e.config['width.1']] : [])));
    for (const v of values) expect([4, 5, 6]).toContain(v);
    expect(values.size).toBeGreaterThan(1);
  });

  it('GA: sampled, crossed and mutated widths are integers in the space, and vary', async () => {
    const regulators = (): Regulator[] => [createGeneticAlgorithm({ space, populationSize: 4, mutationProbability: 0.5 })];
    const transcript = await runScripted({ space, regulators, script: toyTraining({ trials: 24, concurrent: 2, steps: 25 }), seed: 9 });
    const added = transcript.flatMap((e) => (e.type === 'addTrial' ? [e.config] : []));
    expect(added).toHaveLength(24);
    for (const c of added) inBounds(c);
    expect(new Set(added.map((c) => c['width.0'])).size).toBeGreaterThan(4);
    // children after the first generation come from the pool (crossover/mutation), still integers
    expect(new Set(added.slice(4).map((c) => c['width.1'])).size).toBeGreaterThan(1);
  });
});
