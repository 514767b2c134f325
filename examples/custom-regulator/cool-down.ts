import { checkInteger, checkNumber, checkOptions, checkParams, checkString, invalidArgument, type Regulator } from '@epigenome/core';

/** Options of {@link createCoolDown}. */
export interface CoolDownOptions {
  /** Regulator name (unique in a regulome). Default `cool-down`. */
  readonly name?: string;
  /** The float hyperparameters it multiplies: a name or an array of names (the vocabulary of every factory). Default `lr`. */
  readonly params?: string | readonly string[];
  /** Evaluations without a better `val_loss` before a cut. Default 2. */
  readonly patience?: number;
  /** Multiplier of each cut, in (0, 1). Default 0.5. */
  readonly factor?: number;
}

/** The names a spec may set; the registry's listing (`epigenome regulators --spec`) shows the same. */
export const COOL_DOWN_OPTION_KEYS = ['name', 'params', 'patience', 'factor'] as const;

interface TrialState {
  best: number;
  wait: number;
}

/** What it learned in earlier experiments: how often a cut helped. */
interface Knowledge {
  readonly cuts: number;
  readonly trials: number;
}

/**
 * An epoch-level regulator: when a trial's `val_loss` has not improved for `patience` evaluations,
 * multiply each of its `params` by `factor` (the modulation of the epoch level, on top of the trial's base
 * value). Its per-trial counters are its resume state; the count of cuts per trial is the knowledge
 * it hands to later experiments.
 */
export function createCoolDown(options?: CoolDownOptions): Regulator & { cutsPerTrial(): number } {
  const o = checkOptions<CoolDownOptions>('options', options, COOL_DOWN_OPTION_KEYS);
  const name = checkString('options.name', o.name, 'cool-down');
  const params = checkParams('options.params', o.params) ?? ['lr'];
  const patience = checkInteger('options.patience', o.patience, 2, 1);
  const factor = checkNumber('options.factor', o.factor, 0.5, { min: 0, max: 1, minOpen: true, maxOpen: true });
  let trials: Record<string, TrialState> = {};
  let known: Knowledge = { cuts: 0, trials: 0 };
  let cuts = 0;
  let concluded = 0;
  const total = (): Knowledge => ({ cuts: known.cuts + cuts, trials: known.trials + concluded });

  return {
    specificationVersion: 'v1',
    name,
    level: 'epoch',
    controls: [...params],
    // it multiplies: an int or a choice hyperparameter is refused when the regulome is built
    kinds: ['float'],
    // only factors: it composes with other factor regulators of its level without a priority
    adjusts: ['factor'],
    // epoch regulators see evaluations, which always carry val_loss; nothing needed from step signals
    needs: [],
    inheritable: true,
    setup(ctx) {
      for (const p of params) if (ctx.space[p] === undefined) throw invalidArgument('options.params', p, `a hyperparameter of the space (${Object.keys(ctx.space).join(', ')})`);
    },
    regulate(signal) {
      const loss = signal.metrics.val_loss;
      if (loss === undefined || !Number.isFinite(loss)) return undefined;
      const t = (trials[signal.trialId] ??= { best: Number.POSITIVE_INFINITY, wait: 0 });
      if (loss < t.best) {
        t.best = loss;
        t.wait = 0;
        return undefined;
      }
      t.wait += 1;
      if (t.wait < patience) return undefined;
      t.wait = 0;
      cuts += 1;
      return { factor: Object.fromEntries(params.map((p) => [p, factor])), reason: `val_loss not below ${t.best.toPrecision(4)} for ${patience} evaluations` };
    },
    conclude() {
      concluded += 1;
    },
    snapshot: () => ({ version: 1, trials, known, cuts, concluded }),
    restore(state) {
      const s = state as { version?: unknown; trials: Record<string, TrialState>; known: Knowledge; cuts: number; concluded: number };
      if (s?.version !== 1) throw invalidArgument(`${name}.state.version`, s?.version, '1');
      trials = structuredClone(s.trials);
      known = { ...s.known };
      cuts = s.cuts;
      concluded = s.concluded;
    },
    knowledge: total,
    learn(k) {
      const { cuts: c, trials: n } = k as Knowledge;
      if (Number.isFinite(c) && Number.isFinite(n)) known = { cuts: c, trials: n };
    },
    cutsPerTrial: () => {
      const k = total();
      return k.trials === 0 ? 0 : k.cuts / k.trials;
    },
  };
}
