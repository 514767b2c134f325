import * as tf from '@tensorflow/tfjs';
import type { Checkpoint, Config, StepStats } from '@epigenome/core';
import { EpigenomeError, createRng, invalidArgument } from '@epigenome/core';
import { toConfig, validateHyperparameters, type Hyperparameters, type OptimizerName } from '../../engine/hyperparameters';
import type { TfjsTrial, TrialMetadata } from '../../engine/tfjs-trial';
import { buildModel, modelFamily, type BuiltModel, type CnnSpec, type MlpSpec, type ModelSpec } from '../../model/model-spec';
import { modelFlops } from '../../model/model-flops';
import { widthsIn, widthsOf, withWidths } from '../../spec/structural-params';
import { resizeLayer, type ParamArrays } from '../structure/resize-layer';
import { shrinkScores } from '../structure/shrink-scores';
import { freshMap, growMap, keepHighest, keepMap } from '../structure/unit-map';
import { DEFAULT_GROW_INIT, type GrowInit } from '../../engine/grow-init';
import type { ShrinkCompensation } from '../../engine/shrink-compensation';
import { compensateRemoved } from '../structure/compensate-removed';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointHeader } from './checkpoint-codec';
import type { DataTensors } from './data-tensors';
import { signalFraction } from './signal-fraction';
import { BatchSampler } from './batch-sampler';
import { TrainingOptimizer } from './training-optimizer';

const EVAL_CHUNK = 1024;
/** Training samples a shrink measures the units' mean |activation| on. */
const SCORE_SAMPLES = 256;
/** Training samples a shrink's least-squares compensation fits on. */
const REFIT_SAMPLES = 1024;

/** Options of a trial beyond its config. */
export interface LocalTrialOptions {
  /** Net2WiderNet symmetry-breaking noise, relative (see resizeLayer). Default 1e-3; 0 = exactly function-preserving. */
  readonly widenNoise?: number;
  /** How a grow initialises the added units (see GrowInit). Default DEFAULT_GROW_INIT. */
  readonly growInit?: GrowInit;
  /** How a shrink of a dense layer feeding a dense layer treats the removed units' contribution (see ShrinkCompensation). Default `least-squares`. */
  readonly shrinkCompensation?: ShrinkCompensation;
}

interface StepOut {
  loss: tf.Tensor;
  norm?: tf.Tensor;
  dot?: tf.Tensor;
  dirNorm?: tf.Tensor;
  sliceDot?: tf.Tensor;
  sliceNorm?: tf.Tensor;
  dirs?: tf.Tensor[];
  /** The last step's batch gradient from its two halves: [ga · gb, ‖ga‖² + ‖gb‖²] (for `grad_signal`). */
  halves?: [tf.Tensor, tf.Tensor];
}

/** Σ g·d over the variables, and ‖d‖ (scalars; inside a tidy). */
function dotAndNorm(gs: readonly tf.Tensor[], ds: readonly tf.Tensor[]): [tf.Tensor, tf.Tensor] {
  return [tf.addN(gs.map((g, k) => tf.sum(tf.mul(g, ds[k] as tf.Tensor)))), tf.sqrt(tf.addN(ds.map((d) => tf.sum(tf.square(d)))))];
}

/** dot ÷ (‖g‖ ‖d‖), 0 when either norm is 0. */
function cosine(dot: number, gNorm: number, dNorm: number): number {
  return gNorm > 0 && dNorm > 0 ? dot / (gNorm * dNorm) : 0;
}

/** A trial running on this thread's backend. */
export class LocalTrial implements TfjsTrial {
  metadata: TrialMetadata;
  private built: BuiltModel;
  private vars: tf.Variable[];
  /** Current width of every structural hyperparameter (`width.<i>`, `filters.<i>`). */
  private widths: Record<string, number>;
  private readonly spec: ModelSpec;
  private readonly widenNoise: number;
  private readonly growInit: GrowInit;
  private readonly shrinkCompensation: ShrinkCompensation;
  private optimizer: TrainingOptimizer;
  private h: Hyperparameters;
  private readonly sampler: BatchSampler;
  private prevDirs: tf.Tensor[] | undefined;
  private prevDirsStep = -1;
  private samplesSeen = 0;
  private disposed = false;
  private busy = false;
  step = 0;
  diverged = false;

