import {
  checkOptions,
  checkParams,
  checkInteger,
  checkNumber,
  checkString,
  decodeValue,
  encodeValue,
  invalidArgument,
  isNumericSpec,
  type ChoiceValue,
  type Config,
  type ParamSpec,
  type Regulator,
  type RegulatorContext,
  type SearchSpace,
} from '@epigenome/core';
import { createCmaEsOptimizer, type CmaEsOptimizer, type CmaEsOptimizerState, type CmaEsStatus } from './cma-es-optimizer';
import { fromJsonState, toJsonState } from './internal/json-state';

/** Options of {@link createCmaEs}. */
export interface CmaEsOptions {
  /** Regulator name. Default `'cma-es'`. */
  readonly name?: string;
  /** The experiment's search space, to check `params` at creation. Optional: the regulome knows it. */
  readonly space?: SearchSpace;
  /** Numeric hyperparameters to optimise. Default: every float and int of `space`, else of the experiment's space. */
  readonly params?: string | readonly string[];
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** Initial mean; missing keys start at the centre of their axis. Default: the centre of the unit cube. */
  readonly x0?: Partial<Config>;
  /** Initial step size in unit-cube units. Default 0.3. */
  readonly sigma0?: number;
  /** Offspring per generation λ ≥ 2. Default 4 + ⌊3 ln n⌋. */
  readonly populationSize?: number;
  /** IPOP restarts (λ doubles, a fresh mean uniform in the cube). Default 9. */
  readonly restarts?: number;
}

/** The CMA-ES regulator: a proposing `Regulator` plus the optimizer's progress. */
export interface CmaEs extends Regulator {
  /** Progress of the underlying optimizer (undefined before `setup`/the first `propose`). */
  status(): CmaEsStatus | undefined;
}

interface Assigned {
  point: number[];
  generation: number;
}

interface CmaEsRegulatorState {
  optimizer: CmaEsOptimizerState | undefined;
  generation: number;
  queue: number[][];
  assigned: Record<string, Assigned>;
  results: { point: number[]; fitness: number }[];
}

/** Every option name of {@link CmaEsOptions}: any other key is refused (a typo must not pass silently). */
const CMA_ES_OPTION_KEYS = ['name', 'space', 'params', 'priority', 'x0', 'sigma0', 'populationSize', 'restarts'];

/**
 * CMA-ES as a `population`-level regulator that proposes the configurations of new trials
 * (see {@link createCmaEsOptimizer} for the algorithm, Hansen 2016).
 *
 * The numeric hyperparameters are encoded in the unit cube (core `encodeValue`: log specs on a
 * log axis, ints continuous on [min − ½, max + ½]); the box is handled by mirror repair, so every
 * proposal is inside the space. `propose` hands out the current generation's points one trial at
 * a time (sampling λ more from the same distribution if trials outrun results); `conclude` tells
 * the trial's fitness (higher is better; NaN, failed and stopped-without-evaluation count as
 * worst). Once λ results of the current generation are in, the distribution is updated; results
 * of trials proposed in an older generation are ignored. Categorical hyperparameters are left to
 * the draft (sampling or other regulators). After a global stop, proposals are left to the draft.
 *
 * Throws `INVALID_ARGUMENT` when the space has no numeric hyperparameter (or `params` names a
 * categorical one).
 *
 * @example createCmaEs({ sigma0: 0.3 }) // every float and int of the experiment's space
 */
