import {
  checkEvery,
  checkOptions,
  checkParams,
  checkInteger,
  checkNumber,
  checkOneOf,
  checkString,
  decodeValue,
  encodeValue,
  invalidArgument,
  isNumericSpec,
  type ChoiceValue,
  type Config,
  type ParamSpec,
  type Regulator,
  type SearchSpace,
} from '@epigenome/core';
import { createCmaEsOptimizer, type CmaEsOptimizer, type CmaEsOptimizerState } from './cma-es-optimizer';
import { fromJsonState, toJsonState } from './internal/json-state';

/** Options of {@link createCmaEsController}. */
export interface CmaEsControllerOptions {
  /** Regulator name. Default `'cma-es-controller'`. */
  readonly name?: string;
  /** The experiment's search space, to check `params` at creation. Optional: the regulome knows it. */
  readonly space?: SearchSpace;
  /** Numeric hyperparameters to control. Default: every float and int of `space`, else of the experiment's space. */
  readonly params?: string | readonly string[];
  /** `epoch` (default): one candidate per evaluation interval; `step`: per step-signal interval. */
  readonly level?: 'epoch' | 'step';
  /** How long a candidate stays in force before it is scored: `{ signals: n }`, signals seen at its level (evaluations at `epoch`). Default `{ signals: 1 }`. */
  readonly every?: { readonly signals: number };
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** Metric whose progress scores a candidate. Default: the objective's metric (`epoch`), `loss` (`step`). */
  readonly metric?: string;
  /** Whether `metric` is minimised or maximised. Default: the objective's mode (`epoch`), `min` (`step`). */
  readonly mode?: 'min' | 'max';
  /** Initial step size in unit-cube units. Default 0.2. */
  readonly sigma0?: number;
  /** Candidates per generation λ ≥ 2. Default 4 + ⌊3 ln n⌋. */
  readonly populationSize?: number;
  /** IPOP restarts. Default 2. */
  readonly restarts?: number;
}

interface TrialControl {
  optimizer: CmaEsOptimizerState | undefined;
  queue: number[][];
  results: { point: number[]; fitness: number }[];
  current: number[] | undefined;
  baseline: number;
  count: number;
}

/** Every option name of {@link CmaEsControllerOptions}: any other key is refused (a typo must not pass silently). */
const CMA_ES_CONTROLLER_OPTION_KEYS = ['name', 'space', 'params', 'level', 'every', 'priority', 'metric', 'mode', 'sigma0', 'populationSize', 'restarts'];

/**
 * CMA-ES as an in-trial controller (`epoch` or `step` level): each trial runs its own CMA-ES
 * (seeded from the regulator's stream and the trial id), starting at the trial's configuration.
 * A candidate is set (`set`, which at an inner level becomes that level's modulation) for `every`
 * signals and scored by the *progress* of `metric` meanwhile (improvement, higher is better; NaN
 * is worst); after λ candidates the distribution is updated and the next generation begins.
 *
 * Progress shrinks as training proceeds, so candidates of one generation are compared at slightly
 * different times; keep λ × `every` short relative to the run. For configurations of new trials,
 * use {@link createCmaEs}.
 *
 * @example createCmaEsController({ space, params: ['lr'], every: { signals: 2 } })
 */
