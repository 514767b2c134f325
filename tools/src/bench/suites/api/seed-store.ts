import { openMemory } from '@epigenome/memory';

/** What the API suite seeds before the server starts. */
export interface SeededStore {
  /** The trial holding the long metric series (`loss`). */
  readonly bigTrialId: string;
  readonly experiments: number;
  readonly points: number;
}

const CHUNK = 5_000;

/**
 * Seeds an embedded store (PGlite, `dir`) with `experiments` small finished experiments (one trial
 * with a fitness each, for `experiments.list`) and one trial of `points` `loss` points (for
 * `series.get`), then flushes and closes it so the server can own it.
 */
export async function seedStore(dir: string, experiments: number, points: number): Promise<SeededStore> {
  const memory = await openMemory({ dir });
  try {
    for (let e = 0; e < experiments; e++) {
      const exp = await memory.createExperiment({ name: `bench-${e}`, spec: { e, tags: e % 2 ? ['odd'] : ['even'] }, seed: e, backend: 'wasm' });
      const trialId = `${exp.id}-t0`;
      await memory.createTrial({ id: trialId, experimentId: exp.id, config: { lr: 0.001 * (1 + (e % 10)) }, seed: e });
      await memory.updateTrial(trialId, { status: 'completed', step: 100, fitness: (e * 7919) % 1000 / 1000 });
      await memory.updateExperiment(exp.id, { status: 'completed' });
    }
    const big = await memory.createExperiment({ name: 'bench-1m-points', spec: {}, seed: 1, backend: 'wasm' });
    const bigTrialId = `${big.id}-t0`;
    await memory.createTrial({ id: bigTrialId, experimentId: big.id, config: { lr: 0.01 }, seed: 1 });
    for (let at = 0; at < points; at += CHUNK) {
      const batch = [];
      for (let step = at; step < Math.min(points, at + CHUNK); step++) batch.push({ trialId: bigTrialId, step, name: 'loss', value: Math.exp(-step / 300_000) + ((step * 7919) % 101) / 1000 });
      memory.appendMetrics(batch);
      if (memory.pendingMetrics > 4 * CHUNK) await memory.flush();
    }
    await memory.updateTrial(bigTrialId, { status: 'completed', step: points - 1, fitness: 0.5 });
    await memory.updateExperiment(big.id, { status: 'completed' });
    await memory.flush();
    return { bigTrialId, experiments, points };
  } finally {
    await memory.close();
  }
}
