import { invalidArgument, type Config, type Regulator, type RegulatorContext, type SearchSpace } from '@epigenome/core';
import { createBayesOpt, type BayesOpt, type BayesOptOptions, type BayesOptState, type Observation } from './bayes-opt';

/** Options of {@link createGpBo}. */
export interface GpBoOptions extends Omit<BayesOptOptions, 'space' | 'mode' | 'seed'> {
  /** Hyperparameters the optimiser proposes (all must be in the experiment's space). Required. */
  readonly controls: readonly string[];
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
}

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
 * const regulome = createRegulome({ space, regulators: [createGpBo({ controls: ['lr', 'dropout'] })] });
 */
export function createGpBo(options: GpBoOptions): GpBoRegulator {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', options, 'an object with at least `controls`');
  const controls = options.controls;
  if (!Array.isArray(controls) || controls.length === 0 || controls.some((c) => typeof c !== 'string' || c === '')) {
    throw invalidArgument('controls', controls, 'a non-empty array of hyperparameter names');
  }
  const name = options.name ?? 'gp-bo';
  if (typeof name !== 'string' || name === '') throw invalidArgument('name', name, 'a non-empty string');
  const inherit = options.inherit ?? 0;
  if (!(Number.isInteger(inherit) && inherit >= 0)) throw invalidArgument('inherit', inherit, 'an integer ≥ 0');
  // validate the optimiser options now, on a stand-in space, so mistakes surface at creation
  const { controls: _c, name: _n, inherit: _i, ...boOptions } = options;
  const { prior: _p, ...checked } = boOptions;
  createBayesOpt({ ...checked, space: { probe: { kind: 'float', min: 0, max: 1 } } });

  let bo: BayesOpt | undefined;
  let pendingRestore: BayesOptState | undefined;
  const restrict = (c: Readonly<Config>): Config => Object.fromEntries(controls.map((k) => [k, c[k] as Config[string]]));

  const ensure = (ctx: RegulatorContext): BayesOpt => {
    if (bo) return bo;
    const sub: Record<string, SearchSpace[string]> = {};
    for (const k of controls) {
      const spec = ctx.space[k];
      if (!spec) throw invalidArgument('controls', k, `hyperparameters of the space (${Object.keys(ctx.space).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
      sub[k] = spec;
    }
    bo = createBayesOpt({ ...boOptions, space: sub, mode: 'max', seed: Math.floor(ctx.rng.next() * 2 ** 31) });
    if (pendingRestore) bo.restore(pendingRestore);
    pendingRestore = undefined;
    return bo;
  };

  return {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: [...controls],
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
    snapshot: (): GpBoState => ({ version: 1, optimiser: bo?.snapshot() ?? pendingRestore }),
    restore(state) {
      const s = state as GpBoState | undefined;
      if (typeof s !== 'object' || s === null || s.version !== 1) throw invalidArgument(`${name}.state.version`, (s as { version?: unknown } | null)?.version, '1');
      if (s.optimiser === undefined) return;
      if (bo) bo.restore(s.optimiser);
      else pendingRestore = s.optimiser;
    },
  };
}

export type { Observation };
