import { createRng } from '../random/rng';
import type { Regulome } from '../regulome/create-regulome';
import type { ParamSpec } from '../space/param-spec';
import { encodeValue } from '../space/search-space';
import type { Script, ScriptAction } from './scripted-run';

/** Options of {@link toyTraining}. */
export interface ToyTrainingOptions {
  /** Trials in all. Default 2. */
  readonly trials?: number;
  /** Trials training at once; a new one starts when one ends. Default: all of them. */
  readonly concurrent?: number;
  /** Optimiser steps per trial. Default 200. */
  readonly steps?: number;
  /** Steps per step signal. Default 5. */
  readonly slice?: number;
  /** Steps between evaluations (each followed by a checkpoint). Default 25. */
  readonly evalEvery?: number;
  /** A rate (of hyperparameter `lr`) above which a slice diverges (its loss is NaN). Default 0.5. */
  readonly divergeAbove?: number;
  /** Where, in the unit cube of each numeric hyperparameter, the toy's loss is lowest. Default 0.6. */
  readonly optimum?: number;
}

/**
 * A small deterministic training world for {@link runScripted}: trials whose loss falls at a
 * pace set by how far their configuration is from an optimum, with step signals every `slice`
 * steps (`loss`, `grad_norm`, `grad_cos`, `slice_cos`, `grad_dot`, `lr_effective`), evaluations
 * every `evalEvery` steps (`val_loss`, `val_accuracy`, then a checkpoint), a divergence (NaN loss,
 * progress halved, as a rollback to the last checkpoint would) whenever `lr` exceeds
 * `divergeAbove`, trials interleaved round-robin, a trial a regulator stopped ended at once.
 * Enough to reach every decision path of most regulators: a plugin author's resume test.
 */
export function toyTraining(options: ToyTrainingOptions = {}): () => Script {
  const total = options.trials ?? 2;
  const concurrent = options.concurrent ?? total;
  const steps = options.steps ?? 200;
  const slice = options.slice ?? 5;
  const evalEvery = options.evalEvery ?? 25;
  const divergeAbove = options.divergeAbove ?? 0.5;
  const optimum = options.optimum ?? 0.6;
  return () => {
    const queue: ScriptAction[] = [];
    const live = new Map<string, { step: number; progress: number; loss: number }>();
    let started = 0;
    const start = () => {
      const id = `t${started++}`;
      live.set(id, { step: 0, progress: 0, loss: Number.NaN });
      queue.push({ type: 'addTrial', id });
    };
    const distance = (regulome: Regulome, id: string): number => {
      const config = regulome.trial(id).config;
      let d = 0;
      for (const [name, spec] of Object.entries(regulome.space) as [string, ParamSpec][]) {
        const v = config[name];
        if (v === undefined) continue;
        if (spec.kind === 'choice') d += spec.values.indexOf(v) === 0 ? 0 : 0.05;
        else d += (encodeValue(spec, v) - optimum) ** 2;
      }
      return d;
    };
    const round = (regulome: Regulome): void => {
      for (const [id, t] of [...live]) {
        const view = regulome.trial(id);
        if (view.status !== 'running' || t.step >= steps) {
          live.delete(id);
          queue.push({ type: 'endTrial', trialId: id });
          if (started < total) start();
          continue;
        }
        const noise = createRng(`toy:${id}:${t.step}`);
        const d = distance(regulome, id);
        const lr = typeof view.config.lr === 'number' ? view.config.lr : undefined;
        t.step += slice;
        const unit = lr !== undefined && regulome.space.lr && regulome.space.lr.kind !== 'choice' ? encodeValue(regulome.space.lr, lr) : optimum;
        const cos = Math.max(-1, Math.min(1, 1.5 * (optimum - unit) + 0.1 * noise.normal()));
        let loss: number;
        if (lr !== undefined && lr > divergeAbove) {
          loss = Number.NaN;
          t.progress /= 2;
        } else {
          t.progress += slice * 0.02 * Math.exp(-4 * d);
          loss = 0.1 + 2 * Math.exp(-t.progress) + d + 0.02 * noise.normal();
        }
        t.loss = loss;
        const metrics: Record<string, number> = { loss, grad_norm: 1 + 0.1 * noise.next(), grad_cos: cos, slice_cos: cos * 0.8, grad_dot: cos * 0.01 };
        if (lr !== undefined) metrics.lr_effective = lr;
        queue.push({ type: 'observe', input: { trialId: id, kind: 'step', step: t.step, metrics } });
        if (t.step % evalEvery === 0 || t.step >= steps) {
          const val = Number.isFinite(loss) ? loss * 1.05 + 0.01 * noise.normal() : Number.NaN;
          queue.push({
            type: 'observe',
            input: {
              trialId: id,
              kind: 'eval',
              step: t.step,
              metrics: { val_loss: val, val_accuracy: Number.isFinite(val) ? Math.max(0, 1 - val / 3) : 0 },
              final: t.step >= steps,
            },
          });
          queue.push({ type: 'checkpoint', trialId: id });
        }
      }
    };
    return (_i, regulome) => {
      if (started === 0) for (let k = 0; k < Math.min(concurrent, total); k++) start();
      while (queue.length === 0 && live.size > 0) round(regulome);
      return queue.shift();
    };
  };
}
