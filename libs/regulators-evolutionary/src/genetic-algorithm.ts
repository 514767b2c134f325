import {
  checkOptions,
  checkInteger,
  checkNumber,
  checkString,
  invalidArgument,
  perturbValue,
  sampleValue,
  type ChoiceValue,
  type Config,
  type ParamSpec,
  type Regulator,
  type SearchSpace,
} from '@epigenome/core';
import { fromJsonState, toJsonState } from './internal/json-state';
import { resolveControls } from './internal/controls';

/** Options of {@link createGeneticAlgorithm}. */
export interface GeneticAlgorithmOptions {
  /** Regulator name. Default `'genetic-algorithm'`. */
  readonly name?: string;
  /** Hyperparameters to evolve (any kind). Default: every hyperparameter of `space`, else of the experiment's space. */
  readonly params?: string | readonly string[];
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** The experiment's search space, to evolve all of it (and check `params`). Optional: the regulome knows it. */
  readonly space?: SearchSpace;
  /** Survivors kept as parents (the best finished trials so far); also how many random trials start the run. Default 16. */
  readonly populationSize?: number;
  /** Contestants per tournament (≥ 1; 1 is uniform random selection). Default 3. */
  readonly tournamentSize?: number;
  /** Probability that a child is a uniform crossover of two parents rather than a copy of one. Default 0.9. */
  readonly crossoverProbability?: number;
  /** Per-gene probability of a mutation through the core's `perturbValue`. Default 1 / (number of genes), at least 0.1. */
  readonly mutationProbability?: number;
  /** `resampleProbability` handed to `perturbValue` (else ×0.8/×1.2 or a neighbouring choice). Default 0.25. */
  readonly resampleProbability?: number;
}

/** The genetic-algorithm regulator: a proposing `Regulator` plus its current parents. */
export interface GeneticAlgorithm extends Regulator {
  /** Current parent pool, best first. */
  parents(): readonly { readonly config: Readonly<Config>; readonly fitness: number }[];
}

interface GaState {
  pool: { config: Config; fitness: number }[];
  proposed: Record<string, Config>;
}

/** Every option name of {@link GeneticAlgorithmOptions}: any other key is refused (a typo must not pass silently). */
const GA_OPTION_KEYS = ['name', 'params', 'space', 'priority', 'populationSize', 'tournamentSize', 'crossoverProbability', 'mutationProbability', 'resampleProbability'];

/**
 * A steady-state genetic algorithm for mixed and categorical spaces (architecture-like choices),
 * as a `population`-level regulator proposing the configurations of new trials.
 *
 * Until `populationSize` trials have finished, proposals are left to the draft (random sampling,
 * or an outer level's warm start). Afterwards each new trial is a child: two parents by
 * tournament selection (the best of `tournamentSize` random picks from the pool), uniform
 * crossover (each gene from either parent with probability ½) with `crossoverProbability`, then
 * per-gene mutation through the core's `perturbValue` (resample, ×0.8/×1.2, or a neighbouring
 * choice). A child identical to a parent is mutated again (up to 8 tries). The pool keeps the
 * `populationSize` best finished trials ((μ + λ) survival); NaN or failed count as worst.
 *
 * @example createGeneticAlgorithm({ space: { layers: choice([1, 2, 3]), act: choice(['relu', 'tanh']) } })
 */
export function createGeneticAlgorithm(options: GeneticAlgorithmOptions): GeneticAlgorithm {
  options = checkOptions<GeneticAlgorithmOptions>('options', options, GA_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'genetic-algorithm');
  const given = resolveControls(options.params, options.space);
  if (given?.length === 0) throw invalidArgument('options.params', given, 'at least one hyperparameter to evolve');
  const priority = checkNumber('options.priority', options.priority, 0);
  // without params or space: every hyperparameter of the experiment's space, as the regulome resolves it
  const controlsOf = (space: SearchSpace): readonly string[] => given ?? Object.keys(space);
  const populationSize = checkInteger('options.populationSize', options.populationSize, 16, 2);
  const tournamentSize = checkInteger('options.tournamentSize', options.tournamentSize, 3, 1);
  const crossoverProbability = checkNumber('options.crossoverProbability', options.crossoverProbability, 0.9, { min: 0, max: 1 });
  // its default depends on how many hyperparameters evolve, which the space may decide
  const mutationProbabilityFor = (n: number): number => checkNumber('options.mutationProbability', options.mutationProbability, Math.max(0.1, 1 / n), { min: 0, max: 1 });
  mutationProbabilityFor(given?.length ?? 1);
  const resampleProbability = checkNumber('options.resampleProbability', options.resampleProbability, 0.25, { min: 0, max: 1 });

  let state: GaState = { pool: [], proposed: {} };

  const regulator: GeneticAlgorithm = {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: given ?? controlsOf,
    priority,

    propose(ctx) {
      const controls = controlsOf(ctx.space);
      const mutationProbability = mutationProbabilityFor(controls.length);
      const draft = ctx.draft ?? {};
      let child: Config;
      if (state.pool.length < populationSize) {
        child = Object.fromEntries(controls.map((p) => [p, (draft[p] ?? sampleValue(ctx.space[p] as ParamSpec, ctx.rng)) as ChoiceValue]));
      } else {
        const tournament = () => {
          let winner = ctx.rng.pick(state.pool);
          for (let i = 1; i < tournamentSize; i++) {
            const c = ctx.rng.pick(state.pool);
            if (c.fitness > winner.fitness) winner = c;
          }
          return winner.config;
        };
        const a = tournament();
        const b = tournament();
        const cross = ctx.rng.next() < crossoverProbability;
        child = Object.fromEntries(controls.map((p) => [p, (cross && ctx.rng.next() < 0.5 ? b[p] : a[p]) as ChoiceValue]));
        const same = (c: Config) => controls.every((p) => c[p] === a[p]) || controls.every((p) => c[p] === b[p]);
        for (let attempt = 0; attempt < 8; attempt++) {
          for (const p of controls) {
            if (ctx.rng.next() < mutationProbability) child[p] = perturbValue(ctx.space[p] as ParamSpec, child[p] as ChoiceValue, ctx.rng, { resampleProbability });
          }
          if (!same(child)) break;
        }
      }
      if (ctx.trial) state.proposed[ctx.trial.id] = { ...child };
      return child;
    },

    conclude(result) {
      const config = state.proposed[result.trialId];
      if (!config) return;
      delete state.proposed[result.trialId];
      const fitness = Number.isNaN(result.fitness) ? Number.NEGATIVE_INFINITY : result.fitness;
      state.pool.push({ config, fitness });
      state.pool.sort((x, y) => y.fitness - x.fitness);
      if (state.pool.length > populationSize) state.pool.length = populationSize;
    },

    parents: () => state.pool.map((m) => ({ config: { ...m.config }, fitness: m.fitness })),

    snapshot: () => toJsonState(state),

    restore(snapshot) {
      state = fromJsonState<GaState>(snapshot, name, 'createGeneticAlgorithm()', (s) => Array.isArray(s.pool) && typeof s.proposed === 'object');
    },
  };
  return regulator;
}
