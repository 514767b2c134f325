import { createRegulome, float, type Regulator, type SearchSpace } from '@epigenome/core';

/**
 * The toy problem of Jaderberg et al. 2017 (§4, Fig. 2), driven through `createRegulome`.
 * θ ∈ R², true objective Q(θ) = 1.2 − (θ0² + θ1²); each worker ascends the surrogate
 * 1.2 − (h0 θ0² + h1 θ1²) by SGD (step 0.01), starting at θ = (0.9, 0.9) with h = (1, 0) and
 * (0, 1). The "checkpoint" is θ, copied by this driver when an exploit comes back.
 * A population larger than the paper's 2 alternates the two starting h (members 0, 2, 4, … start
 * at (1, 0); 1, 3, 5, … at (0, 1)), so extra members add no luckier start, only more workers.
 * Used by the tests and the benchmark; not exported from the package.
 */
export const toySpace: SearchSpace = { h0: float(-1, 5), h1: float(-1, 5) };

/** Runs the toy for `steps` steps per member with `regulators` (PBT or none) and `population` members (default 2); returns the best worker's final Q. */
export async function runJaderbergToy(regulators: Regulator[], seed: number, steps = 200, population = 2): Promise<{ q: number; exploits: number }> {
  const regulome = createRegulome({ space: toySpace, regulators, seed, objective: { metric: 'Q', mode: 'max' } });
  await regulome.start();
  const workers = Array.from({ length: population }, (_, i) => ({ id: `w${i}`, h: i % 2 === 0 ? [1, 0] : [0, 1], theta: [0.9, 0.9] }));
  for (const w of workers) await regulome.addTrial(w.id, { config: { h0: w.h[0] as number, h1: w.h[1] as number } });
  const checkpoints = new Map<string, number[]>();
  const q = (t: number[]) => 1.2 - ((t[0] as number) ** 2 + (t[1] as number) ** 2);
  let exploits = 0;
  for (let step = 1; step <= steps; step++) {
    for (const w of workers) {
      // gradient ascent on the surrogate: ∂/∂θi = −2 hi θi
      w.theta = w.theta.map((t, i) => t + 0.01 * -2 * (w.h[i] as number) * t);
      const out = await regulome.observe({ trialId: w.id, kind: 'eval', step, metrics: { Q: q(w.theta) } });
      if (out.exploit) {
        exploits++;
        w.theta = [...(checkpoints.get(out.exploit.from) as number[])];
      }
      w.h = [out.config.h0 as number, out.config.h1 as number];
      checkpoints.set(w.id, [...w.theta]);
      regulome.setCheckpoint(w.id);
    }
  }
  return { q: Math.max(...workers.map((w) => q(w.theta))), exploits };
}
