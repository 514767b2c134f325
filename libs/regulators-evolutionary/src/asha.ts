import { checkOptions, checkNumber, checkOneOf, checkString, invalidArgument, type Regulator, type Signal } from '@epigenome/core';
import { signalFitness } from './internal/fitness';
import { fromJsonState, toJsonState } from './internal/json-state';
import { quantileOf } from './internal/percentile';

/** Options of {@link createAsha}. */
export interface AshaOptions {
  /** Regulator name. Default `'asha'`. */
  readonly name?: string;
  /** Unit of the rungs: optimiser `steps` or `epochs`. Default `'steps'`. */
  readonly time?: 'steps' | 'epochs';
  /** First rung r₀ (minimum resource before a trial can be stopped), in `time` units. Default 1. */
  readonly gracePeriod?: number;
  /** Reduction factor η > 1: rungs at r₀·ηᵏ, the top 1/η of each rung continue. Default 3. */
  readonly reductionFactor?: number;
  /** Maximum resource R: no rung at or beyond it. Default: the budget's steps per trial (time `steps`), else unlimited. */
  readonly maxT?: number;
}

/** The ASHA regulator: a stopping `Regulator` plus its rungs. */
export interface Asha extends Regulator {
  /** Each rung reached so far: its milestone (in `time` units) and the fitness recorded there per trial. */
  rungs(): readonly { readonly milestone: number; readonly recorded: Readonly<Record<string, number>> }[];
}

interface AshaState {
  /** rung index → trial → fitness recorded on reaching it */
  rungs: Record<string, Record<string, number>>;
  /** rung index → trials decided there (a trial may be recorded by a peer's signal before its own decides it). Absent in older snapshots: every recorded trial was decided. */
  decided?: Record<string, string[]>;
}

/** Every option name of {@link AshaOptions}: any other key is refused (a typo must not pass silently). */
const ASHA_OPTION_KEYS = ['name', 'time', 'gracePeriod', 'reductionFactor', 'maxT'];

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel
 * Hyperparameter Tuning", Alg. 2), as a `population`-level regulator that stops trials (apoptosis).
 *
 * Rungs sit at r₀·ηᵏ (< maxT). The first evaluation at or past a rung records the trial's fitness
 * there (higher is better; NaN counts as −∞); the trial continues only if its fitness is at least
 * the (1 − 1/η) quantile of everything recorded at that rung so far (itself included), i.e. it is
 * in the top 1/η — else `{ stop: true }` with the rung, cutoff and rank in the reason. A NaN
 * fitness at a rung stops the trial. Controls no hyperparameter.
 *
 * Trials evaluated in the same round are ranked against each other: when a trial decides at a
 * rung, every running peer whose latest evaluation reached that rung (and not the next) is
 * recorded there too, and decides at its own signal against the same values. The runner feeds a
 * round's evaluations together (`Regulome.observeRound`), so with two trials the worse one stops
 * at the first rung whichever is first in trial order (fed one by one, the first trial to reach a
 * rung always continues, as in Li et al.). With the runner's `budget.reallocate`, a stopped trial's
 * unused steps go to the survivors: successive halving at a fixed total budget.
 *
 * @example createAsha({ gracePeriod: 100, reductionFactor: 3, maxT: 2700 })
 */
export function createAsha(options: AshaOptions = {}): Asha {
  options = checkOptions<AshaOptions>('options', options, ASHA_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'asha');
  const time = checkOneOf('options.time', options.time, ['steps', 'epochs'] as const, 'steps');
  const grace = checkNumber('options.gracePeriod', options.gracePeriod, 1, { min: 0, minOpen: true });
  const eta = checkNumber('options.reductionFactor', options.reductionFactor, 3, { min: 0, minOpen: true });
  if (!(eta > 1)) throw invalidArgument('options.reductionFactor', eta, 'a number > 1');
  const maxTOption = options.maxT === undefined ? undefined : checkNumber('options.maxT', options.maxT, 1, { min: 0, minOpen: true });
  let state: AshaState = { rungs: {}, decided: {} };
  const progressOf = (signal: Signal): number => (time === 'steps' ? signal.step : signal.epoch);

  const milestones = (maxT: number): number[] => {
    const out: number[] = [];
    for (let r = grace; r < maxT - 1e-9 && out.length < 64; r *= eta) out.push(r);
    return out;
  };

  const regulator: Asha = {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: [],

    regulate(signal, ctx) {
      if (signal.kind !== 'eval' || !ctx.trial) return undefined;
      const f = signalFitness(signal, ctx.objective);
      if (!f) return undefined;
      const maxT = maxTOption ?? (time === 'steps' ? (ctx.budget.stepsPerTrial ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY);
      const progress = progressOf(signal);
      const ms = milestones(maxT);
      // the highest rung reached and not yet recorded (lower ones were skipped, as in Li et al.)
      for (let k = ms.length - 1; k >= 0; k--) {
        const milestone = ms[k] as number;
        if (progress + 1e-9 < milestone) continue;
        const recorded = (state.rungs[String(k)] ??= {});
        const decided = ((state.decided ??= {})[String(k)] ??= []);
        if (decided.includes(ctx.trial.id)) break;
        decided.push(ctx.trial.id);
        recorded[ctx.trial.id] ??= f.value;
        // peers whose latest evaluation reached this rung (and not the next) are recorded now too, so
        // trials evaluated in one round are ranked against each other whatever their order
        for (const v of ctx.population) {
          if (v.id === ctx.trial.id || v.status !== 'running' || v.id in recorded || !v.latestEval) continue;
          const p = progressOf(v.latestEval);
          const pf = signalFitness(v.latestEval, ctx.objective);
          if (pf && p + 1e-9 >= milestone && (k + 1 >= ms.length || p + 1e-9 < (ms[k + 1] as number))) recorded[v.id] = pf.value;
        }
        const values = Object.values(recorded);
        if (f.nan) return { stop: true, reason: `${name}: rung ${k} (${time} ${milestone}): ${ctx.objective.metric} is NaN` };
        const cutoff = quantileOf(values, 1 - 1 / eta);
        if (f.value < cutoff) {
          const rank = values.filter((v) => v > f.value).length + 1;
          return {
            stop: true,
            reason: `${name}: rung ${k} (${time} ${milestone}): fitness ${Number(f.value.toPrecision(4))} below the top-1/${eta} cutoff ${Number(cutoff.toPrecision(4))} (rank ${rank}/${values.length})`,
          };
        }
        break;
      }
      return undefined;
    },

    rungs: () =>
      Object.keys(state.rungs)
        .map(Number)
        .sort((a, b) => a - b)
        .map((k) => ({ milestone: grace * eta ** k, recorded: { ...state.rungs[String(k)] } })),

    snapshot: () => toJsonState(state),
    restore(snapshot) {
      state = fromJsonState<AshaState>(snapshot, name, 'createAsha()', (s) => typeof s.rungs === 'object' && s.rungs !== null);
      state.decided ??= Object.fromEntries(Object.entries(state.rungs).map(([k, r]) => [k, Object.keys(r)]));
    },
  };
  return regulator;
}