export function createCmaEs(options: CmaEsOptions): CmaEs {
  options = checkOptions<CmaEsOptions>('options', options, CMA_ES_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'cma-es');
  const space = options.space;
  if (space !== undefined && (typeof space !== 'object' || space === null))
    throw invalidArgument('options.space', space, "the experiment's search space, or absent (the regulome's)");
  const given = checkParams('options.params', options.params);
  const priority = checkNumber('options.priority', options.priority, 0);
  /** The numeric hyperparameters it optimises in `sp`: `params`, checked, else every float and int. */
  const paramsIn = (sp: SearchSpace): string[] => {
    const numeric = Object.entries(sp)
      .filter(([, s]) => isNumericSpec(s as ParamSpec))
      .map(([p]) => p);
    let list: string[];
    if (given !== undefined) {
      for (const p of given) {
        if (!(p in sp)) throw invalidArgument('options.params', p, `a hyperparameter of the space (${Object.keys(sp).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
        if (!numeric.includes(p))
          throw invalidArgument('options.params', p, `a numeric (float or int) hyperparameter; CMA-ES cannot optimise the categorical "${p}" (use createGeneticAlgorithm)`);
      }
      list = given;
    } else list = numeric;
    if (list.length === 0) {
      throw invalidArgument(
        'options.space',
        Object.keys(sp),
        'a space with at least one numeric (float or int) hyperparameter; CMA-ES has nothing to optimise in a purely categorical space (use createGeneticAlgorithm)',
      );
    }
    return list;
  };
  // with a space the list is fixed (and checked) now; without, the regulome resolves it from its space
  let params: string[] = space ? paramsIn(space) : given ? [...given] : [];
  const controls = space || given ? [...params] : (sp: SearchSpace) => paramsIn(sp);
  const sigma0 = checkNumber('options.sigma0', options.sigma0, 0.3, { min: 0, minOpen: true });
  const populationSize = options.populationSize === undefined ? undefined : checkInteger('options.populationSize', options.populationSize, 2, 2);
  const restarts = checkInteger('options.restarts', options.restarts, 9, 0);
  const x0In = (sp: SearchSpace): number[] =>
    params.map((p) => {
      const v = options.x0?.[p];
      return v === undefined ? 0.5 : encodeValue(sp[p] as ParamSpec, v as ChoiceValue);
    });
  if (space) x0In(space); // a bad x0 is refused at creation

  let optimizer: CmaEsOptimizer | undefined;
  let state: CmaEsRegulatorState = { optimizer: undefined, generation: 0, queue: [], assigned: {}, results: [] };

  const ensure = (ctx: RegulatorContext): CmaEsOptimizer => {
    if (!optimizer) {
      params = paramsIn(space ?? ctx.space);
      for (const p of params) {
        const spec = ctx.space[p] as ParamSpec | undefined;
        if (!spec || !isNumericSpec(spec)) throw invalidArgument(`${name}.params`, p, "a numeric hyperparameter of the experiment's space");
      }
      optimizer = createCmaEsOptimizer({
        x0: x0In(space ?? ctx.space),
        sigma0,
        bounds: { lower: 0, upper: 1 },
        mode: 'max',
        restarts,
        rng: ctx.rng.split('cma-es'),
        ...(populationSize !== undefined ? { populationSize } : {}),
      });
      if (state.optimizer) optimizer.restore(state.optimizer);
    }
    return optimizer;
  };

  const regulator: CmaEs = {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls,
    priority,
    // the optimiser searches the unit axes of numbers
    kinds: ['float', 'int', 'width'],

    setup(ctx) {
      ensure(ctx);
    },

    propose(ctx) {
      const es = ensure(ctx);
      if (es.status().stopped) return undefined;
      if (state.queue.length === 0) state.queue = es.ask();
      const point = state.queue.shift() as number[];
      if (ctx.trial) state.assigned[ctx.trial.id] = { point, generation: state.generation };
      const out: Partial<Config> = {};
      params.forEach((p, i) => {
        out[p] = decodeValue(ctx.space[p] as ParamSpec, point[i] as number);
      });
      return out;
    },

    conclude(result, ctx) {
      const es = ensure(ctx);
      const a = state.assigned[result.trialId];
      if (!a) return;
      delete state.assigned[result.trialId];
      if (a.generation !== state.generation || es.status().stopped) return;
      state.results.push({ point: a.point, fitness: Number.isNaN(result.fitness) ? Number.NEGATIVE_INFINITY : result.fitness });
      const lambda = es.status().populationSize;
      if (state.results.length < lambda) return;
      const batch = state.results.slice(0, lambda);
      es.tell(
        batch.map((r) => r.point),
        batch.map((r) => r.fitness),
      );
      state.generation++;
      state.results = [];
      state.queue = [];
    },

    status: () => optimizer?.status(),

    snapshot: () => toJsonState({ ...state, optimizer: optimizer?.snapshot() ?? state.optimizer }),

    restore(snapshot) {
      state = fromJsonState<CmaEsRegulatorState>(snapshot, name, 'createCmaEs()', (s) => Array.isArray(s.queue) && typeof s.assigned === 'object' && Array.isArray(s.results));
      if (optimizer && state.optimizer) optimizer.restore(state.optimizer);
    },
  };
  return regulator;
}