  constructor(
    private readonly data: DataTensors,
    spec: ModelSpec,
    config: Readonly<Config>,
    readonly seed: number,
    backend: string,
    options: LocalTrialOptions = {},
  ) {
    if (!(Number.isInteger(seed) && seed >= 0)) throw invalidArgument('seed', seed, 'an integer ≥ 0');
    const task = data.task;
    const modelDropout = typeof spec === 'function' ? 0 : (spec.dropout ?? 0);
    this.h = validateHyperparameters(config, undefined, task.train.count, modelDropout);
    this.spec = spec;
    this.widenNoise = options.widenNoise ?? 1e-3;
    this.growInit = options.growInit ?? DEFAULT_GROW_INIT;
    this.shrinkCompensation = options.shrinkCompensation ?? 'least-squares';
    this.widths = this.targetWidths(config, widthsOf(spec));
    this.built = buildModel(this.specAt(this.widths), { inputShape: task.descriptor.inputShape, classes: task.descriptor.classes, seed });
    this.vars = this.built.model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.optimizer = new TrainingOptimizer(this.h.optimizer, this.vars);
    this.sampler = new BatchSampler(seed);
    this.setDropout(this.h.dropout);
    this.metadata = {
      backend,
      modelFamily: modelFamily(spec),
      dataset: task.descriptor,
      seed,
      parameters: this.vars.reduce((n, v) => n + v.size, 0),
      flops: modelFlops(this.built.model).forward,
    };
  }

  /** The hyperparameters, with the current widths (`width.<i>`, `filters.<i>`). */
  get config(): Readonly<Config> {
    return { ...toConfig(this.h), ...this.widths };
  }

  /** The widths a config asks for (the current ones where it is silent); validates without changing anything. */
  private targetWidths(config: Readonly<Config>, current: Readonly<Record<string, number>>): Record<string, number> {
    return { ...current, ...widthsIn(config, this.spec) };
  }

  private specAt(widths: Readonly<Record<string, number>>): ModelSpec {
    return typeof this.spec === 'function' ? this.spec : withWidths(this.spec as MlpSpec | CnnSpec, widths);
  }

  /** Index among the weighted layers (conv blocks first, then dense) of a structural name. */
  private layerIndex(name: string): number {
    const [kind, i] = name.split('.') as [string, string];
    const convs = Object.keys(this.widths).filter((k) => k.startsWith('filters.')).length;
    return kind === 'filters' ? Number(i) : convs + Number(i);
  }

  /**
   * Rebuilds the model at `target` widths between steps: a grow is Net2WiderNet or adds fresh
   * units with zero outgoing weights (`growInit`), a shrink keeps
   * the units with the highest score ‖outgoing weights‖₂ × mean |activation| (on the first
   * training samples), and the optimiser state follows the units (see resizeLayer).
   */
  private resize(target: Readonly<Record<string, number>>): void {
    const names = Object.keys(this.widths).filter((k) => target[k] !== this.widths[k]);
    if (names.length === 0) return;
    const params: ParamArrays = {
      shapes: this.vars.map((v) => [...v.shape]),
      weights: this.vars.map((v) => (v.dataSync() as Float32Array).slice()),
      slots: this.optimizer.slotArrays(),
    };
    const shrinking = names.filter((k) => (target[k] as number) < (this.widths[k] as number)).map((k) => this.layerIndex(k));
    const activity = shrinking.length > 0 ? this.meanActivity(shrinking) : new Map<number, Float32Array>();
    for (const name of names) {
      const li = this.layerIndex(name);
      const n = this.widths[name] as number;
      const n2 = target[name] as number;
      const rng = createRng(`${this.seed}:${this.step}:${name}:${n}:${n2}`);
      const grow = () => (this.growInit === 'fresh' ? freshMap(n, n2) : growMap(n, n2, rng));
      const kept = n2 < n ? keepHighest(shrinkScores(params, li, activity.get(li) as Float32Array), n2) : [];
      const map = n2 > n ? grow() : keepMap(kept);
      const acts = n2 < n && this.shrinkCompensation === 'least-squares' ? this.denseActivations(li, params) : undefined;
      if (acts) compensateRemoved(params, li, acts.data, acts.rows, kept);
      resizeLayer(params, li, map, n2 > n ? this.widenNoise : 0, rng);
    }
    this.rebuild({ ...this.widths, ...target }, params);
  }

