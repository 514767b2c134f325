// The engine suite: throughput of @epigenome/engine-tfjs trials (MLP and CNN on MNIST), the cost of
// live regulation, worker-pool scaling, wasm vs cpu, leaks, and how close a training step comes to
// the backend's own matMul speed. See ../shared/BENCHMARKS.md.
import * as tf from '@tensorflow/tfjs';
import { createRegulome, float, type Regulator } from '@epigenome/core';
import { createTfjsEngine, selectBackend, type TfjsEngine, type TaskData } from '@epigenome/engine-tfjs';
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { machine, median, sideBySide, type BenchSuite } from '../harness';

const MLP = { kind: 'mlp', hidden: [128, 64] } as const;
const CNN = { kind: 'cnn', filters: [8], kernelSize: 3, pool: 2 } as const;
const CONFIG = { optimizer: 'adam', lr: 1e-3, batch_size: 64 } as const;
/** Multiply-accumulates of one 784-128-64-10 forward pass per sample. */
const MLP_MACS = 784 * 128 + 128 * 64 + 64 * 10;
/**
 * Matrix FLOPs of one training sample: forward 2·MACs, weight gradients 2·MACs, input gradients
 * of layers 2 and 3 only (the data needs none): 2·(128·64 + 64·10).
 */
const MLP_STEP_FLOPS = 4 * MLP_MACS + 2 * (128 * 64 + 64 * 10);

/** Samples/s of one trial over `steps` batches (after a warm-up). */
async function throughput(engine: TfjsEngine, steps: number, seed = 1): Promise<number> {
  const t = await engine.createTrial(CONFIG, seed);
  try {
    await t.train(5);
    const s = await t.train(steps);
    return s.samples / s.seconds;
  } finally {
    await t.dispose();
  }
}

/**
 * A trial and a regulome that changes its lr every batch; `chunk(regulated)` runs `steps`
 * train(1) calls, each followed (when regulated) by observe + apply. Both variants share the
 * trial, so fine-grained interleaving cancels the machine's drift.
 */
async function regulationLoop(engine: TfjsEngine) {
  const t = await engine.createTrial(CONFIG, 2);
  const wobble: Regulator = { specificationVersion: 'v1', name: 'wobble', level: 'step', controls: ['lr'], regulate: (s) => ({ factor: { lr: s.step % 2 ? 1.05 : 1 / 1.05 }, reason: 'bench' }) };
  const regulome = createRegulome({ space: { lr: float(1e-5, 1e-1, { log: true }) }, regulators: [wobble] });
  await regulome.start();
  await regulome.addTrial('t', { config: { lr: 1e-3 } });
  await t.train(5);
  let step = 0;
  return {
    async chunk(steps: number, regulated: boolean): Promise<number> {
      const t0 = performance.now();
      let samples = 0;
      for (let i = 0; i < steps; i++) {
        const s = await t.train(1);
        samples += s.samples;
        if (regulated) {
          const out = await regulome.observe({ trialId: 't', kind: 'step', step: ++step, metrics: { loss: s.loss, grad_norm: s.gradNorm, lr_effective: s.lrEffective } });
          t.apply(out.config);
        }
      }
      return samples / ((performance.now() - t0) / 1000);
    },
    dispose: () => t.dispose(),
  };
}

/**
 * Samples/s of two trials trained concurrently on a pool of `workers` threads; pushes the cores
 * the process used meanwhile (CPU seconds per wall second, all threads) to `cores`, so a low
 * speedup on a shared machine can be told apart from a pool that does not scale.
 */
async function poolThroughput(engine: TfjsEngine, steps: number, cores: number[] = []): Promise<number> {
  const trials = await Promise.all([engine.createTrial(CONFIG, 1), engine.createTrial(CONFIG, 2)]);
  try {
    await Promise.all(trials.map((t) => t.train(5)));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const stats = await Promise.all(trials.map((t) => t.train(steps)));
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    cores.push((cpu.user + cpu.system) / 1e6 / wall);
    return stats.reduce((n, s) => n + s.samples, 0) / wall;
  } finally {
    await Promise.all(trials.map((t) => t.dispose()));
  }
}

/** GFLOP/s of an m×k · k×n matMul on the current backend (default 512×512·512×512). */
function matMulGflops(reps: number, m = 512, k = 512, n = 512): number {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  // Never return the typed array from tf.tidy: it walks it element by element (TFJS-NOTES).
  const once = () =>
    tf.tidy(() => {
      tf.matMul(a, b).dataSync();
    });
  once();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) once();
  const s = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * m * k * n * reps) / s / 1e9;
}

