import {
  checkInteger,
  checkNumber,
  checkOptions,
  checkParams,
  checkString,
  invalidArgument,
  type Config,
  type Regulator,
  type RegulatorContext,
  type SearchSpace,
} from '@epigenome/core';
import { BAYES_OPT_OPTION_KEYS, createBayesOpt, type BayesOpt, type BayesOptOptions, type BayesOptState, type Observation } from './bayes-opt';

/** Options of {@link createGpBo}. */
export interface GpBoOptions extends Omit<BayesOptOptions, 'space' | 'mode' | 'seed'> {
  /** Hyperparameters the optimiser proposes, a name or an array of names (all in the experiment's space). Default: every hyperparameter of the space. */
  readonly params?: string | readonly string[];
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** Regulator name (events, snapshots, seed stream). Default `gp-bo`. */
  readonly name?: string;
  /** At `setup`, inherit this many marks from the lineage memory (config marks become prior observations, value = mark fitness). Default 0. */
  readonly inherit?: number;
}

/** The regulator made by {@link createGpBo}. */
export interface GpBoRegulator extends Regulator {
  /** The ask/tell optimiser, built at `setup` (undefined before). */
  readonly optimiser: BayesOpt | undefined;
}

/** State kept by {@link createGpBo}'s `snapshot`. */
export interface GpBoState {
  readonly version: 1;
  /** The optimiser's state (undefined before `setup`). */
  readonly optimiser: BayesOptState | undefined;
  /**
   * The seed the optimiser was built with (drawn from the regulator's stream at `setup`): its
   * initial design depends on it, so a resumed run rebuilds it from this seed without drawing
   * again. Absent in snapshots taken before it was kept.
   */
  readonly seed?: number;
}

/** Every option name of {@link GpBoOptions}: any other key is refused. */
const GP_BO_OPTION_KEYS = ['params', 'name', 'inherit', 'priority', ...BAYES_OPT_OPTION_KEYS.filter((k) => k !== 'space' && k !== 'mode' && k !== 'seed')];

/**
 * Population-level regulator proposing configurations for new trials by GP Bayesian optimisation
 * ({@link createBayesOpt}: Matérn-5/2 GP, LogEI, Sobol initial design).
 *
 * Hooks: `setup` builds the optimiser on the controlled part of the space (seeded from the
 * regulator's own stream) and, with `inherit` > 0 and a memory, injects inherited config marks as
 * prior observations; `propose` asks for one configuration, with every running trial's base
 * configuration as a pending (Kriging-believer) point so parallel trials spread; `conclude` tells
 * the trial's final fitness (higher is better; failed or diverged trials, fitness −∞, are modelled
 * at the worst value seen). `snapshot`/`restore` carry every observation.
 *
 * @example
 * const regulome = createRegulome({ space, regulators: [createGpBo({ params: ['lr', 'dropout'] })] });
 * createGpBo() // proposes every hyperparameter of the experiment's space
 */
export function createGpBo(options: GpBoOptions = {}): GpBoRegulator {
  options = checkOptions<GpBoOptions>('options', options, GP_BO_OPTION_KEYS);
  const given = checkParams('options.params', options.params);
  const priority = checkNumber('options.priority', options.priority, 0);
  const name = checkString('options.name', options.name, 'gp-bo');
  const inherit = checkInteger('options.inherit', options.inherit, 0, 0);
  // validate the optimiser options now, on a stand-in space, so mistakes surface at creation
  const { params: _c, name: _n, inherit: _i, priority: _p2, ...boOptions } = options;
  const { prior: _p, ...checked } = boOptions;
  createBayesOpt({ ...checked, space: { probe: { kind: 'float', min: 0, max: 1 } } });

  let bo: BayesOpt | undefined;
  let pendingRestore: BayesOptState | undefined;
  let seed: number | undefined;
  // the list as the regulome resolves it: given, else every hyperparameter of the space
  const controlsOf = (space: SearchSpace): readonly string[] => (given ? [...given] : Object.keys(space));
  let controls: readonly string[] = given ? [...given] : [];
  const restrict = (c: Readonly<Config>): Config => Object.fromEntries(controls.map((k) => [k, c[k] as Config[string]]));

  const ensure = (ctx: RegulatorContext): BayesOpt => {
    if (bo) return bo;
    controls = controlsOf(ctx.space);
    const sub: Record<string, SearchSpace[string]> = {};
    for (const k of controls) {
      const spec = ctx.space[k];
      if (!spec) throw invalidArgument('options.params', k, `hyperparameters of the space (${Object.keys(ctx.space).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
      sub[k] = spec;
    }
    seed ??= Math.floor(ctx.rng.next() * 2 ** 31);
    bo = createBayesOpt({ ...boOptions, space: sub, mode: 'max', seed });
    if (pendingRestore) bo.restore(pendingRestore);
    pendingRestore = undefined;
    return bo;
  };

  return {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: given ? [...given] : controlsOf,
    priority,
    get optimiser() {
      return bo;
    },
    async setup(ctx) {
      const opt = ensure(ctx);
      if (inherit > 0 && ctx.lineage) {
        const marks = await ctx.lineage.inherit(inherit);
        for (const m of marks) {
          const reg = m.regulation;
          if (reg.kind !== 'config' || !controls.every((k) => k in reg.config)) continue;
          try {
            opt.tell(restrict(reg.config), m.fitness);
          } catch {
            // a mark from another space (value out of range): not usable as a prior here
          }
        }
      }
    },
    propose(ctx) {
      const opt = ensure(ctx);
      const pending = ctx.population.filter((t) => t.status === 'running' && t.id !== ctx.trial?.id).map((t) => restrict(t.base));
      return opt.ask(1, { pending })[0];
    },
    conclude(result, ctx) {
      ensure(ctx).tell(restrict(ctx.trial?.base ?? result.config), result.fitness);
    },
    snapshot: (): GpBoState => ({ version: 1, optimiser: bo?.snapshot() ?? pendingRestore, ...(seed === undefined ? {} : { seed }) }),
    restore(state) {
      const s = state as GpBoState | undefined;
      if (typeof s !== 'object' || s === null || s.version !== 1) throw invalidArgument(`${name}.state.version`, (s as { version?: unknown } | null)?.version, '1');
      if (s.optimiser === undefined) return;
      if (!bo && typeof s.seed === 'number' && Number.isInteger(s.seed)) seed = s.seed;
      if (bo) bo.restore(s.optimiser);
      else pendingRestore = s.optimiser;
    },
  };
}

export type { Observation };