  /** Mean |activation| of each unit of the given weighted layers, over the first training samples (inference mode). */
  private meanActivity(layers: readonly number[]): Map<number, Float32Array> {
    const phase = this.data.at(this.step);
    const count = Math.min(SCORE_SAMPLES, phase.trainCount);
    const weighted = this.built.model.layers.filter((l) => l.countParams() > 0);
    const means = tf.tidy(() => {
      let x: tf.Tensor = tf.slice(phase.trainX, 0, count);
      const out: tf.Tensor[] = [];
      for (const layer of this.built.model.layers) {
        x = layer.apply(x, { training: false }) as tf.Tensor;
        const li = weighted.indexOf(layer);
        if (layers.includes(li)) out[li] = tf.mean(tf.abs(x), [...Array(x.rank - 1).keys()]);
      }
      return out.filter((t) => t !== undefined);
    });
    const result = new Map<number, Float32Array>();
    [...layers].sort((a, b) => a - b).forEach((li, k) => result.set(li, (means[k] as tf.Tensor).dataSync() as Float32Array));
    tf.dispose(means);
    return result;
  }

  /**
   * The activations [rows, n] of weighted layer `li` on the first training samples (inference
   * mode) when it is a dense layer whose units feed a dense kernel directly (else undefined).
   */
  private denseActivations(li: number, params: ParamArrays): { data: Float32Array; rows: number } | undefined {
    const n = params.shapes[2 * li]?.at(-1);
    const next = params.shapes[2 * li + 2];
    if (params.shapes[2 * li]?.length !== 2 || next?.length !== 2 || next[0] !== n) return undefined;
    const phase = this.data.at(this.step);
    const rows = Math.min(REFIT_SAMPLES, phase.trainCount);
    const target = this.built.model.layers.filter((l) => l.countParams() > 0)[li];
    const out = tf.tidy(() => {
      let x: tf.Tensor = tf.slice(phase.trainX, 0, rows);
      for (const layer of this.built.model.layers) {
        x = layer.apply(x, { training: false }) as tf.Tensor;
        if (layer === target) break;
      }
      return x;
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return { data, rows };
  }

  /** Builds the model at `widths` and gives it `params` (weights and optimiser state). */
  private rebuild(widths: Record<string, number>, params: ParamArrays | undefined): void {
    const task = this.data.task;
    const built = buildModel(this.specAt(widths), { inputShape: task.descriptor.inputShape, classes: task.descriptor.classes, seed: this.seed });
    const vars = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
    let optimizer: TrainingOptimizer;
    if (params) {
      tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(params.weights[i] as Float32Array, params.shapes[i] as number[]))));
      optimizer = TrainingOptimizer.fromArrays(this.optimizer.kind, vars, params.slots, this.optimizer.t);
    } else optimizer = new TrainingOptimizer(this.optimizer.kind, vars);
    this.optimizer.dispose();
    this.built.model.dispose();
    this.built = built;
    this.vars = vars;
    this.optimizer = optimizer;
    this.widths = widths;
    this.dropDirs();
    this.setDropout(this.h.dropout);
    this.metadata = { ...this.metadata, parameters: vars.reduce((n, v) => n + v.size, 0), flops: modelFlops(built.model).forward };
  }

  private alive(op: string): void {
    if (this.disposed)
      throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'trial', value: 'disposed', allowed: 'a trial not yet disposed', message: `${op}() on a disposed trial` });
  }

  private setDropout(rate: number): void {
    for (const l of this.built.dropoutLayers) l.rate = rate;
  }

  private resetOptimizer(kind: OptimizerName): void {
    this.optimizer.dispose();
    this.optimizer = new TrainingOptimizer(kind, this.vars);
    this.dropDirs();
  }

  private dropDirs(): void {
    if (this.prevDirs) tf.dispose(this.prevDirs);
    this.prevDirs = undefined;
    this.prevDirsStep = -1;
  }

  apply(config: Readonly<Config>): void {
    this.alive('apply');
    if (typeof config !== 'object' || config === null) throw invalidArgument('config', config, 'an object of hyperparameter name → value', { code: 'INVALID_CONFIG' });
    const next = validateHyperparameters(config, this.h, this.data.task.train.count);
    const widths = this.targetWidths(config, this.widths);
    if (next.optimizer !== this.h.optimizer) this.resetOptimizer(next.optimizer);
    if (next.dropout !== this.h.dropout) this.setDropout(next.dropout);
    this.h = next;
    this.resize(widths);
  }

  /** The model's outputs (logits or probabilities) for `count` inputs, in inference mode (dropout off). */
  async predict(inputs: Float32Array): Promise<Float32Array> {
    this.alive('predict');
    const shape = this.data.task.descriptor.inputShape;
    const features = shape.reduce((a, b) => a * b, 1);
    if (!(inputs instanceof Float32Array) || inputs.length === 0 || inputs.length % features !== 0)
      throw invalidArgument('inputs', inputs?.length, `a Float32Array of count × ${features} values (inputs of shape [${shape.join(', ')}])`);
    const out = tf.tidy(() => this.built.model.apply(tf.tensor(inputs, [inputs.length / features, ...shape]), { training: false }) as tf.Tensor);
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return data;
  }

  private lossOf(output: tf.Tensor, labels: tf.Tensor): tf.Scalar {
    if (this.built.probabilities) return tf.metrics.categoricalCrossentropy(labels, output).mean() as tf.Scalar;
    return tf.losses.softmaxCrossEntropy(labels, output) as tf.Scalar;
  }

  async train(steps: number): Promise<StepStats> {
    this.alive('train');
    if (!(Number.isInteger(steps) && steps >= 1)) throw invalidArgument('steps', steps, 'an integer ≥ 1');
    if (this.busy)
      throw new EpigenomeError({ code: 'CONFLICT', field: 'trial', value: 'busy', allowed: 'one call at a time', message: 'train() while another call of this trial runs' });
    this.busy = true;
    const t0 = performance.now();
    let lossSum = 0;
    let taken = 0;
    let samples = 0;
    let gradNorm = Number.NaN;
    const metrics: Record<string, number> = {};
    // the weights at the call's start: the last step's gradient against the displacement of the
    // steps before it is the call's own hypergradient (`slice_cos`)
    const start = steps >= 2 ? this.vars.map((v) => tf.clone(v)) : undefined;
    try {
      for (let i = 0; i < steps; i++) {
        const h = this.h;
        const phase = this.data.at(this.step);
        const bs = Math.min(h.batch_size, phase.trainCount);
        const idx = this.sampler.next(bs, phase.trainCount);
        const last = i === steps - 1;
        const wantDirs = i >= steps - 2;
        const usePrev = last && this.prevDirs !== undefined && this.prevDirsStep === this.step - 1;
        const prev = usePrev ? this.prevDirs : undefined;
        // Dropout masks from (trial seed, step, layer): reproducible runs, a fresh mask every step.
        this.built.dropoutLayers.forEach((l, k) => {
          l.seed = (Math.imul(this.seed + 1, 2654435761) ^ Math.imul(this.step + 1, 40503) ^ (k * 97)) >>> 1;
        });
        const out = tf.tidy((): tf.TensorContainer => {
          const it = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(phase.trainX, it);
          const yb = tf.gather(phase.trainY, it);
          const gradsOf = (x: tf.Tensor, y: tf.Tensor) => {
            const { value, grads } = tf.variableGrads(() => this.lossOf(this.built.model.apply(x, { training: true }) as tf.Tensor, y), this.vars);
            return { value, gs: this.vars.map((v) => grads[v.name] as tf.Tensor) };
          };
          const full = gradsOf(xb, yb);
          const value = full.value;
          let gs = full.gs;
          let halves: StepOut['halves'];
          if (last && start && bs >= 2) {
            // One more pass, on the first half of the batch: its gradient ga and the second half's,
            // gb = (bs·g − na·ga) ÷ nb (the loss is a mean), are two independent estimates of the
            // expected gradient whose agreement measures the mini-batch noise (`grad_signal`).
            // The step itself uses g, computed as on every other step.
            const na = bs >> 1;
            const nb = bs - na;
            const ga = gradsOf(xb.slice(0, na), yb.slice(0, na)).gs;
            const gb = ga.map((a, k) => tf.div(tf.sub(tf.mul(gs[k] as tf.Tensor, bs), tf.mul(a, na)), nb));
            halves = [
              tf.addN(ga.map((a, k) => tf.sum(tf.mul(a, gb[k] as tf.Tensor)))),
              tf.add(tf.addN(ga.map((a) => tf.sum(tf.square(a)))), tf.addN(gb.map((b) => tf.sum(tf.square(b))))),
            ];
          }
          const r: StepOut = { loss: value, ...(halves ? { halves } : {}) };
          if (last || h.clip_norm > 0) {
            r.norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))));
            if (h.clip_norm > 0) {
              const scale = tf.minimum(1, tf.div(h.clip_norm, tf.add(r.norm, 1e-12)));
              gs = gs.map((g) => tf.mul(g, scale));
            }
          }
          if (prev) [r.dot, r.dirNorm] = dotAndNorm(gs, prev);
          if (last && start)
            [r.sliceDot, r.sliceNorm] = dotAndNorm(
              gs,
              this.vars.map((v, k) => tf.sub(start[k] as tf.Tensor, v)),
            );
          const dirs = this.optimizer.apply(gs, h, wantDirs);
          if (dirs) r.dirs = dirs;
          return r as unknown as tf.TensorContainer;
        }) as unknown as StepOut;
        const loss = out.loss.dataSync()[0] as number;
        if (out.norm) gradNorm = out.norm.dataSync()[0] as number;
        // the gradient the dot products used: after clipping
        const gn = h.clip_norm > 0 ? Math.min(gradNorm, h.clip_norm) : gradNorm;
        if (out.dot && out.dirNorm) {
          metrics.grad_dot = out.dot.dataSync()[0] as number;
          metrics.grad_cos = cosine(metrics.grad_dot, gn, out.dirNorm.dataSync()[0] as number);
        }
        if (out.sliceDot && out.sliceNorm) metrics.slice_cos = cosine(out.sliceDot.dataSync()[0] as number, gn, out.sliceNorm.dataSync()[0] as number);
        if (out.halves) {
          const [ab, squares] = out.halves.map((t) => t.dataSync()[0] as number) as [number, number];
          metrics.grad_signal = signalFraction(ab, squares);
        }
        tf.dispose([out.loss, out.norm, out.dot, out.dirNorm, out.sliceDot, out.sliceNorm, ...(out.halves ?? [])].filter((t): t is tf.Tensor => t !== undefined));
        if (out.dirs) {
          this.dropDirs();
          this.prevDirs = out.dirs;
          this.prevDirsStep = this.step;
        }
        this.step += 1;
        taken += 1;
        samples += bs;
        this.samplesSeen += bs;
        if (!Number.isFinite(loss)) {
          this.diverged = true;
          lossSum = loss;
          break;
        }
        lossSum += loss;
      }
    } finally {
      this.busy = false;
      if (start) tf.dispose(start);
    }
    const seconds = (performance.now() - t0) / 1000;
    const meanLoss = this.diverged ? Number.NaN : lossSum / taken;
    Object.assign(metrics, {
      loss: meanLoss,
      grad_norm: gradNorm,
      lr_effective: this.h.lr,
      samples_per_s: samples / Math.max(seconds, 1e-9),
      epoch: this.samplesSeen / this.data.task.train.count,
      diverged: this.diverged ? 1 : 0,
      flops_forward: this.metadata.flops,
    });
    return { steps: taken, loss: meanLoss, gradNorm, lrEffective: this.h.lr, samples, seconds, metrics };
  }

  async evaluate(): Promise<Record<string, number>> {
    this.alive('evaluate');
    const phase = this.data.at(this.step);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < phase.valCount; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, phase.valCount - start);
      const [l, c] = tf.tidy(() => {
        const rest = phase.valX.shape.slice(1).map(() => 0);
        const x = tf.slice(phase.valX, [start, ...rest], [n, ...phase.valX.shape.slice(1)]);
        const y = tf.slice(phase.valY, [start, 0], [n, -1]);
        const labels = tf.slice(phase.valLabels, [start], [n]);
        const out = this.built.model.apply(x, { training: false }) as tf.Tensor;
        const loss = this.built.probabilities ? tf.sum(tf.metrics.categoricalCrossentropy(y, out)) : tf.losses.softmaxCrossEntropy(y, out, undefined, 0, tf.Reduction.SUM);
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), labels), 'float32'));
        return [loss, hits];
      });
      lossSum += (await (l as tf.Tensor).data())[0] as number;
      correct += (await (c as tf.Tensor).data())[0] as number;
      tf.dispose([l as tf.Tensor, c as tf.Tensor]);
    }
    return { val_loss: lossSum / phase.valCount, val_accuracy: correct / phase.valCount };
  }

  async readWeights(): Promise<Float32Array> {
    this.alive('readWeights');
    const parts = this.built.model.weights.map((w) => w.read().dataSync() as Float32Array);
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  async save(): Promise<Checkpoint> {
    this.alive('save');
    const weights = this.built.model.weights.map((w) => w.read());
    const slots = this.optimizer.slots;
    const header: CheckpointHeader = {
      format: 'epigenome-tfjs',
      version: 1,
      step: this.step,
      samples: this.samplesSeen,
      config: { ...this.config },
      sampler: { ...this.sampler.state },
      optimizer: { kind: this.optimizer.kind, t: this.optimizer.t },
      widths: { ...this.widths },
      weights: weights.map((w) => [...w.shape]),
      slots: slots.map((s) => [...s.shape]),
    };
    const bytes = encodeCheckpoint(
      header,
      [...weights, ...slots].map((t) => t.dataSync() as Float32Array),
    );
    return { step: this.step, config: header.config, bytes };
  }

  async load(checkpoint: Checkpoint): Promise<void> {
    this.alive('load');
    if (typeof checkpoint !== 'object' || checkpoint === null) throw invalidArgument('checkpoint', checkpoint, 'a Checkpoint from save()');
    const { header, arrays } = decodeCheckpoint(checkpoint.bytes);
    // a checkpoint carries its architecture: take the saved widths (an exploit from a donor of another width, a resume)
    const widths = header.widths ? this.targetWidths(header.widths, this.widths) : widthsOf(this.spec);
    if (Object.keys(widths).some((k) => widths[k] !== this.widths[k])) this.rebuild(widths, undefined);
    const weights = this.built.model.weights;
    const kind = header.optimizer.kind as OptimizerName;
    const h = validateHyperparameters(header.config, this.h, this.data.task.train.count);
    const want = weights.map((w) => JSON.stringify(w.shape));
    if (header.weights.length !== weights.length || header.weights.some((s, i) => JSON.stringify(s) !== want[i])) {
      throw invalidArgument('checkpoint', `weights ${JSON.stringify(header.weights)}`, `a checkpoint of the same model (weights ${JSON.stringify(weights.map((w) => w.shape))})`);
    }
    const slotShapes = TrainingOptimizer.slotShapes(kind, this.vars);
    if (JSON.stringify(header.slots) !== JSON.stringify(slotShapes))
      throw invalidArgument('checkpoint', `optimiser slots ${JSON.stringify(header.slots)}`, `slots ${JSON.stringify(slotShapes)} for ${kind} on this model`);
    tf.tidy(() => weights.forEach((w, i) => (w.read() as tf.Variable).assign(tf.tensor(arrays[i] as Float32Array, w.shape as number[]))));
    const slotArrays = arrays.slice(weights.length);
    const slots = slotShapes.map((shape, i) => {
      const t = tf.tensor(slotArrays[i] as Float32Array, shape);
      const variable = tf.variable(t, false);
      t.dispose();
      return variable;
    });
    this.optimizer.dispose();
    this.optimizer = new TrainingOptimizer(kind, this.vars, slots);
    this.optimizer.t = header.optimizer.t;
    this.dropDirs();
    this.sampler.restore(header.sampler);
    this.step = header.step;
    this.samplesSeen = header.samples;
    this.diverged = false;
    if (h.dropout !== this.h.dropout) this.setDropout(h.dropout);
    this.h = h;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropDirs();
    this.optimizer.dispose();
    this.built.model.dispose();
  }
}
