import { choice, createRegulome, float, int, type Regulator } from '@epigenome/core';
import { machine, sideBySide, type BenchSuite } from '../harness';

const space = { lr: float(1e-4, 1e-1, { log: true }), dropout: float(0, 0.6), bs: int(16, 256, { log: true }), opt: choice(['adam', 'sgd']) };

function regulators(): Regulator[] {
  return [
    { specificationVersion: 'v1', name: 'memory', level: 'lineage', controls: ['lr', 'opt'], propose: () => ({ lr: 0.01 }) },
    {
      specificationVersion: 'v1', name: 'pbt', level: 'population', controls: ['lr', 'dropout'],
      regulate: (s, ctx) => (s.step % 200 === 0 ? { set: { dropout: ctx.rng.uniform(0, 0.6) }, reason: 'explore' } : undefined),
    },
    { specificationVersion: 'v1', name: 'plateau', level: 'epoch', controls: ['lr'], regulate: (s) => ((s.features.plateau ?? 0) > 3 ? { factor: { lr: 0.5 }, reason: 'plateau' } : undefined) },
    { specificationVersion: 'v1', name: 'hypergradient', level: 'step', controls: ['lr'], regulate: (s) => ({ factor: { lr: s.step % 2 ? 1.01 : 0.99 }, reason: 'hypergradient' }) },
  ];
}

/** Mean µs per signal over `signals` observations (1 in 10 an evaluation) on 8 trials. */
async function perSignalMicros(regs: Regulator[], signals: number): Promise<number> {
  const regulome = createRegulome({ space, regulators: regs, seed: 1, budget: { stepsPerTrial: signals } });
  await regulome.start();
  const ids = Array.from({ length: 8 }, (_, i) => `t${i}`);
  for (const id of ids) await regulome.addTrial(id);
  const t0 = performance.now();
  for (let i = 0; i < signals; i++) {
    const trialId = ids[i % ids.length] as string;
    const step = Math.floor(i / ids.length) + 1;
    const loss = 2 / Math.sqrt(step) + 0.01 * Math.sin(i);
    if (i % 10 === 9) await regulome.observe({ trialId, kind: 'eval', step, metrics: { loss, val_loss: loss * 1.1, val_accuracy: 1 - loss / 3 } });
    else await regulome.observe({ trialId, kind: 'step', step, metrics: { loss, grad_norm: 1 } });
  }
  return ((performance.now() - t0) * 1000) / signals;
}

const suite: BenchSuite = {
  name: 'core',
  description: "the regulome's cost per signal, 4 regulators on 4 levels vs none",
  async run(ctx) {
    const reps = ctx.quick ? 5 : 9;
    const signals = ctx.quick ? 4_000 : 20_000;
    await perSignalMicros(regulators(), 1_000); // warm-up (JIT)
    const r = await sideBySide(() => perSignalMicros(regulators(), signals), () => perSignalMicros([], signals), reps);
    ctx.table([
      { variant: '4 regulators, 4 levels', us_per_signal_median: r.medianA, samples: r.a.map((x) => x.toFixed(2)).join(' ') },
      { variant: 'no regulators', us_per_signal_median: r.medianB, samples: r.b.map((x) => x.toFixed(2)).join(' ') },
    ]);
    const m = machine();
    ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}; ${reps} interleaved repetitions of ${signals} signals on 8 trials`);
    return {
      machine: m,
      repetitions: reps,
      regulome_us_per_signal: Number(r.medianA.toFixed(3)),
      empty_regulome_us_per_signal: Number(r.medianB.toFixed(3)),
      four_levels_vs_empty: Number(r.ratio.toFixed(3)),
    };
  },
};

export default suite;