const suite: BenchSuite = {
  name: 'engine',
  description: 'engine-tfjs: MLP/CNN samples/s, regulation overhead, worker scaling, wasm vs cpu, leaks, matMul fraction',
  async run(ctx) {
    const quick = ctx.quick;
    const reps = quick ? 5 : 7;
    const steps = quick ? 120 : 300;
    const backend = await selectBackend();
    const data: TaskData = mnist({ train: quick ? 4_000 : 8_000, validation: 500, test: 0 });
    const startTensors = tf.memory().numTensors;

    const mlp = createTfjsEngine({ model: MLP, data, backend });
    const cnn = createTfjsEngine({ model: CNN, data, backend });
    await throughput(mlp, 20);
    await throughput(cnn, 10);
    const mlpVsCnn = await sideBySide(() => throughput(mlp, steps), () => throughput(cnn, Math.round(steps / 3)), reps);
    const mlpGflops = (mlpVsCnn.medianA * MLP_STEP_FLOPS) / 1e9;
    const matmul = median(Array.from({ length: reps }, () => matMulGflops(quick ? 10 : 20)));
    // context: the MLP's own first-layer product, 64×784 · 784×128
    const matmulMlpShape = median(Array.from({ length: reps }, () => matMulGflops(quick ? 100 : 200, 64, 784, 128)));

    const loop = await regulationLoop(mlp);
    const overhead = await sideBySide(() => loop.chunk(20, true), () => loop.chunk(20, false), quick ? 15 : 31);
    await loop.dispose();

    // wasm vs cpu: the same MLP trial on each backend, interleaved (cpu is ~10-20× slower: fewer steps)
    let wasmVsCpu: { medianA: number; medianB: number; ratio: number } | undefined;
    if (backend === 'wasm') {
      const cpu = createTfjsEngine({ model: MLP, data, backend: 'cpu' });
      wasmVsCpu = await sideBySide(() => throughput(mlp, Math.round(steps / 2)), () => throughput(cpu, quick ? 8 : 15), quick ? 3 : 5);
      await cpu.dispose();
      await selectBackend({ backend });
    }
    await mlp.dispose();
    await cnn.dispose();

    const pool2 = createTfjsEngine({ model: MLP, data, backend, workers: 2 });
    const pool1 = createTfjsEngine({ model: MLP, data, backend, workers: 1 });
    await Promise.all([pool2.ready(), pool1.ready()]);
    await poolThroughput(pool2, 20);
    await poolThroughput(pool1, 20);
    // after the warm-up: each worker now holds its data tensors
    const poolStart = [...(await pool2.memory()).numTensors, ...(await pool1.memory()).numTensors];
    const cores2: number[] = [];
    const cores1: number[] = [];
    const parallel = await sideBySide(() => poolThroughput(pool2, steps, cores2), () => poolThroughput(pool1, steps, cores1), reps);
    const poolEnd = [...(await pool2.memory()).numTensors, ...(await pool1.memory()).numTensors];
    await Promise.all([pool2.dispose(), pool1.dispose()]);
    const leaked = tf.memory().numTensors - startTensors + poolEnd.reduce((n, v, i) => n + v - (poolStart[i] as number), 0);

    const m = machine();
    ctx.table([
      { figure: 'MLP 784-128-64-10 samples/s', median: mlpVsCnn.medianA, samples: mlpVsCnn.a.map((x) => x.toFixed(0)).join(' ') },
      { figure: 'CNN conv8-3x3-pool2 samples/s', median: mlpVsCnn.medianB, samples: mlpVsCnn.b.map((x) => x.toFixed(0)).join(' ') },
      { figure: 'regulated loop samples/s', median: overhead.medianA, samples: `${overhead.a.length} chunks of 20` },
      { figure: 'plain loop samples/s', median: overhead.medianB, samples: `${overhead.b.length} chunks of 20` },
      { figure: '2 workers samples/s', median: parallel.medianA, samples: parallel.a.map((x) => x.toFixed(0)).join(' ') },
      { figure: '1 worker samples/s', median: parallel.medianB, samples: parallel.b.map((x) => x.toFixed(0)).join(' ') },
      { figure: 'cores used, 2 workers', median: median(cores2), samples: cores2.map((x) => x.toFixed(2)).join(' ') },
      { figure: 'cores used, 1 worker', median: median(cores1), samples: cores1.map((x) => x.toFixed(2)).join(' ') },
      ...(wasmVsCpu ? [{ figure: 'cpu backend MLP samples/s', median: wasmVsCpu.medianB, samples: '' }] : []),
      { figure: 'MLP step GFLOP/s', median: mlpGflops, samples: '' },
      { figure: '512² matMul GFLOP/s', median: matmul, samples: '' },
      { figure: '64×784·784×128 matMul GFLOP/s', median: matmulMlpShape, samples: '' },
    ]);
    ctx.log(`backend ${backend}; ${m.cores} cores (${m.cpu}), Node ${m.node}; ${reps} interleaved repetitions of ${steps} batches of 64 (Adam, custom loop)`);
    return {
      machine: m,
      backend,
      repetitions: reps,
      mlp_samples_per_s: Math.round(mlpVsCnn.medianA),
      cnn_samples_per_s: Math.round(mlpVsCnn.medianB),
      overhead_ratio: Number(overhead.ratio.toFixed(3)),
      parallel_speedup: Number(parallel.ratio.toFixed(3)),
      parallel_cores_used: { workers_2: Number(median(cores2).toFixed(2)), workers_1: Number(median(cores1).toFixed(2)) },
      wasm_vs_cpu: wasmVsCpu ? Number(wasmVsCpu.ratio.toFixed(2)) : null,
      cpu_mlp_samples_per_s: wasmVsCpu ? Math.round(wasmVsCpu.medianB) : null,
      leaked_tensors: leaked,
      mlp_step_gflops: Number(mlpGflops.toFixed(2)),
      matmul_512_gflops: Number(matmul.toFixed(2)),
      matmul_fraction: Number((mlpGflops / matmul).toFixed(3)),
      matmul_mlp_shape_gflops: Number(matmulMlpShape.toFixed(2)),
    };
  },
};

export default suite;
