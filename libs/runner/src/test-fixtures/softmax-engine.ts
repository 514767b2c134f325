// A small, real training engine in plain TypeScript for the runner's orchestration tests:
// softmax regression on Gaussian blobs, trained by mini-batch SGD with momentum. Deterministic
// from its seed, with live lr/momentum/batch_size, checkpoints as bytes, and NaN on divergence.
import { createRng, invalidArgument, type Checkpoint, type Config, type DatasetDescriptor, type StepStats, type TrainingEngine, type Trial } from '@epigenome/core';

const FEATURES = 4;
const CLASSES = 3;

function blobs(n: number, seed: number, sampleSeed: number) {
  const centers = ((r) => Array.from({ length: CLASSES }, () => Array.from({ length: FEATURES }, () => r.normal(0, 1.5))))(createRng(seed));
  const rng = createRng(seed).split(`samples:${sampleSeed}`);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % CLASSES;
    xs.push((centers[c] as number[]).map((m) => m + rng.normal(0, 1.2)));
    ys.push(c);
  }
  return { xs, ys };
}

export function createSoftmaxEngine(options: { samples?: number; seed?: number; log?: string[] } = {}): TrainingEngine & { created: number; disposed: number } {
  const train = blobs(options.samples ?? 600, options.seed ?? 1, 0);
  const val = blobs(300, options.seed ?? 1, 1);
  const dataset: DatasetDescriptor = { name: 'blobs', samples: train.xs.length, features: FEATURES, classes: CLASSES, inputShape: [FEATURES] };
  const engine = {
    backend: 'js',
    dataset,
    modelFamily: 'softmax',
    created: 0,
    disposed: 0,
    async createTrial(initial: Readonly<Config>, seed: number): Promise<Trial> {
      engine.created++;
      const rng = createRng(seed);
      const w = new Float64Array(FEATURES * CLASSES + CLASSES).map(() => rng.normal(0, 0.01));
      const velocity = new Float64Array(w.length);
      let config: Config = { ...initial };
      let step = 0;
      let disposed = false;
      const check = (c: Readonly<Config>) => {
        const lr = c.lr as number;
        if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr))) throw invalidArgument('config.lr', lr, 'a finite number > 0');
      };
      check(config);
      const forward = (x: number[]) => {
        const logits = Array.from({ length: CLASSES }, (_, k) => {
          let z = w[FEATURES * CLASSES + k] as number;
          for (let j = 0; j < FEATURES; j++) z += (w[k * FEATURES + j] as number) * (x[j] as number);
          return z;
        });
        const m = Math.max(...logits);
        const e = logits.map((z) => Math.exp(z - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      };
      return {
        apply(next) {
          check(next);
          config = { ...next };
        },
        async train(steps) {
          if (disposed) throw new Error('disposed');
          let lossSum = 0;
          let norm = 0;
          let hyper: Record<string, number> = {};
          const bs = (config.batch_size as number | undefined) ?? 16;
          const lr = config.lr as number;
          const mom = (config.momentum as number | undefined) ?? 0;
          for (let s = 0; s < steps; s++) {
            const grad = new Float64Array(w.length);
            let loss = 0;
            for (let b = 0; b < bs; b++) {
              const i = (step * bs + b) % train.xs.length;
              const x = train.xs[i] as number[];
              const y = train.ys[i] as number;
              const p = forward(x);
              loss -= Math.log(Math.max(p[y] as number, 1e-300));
              for (let k = 0; k < CLASSES; k++) {
                const d = ((p[k] as number) - (k === y ? 1 : 0)) / bs;
                for (let j = 0; j < FEATURES; j++) grad[k * FEATURES + j] = (grad[k * FEATURES + j] as number) + d * (x[j] as number);
                grad[FEATURES * CLASSES + k] = (grad[FEATURES * CLASSES + k] as number) + d;
              }
            }
            norm = Math.sqrt(grad.reduce((a, g) => a + g * g, 0));
            // hypergradient inputs as the TF.js engine reports them: g_t · d_{t−1}, d = velocity
            if (s === steps - 1 && step > 0) {
              let dot = 0;
              let dirNorm = 0;
              for (let i = 0; i < w.length; i++) {
                dot += (grad[i] as number) * (velocity[i] as number);
                dirNorm += (velocity[i] as number) ** 2;
              }
              hyper = { grad_dot: dot, grad_cos: norm > 0 && dirNorm > 0 ? dot / (norm * Math.sqrt(dirNorm)) : 0 };
            }
            for (let i = 0; i < w.length; i++) {
              velocity[i] = mom * (velocity[i] as number) + (grad[i] as number);
              w[i] = (w[i] as number) - lr * (velocity[i] as number);
            }
            lossSum += loss / bs;
            step++;
          }
          const stats: StepStats = { steps, loss: lossSum / steps, gradNorm: norm, lrEffective: lr, samples: steps * bs, seconds: 1e-3 * steps, metrics: hyper };
          return stats;
        },
        async evaluate() {
          let loss = 0;
          let correct = 0;
          for (let i = 0; i < val.xs.length; i++) {
            const p = forward(val.xs[i] as number[]);
            const y = val.ys[i] as number;
            loss -= Math.log(Math.max(p[y] as number, 1e-300));
            if (p.indexOf(Math.max(...p)) === y) correct++;
          }
          return { val_loss: loss / val.xs.length, val_accuracy: correct / val.xs.length };
        },
        async save(): Promise<Checkpoint> {
          const buf = new Float64Array(w.length * 2 + 1);
          buf.set(w, 0);
          buf.set(velocity, w.length);
          buf[w.length * 2] = step;
          return { step, config: { ...config }, bytes: new Uint8Array(buf.buffer) };
        },
        async load(c) {
          const buf = new Float64Array(c.bytes.slice().buffer);
          w.set(buf.subarray(0, w.length));
          velocity.set(buf.subarray(w.length, w.length * 2));
          // the batch position is part of the state, as in the TF.js engine (its sampler)
          step = buf[w.length * 2] as number;
        },
        dispose() {
          if (!disposed) engine.disposed++;
          disposed = true;
        },
      };
    },
  };
  return engine;
}