export function createCmaEsController(options: CmaEsControllerOptions): Regulator {
  options = checkOptions<CmaEsControllerOptions>('options', options, CMA_ES_CONTROLLER_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'cma-es-controller');
  const space = options.space;
  if (space !== undefined && (typeof space !== 'object' || space === null))
    throw invalidArgument('options.space', space, "the experiment's search space, or absent (the regulome's)");
  const given = checkParams('options.params', options.params);
  /** The numeric hyperparameters it controls in `sp`: `params`, checked, else every float and int. */
  const paramsIn = (sp: SearchSpace): string[] => {
    const numeric = Object.entries(sp)
      .filter(([, s]) => isNumericSpec(s as ParamSpec))
      .map(([p]) => p);
    const list = given ?? numeric;
    for (const p of list) {
      if (!numeric.includes(p)) throw invalidArgument('options.params', p, `a numeric (float or int) hyperparameter of the space (${numeric.join(', ') || 'none'})`);
    }
    if (list.length === 0) throw invalidArgument('options.space', Object.keys(sp), 'a space with at least one numeric (float or int) hyperparameter');
    return list;
  };
  // with a space the list is fixed (and checked) now; without, the regulome resolves it from its space
  let params: string[] | undefined = space ? paramsIn(space) : given ? [...given] : undefined;
  const controls = params ? [...params] : (sp: SearchSpace) => paramsIn(sp);
  const level = checkOneOf('options.level', options.level, ['epoch', 'step'] as const, 'epoch');
  const every = checkEvery('options.every', options.every, { signals: { min: 1, integer: true } }, { signals: 1 }).length;
  const priority = checkNumber('options.priority', options.priority, 0);
  const sigma0 = checkNumber('options.sigma0', options.sigma0, 0.2, { min: 0, minOpen: true });
  const populationSize = options.populationSize === undefined ? undefined : checkInteger('options.populationSize', options.populationSize, 2, 2);
  const restarts = checkInteger('options.restarts', options.restarts, 2, 0);
  if (options.mode !== undefined && options.mode !== 'min' && options.mode !== 'max') throw invalidArgument('options.mode', options.mode, '"min" or "max"');

  let state: Record<string, TrialControl> = {};
  const live = new Map<string, CmaEsOptimizer>();

  return {
    specificationVersion: 'v1',
    name,
    level,
    controls,
    // the optimiser searches the unit axes of numbers
    kinds: ['float', 'int', 'width'],
    priority,

    regulate(signal, ctx) {
      const trial = ctx.trial;
      if (!trial) return undefined;
      params ??= paramsIn(ctx.space);
      const metric = options.metric ?? (level === 'epoch' ? ctx.objective.metric : 'loss');
      const mode = options.mode ?? (level === 'epoch' ? ctx.objective.mode : 'min');
      const raw = signal.metrics[metric];
      if (raw === undefined) return undefined;
      const value = Number.isFinite(raw) ? (mode === 'max' ? raw : -raw) : Number.NEGATIVE_INFINITY;
      const st = (state[trial.id] ??= { optimizer: undefined, queue: [], results: [], current: undefined, baseline: value, count: 0 });
      let es = live.get(trial.id);
      if (!es) {
        es = createCmaEsOptimizer({
          x0: params.map((p) => encodeValue(ctx.space[p] as ParamSpec, signal.config[p] as ChoiceValue)),
          sigma0,
          bounds: { lower: 0, upper: 1 },
          mode: 'max',
          restarts,
          rng: ctx.rng.split(`cma-es-controller:${trial.id}`),
          ...(populationSize !== undefined ? { populationSize } : {}),
        });
        if (st.optimizer) es.restore(st.optimizer);
        live.set(trial.id, es);
      }
      let scored = '';
      if (st.current) {
        st.count++;
        if (st.count < every) return undefined;
        const progress = value - st.baseline;
        st.results.push({ point: st.current, fitness: Number.isNaN(progress) ? Number.NEGATIVE_INFINITY : progress });
        scored = `; previous candidate's progress ${Number(progress.toPrecision(3))}`;
        st.current = undefined;
        const lambda = es.status().populationSize;
        if (st.results.length >= lambda && !es.status().stopped) {
          const batch = st.results.slice(0, lambda);
          es.tell(
            batch.map((r) => r.point),
            batch.map((r) => r.fitness),
          );
          st.results = [];
          st.queue = [];
        }
      }
      const status = es.status();
      if (status.stopped) return undefined;
      if (st.queue.length === 0) st.queue = es.ask();
      const point = st.queue.shift() as number[];
      st.current = point;
      st.baseline = value;
      st.count = 0;
      const set: Config = {};
      params.forEach((p, i) => {
        set[p] = decodeValue(ctx.space[p] as ParamSpec, point[i] as number);
      });
      return { set, reason: `${name}: generation ${status.generation}, candidate ${st.results.length + 1}/${status.populationSize}${scored}` };
    },

    snapshot() {
      for (const [id, es] of live) if (state[id]) state[id].optimizer = es.snapshot();
      return toJsonState(state);
    },
    restore(snapshot) {
      state = fromJsonState<Record<string, TrialControl>>(snapshot, name, 'createCmaEsController()', (s) =>
        Object.values(s).every((v) => typeof v === 'object' && v !== null && Array.isArray((v as TrialControl).queue)),
      );
      live.clear();
    },
  };
}
