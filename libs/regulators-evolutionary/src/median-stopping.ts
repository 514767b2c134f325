import { checkOptions, checkInteger, checkNumber, checkOneOf, checkString, type Regulator } from '@epigenome/core';
import { signalFitness } from './internal/fitness';
import { fromJsonState, toJsonState } from './internal/json-state';
import { quantileOf } from './internal/percentile';

/** Options of {@link createMedianStopping}. */
export interface MedianStoppingOptions {
  /** Regulator name. Default `'median-stopping'`. */
  readonly name?: string;
  /** Unit of progress: optimiser `steps` or `epochs`. Default `'steps'`. */
  readonly time?: 'steps' | 'epochs';
  /** No trial is stopped before this much progress, in `time` units. Default 0. */
  readonly gracePeriod?: number;
  /** Other trials needed (reported up to the same progress, or completed) before any stop. Default 3. */
  readonly minSamples?: number;
}

interface MedianState {
  /** trial → [progress, fitness] of every evaluation seen */
  history: Record<string, [number, number][]>;
}

/** Every option name of {@link MedianStoppingOptions}: any other key is refused (a typo must not pass silently). */
const MEDIAN_STOPPING_OPTION_KEYS = ['name', 'time', 'gracePeriod', 'minSamples'];

/**
 * The median stopping rule (Golovin et al. 2017, "Google Vizier", §3.2.2), a `population`-level
 * regulator: at an evaluation at progress t (after `gracePeriod`), a trial is stopped if its best
 * fitness so far is strictly worse than the median, over the other trials that have reached t (or
 * completed), of their running average fitness up to t. Needs `minSamples` such trials. Fitness
 * is higher-is-better; NaN counts as −∞ (so a diverged trial is stopped once there are enough
 * peers). Controls no hyperparameter.
 *
 * @example createMedianStopping({ gracePeriod: 200, minSamples: 3 })
 */
export function createMedianStopping(options: MedianStoppingOptions = {}): Regulator {
  options = checkOptions<MedianStoppingOptions>('options', options, MEDIAN_STOPPING_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'median-stopping');
  const time = checkOneOf('options.time', options.time, ['steps', 'epochs'] as const, 'steps');
  const grace = checkNumber('options.gracePeriod', options.gracePeriod, 0, { min: 0 });
  const minSamples = checkInteger('options.minSamples', options.minSamples, 3, 1);
  let state: MedianState = { history: {} };

  return {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: [],

    regulate(signal, ctx) {
      if (signal.kind !== 'eval' || !ctx.trial) return undefined;
      const f = signalFitness(signal, ctx.objective);
      if (!f) return undefined;
      const t = time === 'steps' ? signal.step : signal.epoch;
      const own = (state.history[ctx.trial.id] ??= []);
      own.push([t, f.value]);
      if (t < grace) return undefined;
      const averages: number[] = [];
      for (const view of ctx.population) {
        if (view.id === ctx.trial.id) continue;
        const h = state.history[view.id];
        if (!h || h.length === 0) continue;
        const reached = view.status === 'completed' || h.some(([p]) => p >= t);
        if (!reached) continue;
        const upTo = h.filter(([p]) => p <= t);
        if (upTo.length === 0) continue;
        averages.push(upTo.reduce((s, [, v]) => s + v, 0) / upTo.length);
      }
      if (averages.length < minSamples) return undefined;
      const median = quantileOf(averages, 0.5);
      const best = Math.max(...own.map(([, v]) => v));
      if (best < median) {
        return {
          stop: true,
          reason: `${name}: best fitness ${f.nan && best === Number.NEGATIVE_INFINITY ? 'NaN' : Number(best.toPrecision(4))} at ${time} ${t} below the median ${Number(median.toPrecision(4))} of ${averages.length} trials' running averages`,
        };
      }
      return undefined;
    },

    snapshot: () => toJsonState(state),
    restore(snapshot) {
      state = fromJsonState<MedianState>(snapshot, name, 'createMedianStopping()', (s) => typeof s.history === 'object' && s.history !== null);
    },
  };
}
