import { EpigenomeError, describeValue, invalidArgument } from '../errors/epigenome-error';
import { checkOptions } from '../checks/option-checks';
import { afterRollback, initialFeatureState, updateFeatures, type FeatureOptions, type FeatureState, type Features } from '../features/signal-features';
import { createRng, type Rng, type RngState, type Seed } from '../random/rng';
import { fromFiniteJson, toFiniteJson } from '../json/finite-json';
import type { ChoiceValue, Config, ParamSpec, SearchSpace } from '../space/param-spec';
import { isNumericSpec, validateSpace } from '../space/param-spec';
import { clampValue, describeSpec, sampleConfig, validateConfig } from '../space/search-space';
import { LEVELS, isLevel, levelDepth, type Level } from '../contracts/level';
import type { RegulationEvent } from '../contracts/regulation-event';
import type { Adjustment, BudgetView, ExperimentSummary, LineageView, Objective, Regulator, RegulatorContext, TrialResult, TrialStatus, TrialView } from '../contracts/regulator';
import type { Signal, SignalKind } from '../contracts/signal';

/** Levels whose adjustments change a trial's base values (its genotype). */
const GENOTYPE_LEVELS: ReadonlySet<Level> = new Set(['lineage', 'population']);
/** Levels whose adjustments are multiplicative modulation on top of the base. */
const MODULATION_LEVELS = ['epoch', 'step'] as const;
type ModulationLevel = (typeof MODULATION_LEVELS)[number];

/** Options of {@link createRegulome}. */
export interface RegulomeOptions {
  readonly space: SearchSpace;
  readonly regulators: readonly Regulator[];
  /** Used in signals and events. Default `experiment`. */
  readonly experimentId?: string;
  /** Seed of every stream the regulome hands out (trial sampling, each regulator). Default 0. */
  readonly seed?: Seed;
  /** What fitness measures. Default `{ metric: 'val_loss', mode: 'min' }`. */
  readonly objective?: Objective;
  readonly budget?: { readonly stepsPerTrial?: number; readonly totalSteps?: number };
  /** Memory access for lineage-level regulators. */
  readonly lineage?: LineageView;
  /** Options of the per-trial feature tracker (see `updateFeatures`). */
  readonly features?: FeatureOptions;
  /** Signals kept per trial in `TrialView.recent`. Default 32. */
  readonly history?: number;
  /** Clock in ms. Default `performance.now()` relative to creation. */
  readonly now?: () => number;
  /**
   * The user's default configuration (what they would train with untuned): the first trial no
   * regulator proposes a configuration for starts from it instead of a random draw of the space,
   * so a population always holds the default beside its explorers (a lineage regulator seeding
   * trials from inherited marks keeps those; the default goes to the first unseeded trial).
   * Hyperparameters it leaves out are drawn as usual. Every value must lie in the space.
   * Default: none (every trial is drawn).
   */
  readonly defaultConfig?: Partial<Config>;
}

/** A raw observation the runner feeds in; the regulome derives features and builds the `Signal`. */
export interface SignalInput {
  readonly trialId: string;
  readonly kind: SignalKind;
  readonly step: number;
  readonly epoch?: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Extra features supplied by the engine, merged over the derived ones. */
  readonly features?: Readonly<Record<string, number>>;
  /**
   * The trial's last signal (its budget is spent): it updates features and fitness, but no
   * regulator acts on it — an exploit, explore or change would never be trained.
   */
  readonly final?: boolean;
}

/** What regulation decided for one signal. */
export interface RegulationOutcome {
  /** The signal as regulators saw it (config = values before this round). */
  readonly signal: Signal;
  /** Effective configuration after regulation: apply it to the trial. */
  readonly config: Config;
  /** One event per effective change, exploit and stop, in the order they happened. */
  readonly events: RegulationEvent[];
  /** Load this donor's latest checkpoint before applying `config`. */
  readonly exploit: { readonly from: string; readonly regulator: string; readonly reason: string } | undefined;
  /** Restore this trial's last good checkpoint before applying `config`. */
  readonly rollback: { readonly regulator: string; readonly reason: string } | undefined;
  /** Stop this trial. */
  readonly stop: { readonly regulator: string; readonly reason: string } | undefined;
}

/** Serialisable state of a regulome (trials, ended trials' results, regulators' snapshots, streams). */
export interface RegulomeSnapshot {
  readonly version: 1;
  readonly trials: readonly TrialSnapshot[];
  /** Results of the trials ended so far, in the order they ended (what `finish()` reports). Absent in snapshots written before it was kept. */
  readonly results?: readonly TrialResult[];
  /** Whether a trial already started from `defaultConfig`. Absent in snapshots written before it was kept. */
  readonly defaultTaken?: boolean;
  readonly regulators: Readonly<Record<string, unknown>>;
  readonly rngs: Readonly<Record<string, RngState>>;
}

interface TrialSnapshot {
  id: string;
  status: TrialStatus;
  base: Config;
  modulation: Record<ModulationLevel, Record<string, number>>;
  step: number;
  generation: number;
  parentId: string | undefined;
  hasCheckpoint: boolean;
  fitness: number | undefined;
  featureState: FeatureState;
  recent: Signal[];
}

/** The composed regulation of one experiment. */
export interface Regulome {
  readonly space: SearchSpace;
  readonly regulators: readonly Regulator[];
  /** For each hyperparameter, the regulators controlling it, outermost first. */
  readonly controllers: Readonly<Record<string, readonly { level: Level; regulator: string }[]>>;
  /** Runs every `setup` hook, outermost level first. Call once before adding trials. */
  start(): Promise<void>;
  /**
   * Registers a trial and returns its initial configuration: sampled from its own stream, then
   * each level's `propose` (outermost first) — or, when none proposes and no trial has yet, the
   * regulome's `defaultConfig` — then `config` overrides (validated). The sampling
   * stream is split from the seed by `streamKey` (default: the id), so ids that embed an
   * experiment id can still sample reproducibly.
   */
  addTrial(id: string, options?: { config?: Partial<Config>; streamKey?: string }): Promise<Config>;
  /** Feeds one observation through the regulators (see `Regulator` for who sees what). */
  observe(input: SignalInput): Promise<RegulationOutcome>;
  /**
   * Feeds one round of observations of several trials (at most one per trial): first every
   * trial's features, latest signal and fitness are updated, then each is regulated in the given
   * order. So a population regulator deciding for the first trial already sees every other
   * trial's evaluation of this round (with `observe` one by one it sees the later trials'
   * previous evaluations). Outcomes in the order of `inputs`.
   */
  observeRound(inputs: readonly SignalInput[]): Promise<RegulationOutcome[]>;
  /** Marks whether a trial has a checkpoint (exploit donors need one). */
  setCheckpoint(trialId: string, available?: boolean): void;
  /** Ends a trial (`completed` unless stopped or failed) and runs `conclude`, innermost first. */
  endTrial(trialId: string, status?: TrialStatus): Promise<TrialResult>;
  /** Runs every `finish` hook, innermost first, and returns the summary. */
  finish(): Promise<ExperimentSummary>;
  /** A trial's live read-only view. Throws `NOT_FOUND` for an unknown id. */
  trial(id: string): TrialView;
  /** Every trial's view, in the order they were added. */
  population(): readonly TrialView[];
  /** The hyperparameters a regulator controls, as resolved from the space when the regulome was built. */
  controls(regulatorName: string): readonly string[];
  snapshot(): RegulomeSnapshot;
  /** Restores a snapshot taken from a regulome with the same space and regulators. */
  restore(snapshot: RegulomeSnapshot): void;
}

interface TrialState extends TrialSnapshot {
  effective: Config;
  latest: Signal | undefined;
  latestEval: Signal | undefined;
}

/** A regulator's `controls`, resolved from the space when given as a function. */
function resolveControls(space: SearchSpace, r: Regulator, field: string): readonly string[] {
  let controls: unknown = r.controls;
  if (typeof controls === 'function') {
    try {
      controls = (controls as (s: SearchSpace) => unknown)(space);
    } catch (cause) {
      throw invalidArgument(
        `${field}.controls`,
        'a function',
        `a function of the space returning hyperparameter names (regulator "${r.name}" threw: ${(cause as Error)?.message ?? String(cause)})`,
        { cause },
      );
    }
  }
  if (!Array.isArray(controls) || !controls.every((c) => typeof c === 'string'))
    throw invalidArgument(`${field}.controls`, controls, `an array of hyperparameter names, or a function of the space returning one (regulator "${r.name}")`);
  return controls as string[];
}

/** Whether a regulator may `set` (or exploit) in `regulate`: undeclared means it may. */
const maySet = (r: Regulator): boolean => typeof r.regulate === 'function' && (r.adjusts === undefined || r.adjusts.includes('set'));
const priorityOf = (r: Regulator): number => r.priority ?? 0;
/** Whether `earlier`, of the same level as `r`, wrote a value `r` must not overwrite (a higher priority). */
const outranked = (earlier: Regulator | undefined, r: Regulator): boolean => earlier !== undefined && earlier.level === r.level && priorityOf(earlier) > priorityOf(r);

/**
 * Two regulators of one level that may both write an absolute value of `p` by the same hook
 * (both `propose`, or both `set` in `regulate`) need distinct priorities; factors never compete.
 */
function refuseContestedSets(p: string, regulators: readonly Regulator[], controlsOf: ReadonlyMap<string, readonly string[]>): void {
  const hooks = [
    { hook: 'propose', writes: (r: Regulator) => typeof r.propose === 'function' },
    { hook: 'regulate (set or exploit)', writes: maySet },
  ];
  for (const level of LEVELS) {
    for (const { hook, writes } of hooks) {
      const writers = regulators.filter((r) => r.level === level && writes(r) && (controlsOf.get(r.name) ?? []).includes(p));
      for (let i = 0; i < writers.length; i++) {
        for (let j = i + 1; j < writers.length; j++) {
          const a = writers[i] as Regulator;
          const b = writers[j] as Regulator;
          if (priorityOf(a) !== priorityOf(b)) continue;
          throw new EpigenomeError({
            code: 'REGULOME_CONFLICT',
            field: `regulators[${regulators.indexOf(b)}].priority`,
            value: priorityOf(b),
            allowed: `a priority other than ${priorityOf(a)} (that of "${a.name}"), or "${p}" dropped from the params of one of them`,
            message:
              `regulators "${a.name}" and "${b.name}" both write "${p}" at level "${level}" by ${hook}, with equal priority ${priorityOf(a)}: ` +
              `give one a higher priority (its options.priority) so its value wins, drop "${p}" from the params of one of them, ` +
              `or let one adjust by factors only (adjusts: ['factor'])`,
          });
        }
      }
    }
  }
}

function validateRegulators(
  space: SearchSpace,
  regulators: readonly Regulator[],
): { controllers: Record<string, { level: Level; regulator: string }[]>; controlsOf: Map<string, readonly string[]> } {
  if (!Array.isArray(regulators)) throw invalidArgument('regulators', regulators, 'an array of regulators');
  const names = new Map<string, number>();
  const controllers: Record<string, { level: Level; regulator: string }[]> = {};
  const controlsOf = new Map<string, readonly string[]>();
  regulators.forEach((r, i) => {
    const field = `regulators[${i}]`;
    if (typeof r !== 'object' || r === null) throw invalidArgument(field, r, 'a regulator object (made by a factory such as createPbt())');
    if (r.specificationVersion !== 'v1') {
      throw invalidArgument(`${field}.specificationVersion`, r.specificationVersion, `'v1' (regulator ${describeValue(r.name)})`, { code: 'UNSUPPORTED_SPECIFICATION' });
    }
    if (typeof r.name !== 'string' || r.name.length === 0) throw invalidArgument(`${field}.name`, r.name, 'a non-empty string');
    if (names.has(r.name)) {
      throw new EpigenomeError({
        code: 'REGULOME_CONFLICT',
        field: `${field}.name`,
        value: r.name,
        allowed: 'a name unique within the regulome',
        message: `${field}.name must be unique within the regulome; ${describeValue(r.name)} is also regulators[${names.get(r.name)}]`,
      });
    }
    names.set(r.name, i);
    if (!isLevel(r.level)) throw invalidArgument(`${field}.level`, r.level, `one of ${LEVELS.map((l) => `"${l}"`).join(', ')} (regulator "${r.name}")`);
    if (r.priority !== undefined && !(typeof r.priority === 'number' && Number.isFinite(r.priority)))
      throw invalidArgument(`${field}.priority`, r.priority, `a finite number (regulator "${r.name}")`);
    if (r.adjusts !== undefined && !(Array.isArray(r.adjusts) && (r.adjusts as unknown[]).every((a) => a === 'set' || a === 'factor')))
      throw invalidArgument(`${field}.adjusts`, r.adjusts, `an array of "set" and "factor" (regulator "${r.name}")`);
    const controls = resolveControls(space, r, field);
    controlsOf.set(r.name, controls);
    for (const p of new Set<string>(controls)) {
      if (!(p in space)) {
        throw invalidArgument(`${field}.controls`, p, `hyperparameters of the space (${Object.keys(space).join(', ')}); regulator "${r.name}" controls one the space lacks`, {
          code: 'UNKNOWN_PARAMETER',
        });
      }
      const kind = (space[p] as ParamSpec).kind;
      if (r.kinds !== undefined && !r.kinds.includes(kind)) {
        const kinds = r.kinds.length > 1 ? `${r.kinds.slice(0, -1).join(', ')} or ${r.kinds.at(-1)}` : r.kinds.join('');
        throw new EpigenomeError({
          code: 'REGULOME_CONFLICT',
          field: `${field}.controls`,
          value: p,
          allowed: `hyperparameters of kind ${kinds}`,
          message: `regulator "${r.name}" acts on ${kinds} hyperparameters, but "${p}" is a ${kind}; drop "${p}" from its controls or make "${p}" a ${kinds} in the space`,
        });
      }
      (controllers[p] ??= []).push({ level: r.level, regulator: r.name });
    }
  });
  for (const [p, list] of Object.entries(controllers)) {
    list.sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
    refuseContestedSets(p, regulators, controlsOf);
    const spec = space[p] as ParamSpec;
    if (spec.kind === 'choice') {
      // different hooks never conflict: only the levels that change it in training count
      const regulating = new Set(regulators.filter((r) => typeof r.regulate === 'function').map((r) => r.name));
      const writers = list.filter((c) => c.level !== 'lineage' && regulating.has(c.regulator));
      const levels = new Set(writers.map((c) => c.level));
      if (levels.size > 1) {
        throw new EpigenomeError({
          code: 'REGULOME_CONFLICT',
          field: 'regulators',
          value: p,
          allowed: 'one owner level for a categorical hyperparameter',
          message: `categorical hyperparameter "${p}" has one owner level, but ${writers.map((c) => `"${c.regulator}" (${c.level})`).join(' and ')} control it`,
        });
      }
    }
  }
  return { controllers, controlsOf };
}

function fitnessOf(objective: Objective, metrics: Readonly<Record<string, number>>): number | undefined {
  const v = metrics[objective.metric];
  if (v === undefined) return undefined;
  if (!Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
  return objective.mode === 'max' ? v : -v;
}

/**
 * Composes regulators into one regulation of an experiment (the rules, with examples, are in the
 * core README, "Composition rules").
 *
 * Composition of a numeric hyperparameter: `lineage` and `population` regulators set the trial's
 * base (its genotype); `epoch` and `step` regulators keep a multiplicative modulation each;
 * effective = clamp(base × Π modulation). When the clamp bites, the acting level's modulation
 * is pulled back so it cannot wind up past the bound. Several regulators may control one
 * hyperparameter: different hooks never conflict (`propose` chooses a new trial's values,
 * `regulate` changes them in training); at one level, factors multiply in the declared order and
 * competing absolute values (`set`, exploit, `propose`) go to the higher `priority`. An exploit
 * copies the donor's weights and only the values its regulator controls. A categorical
 * hyperparameter is changed in training at one level only. Every effective change emits a
 * `RegulationEvent` naming the regulator.
 *
 * Throws `REGULOME_CONFLICT` when two regulators of one level may write one hyperparameter's
 * value by the same hook with equal priority (naming both and the fix), `UNKNOWN_PARAMETER` when
 * a regulator controls one the space lacks.
 */
const REGULOME_OPTION_KEYS = ['space', 'regulators', 'experimentId', 'seed', 'objective', 'budget', 'lineage', 'features', 'history', 'now', 'defaultConfig'] as const;

export function createRegulome(options: RegulomeOptions): Regulome {
  // a misspelt option (`seeed`) must not pass silently
  checkOptions('options', options, REGULOME_OPTION_KEYS);
  const space = validateSpace(options.space);
  const regulators = [...options.regulators];
  const { controllers, controlsOf } = validateRegulators(space, regulators);
  const controlsList = (r: Regulator): readonly string[] => controlsOf.get(r.name) ?? [];
  const experimentId = options.experimentId ?? 'experiment';
  const objective: Objective = options.objective ?? { metric: 'val_loss', mode: 'min' };
  if (typeof objective.metric !== 'string' || objective.metric === '') throw invalidArgument('objective.metric', objective.metric, 'a metric name');
  if (objective.mode !== 'max' && objective.mode !== 'min') throw invalidArgument('objective.mode', objective.mode, '"max" or "min"');
  const history = options.history ?? 32;
  if (!(Number.isInteger(history) && history >= 1)) throw invalidArgument('history', history, 'an integer ≥ 1');
  const stepsPerTrial = options.budget?.stepsPerTrial;
  const totalSteps = options.budget?.totalSteps;
  if (stepsPerTrial !== undefined && !(stepsPerTrial > 0)) throw invalidArgument('budget.stepsPerTrial', stepsPerTrial, 'a number > 0');
  if (totalSteps !== undefined && !(totalSteps > 0)) throw invalidArgument('budget.totalSteps', totalSteps, 'a number > 0');
  const defaultConfig = checkDefaultConfig(space, options.defaultConfig);
  let defaultTaken = false;
  const featureOptions: FeatureOptions = { ...options.features, ...(stepsPerTrial !== undefined ? { budgetSteps: stepsPerTrial } : {}) };
  updateFeatures(initialFeatureState(), { step: 0, metrics: {} }, featureOptions); // validates options now

  const root = createRng(options.seed ?? 0);
  const streams = new Map<string, Rng>(regulators.map((r) => [r.name, root.split(`regulator:${r.name}`)]));
  const ordered = [...regulators].sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  const innermostFirst = [...ordered].reverse();
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0);
  const trials = new Map<string, TrialState>();
  const results = new Map<string, TrialResult>();

  const getTrial = (id: string): TrialState => {
    const t = trials.get(id);
    if (!t)
      throw new EpigenomeError({
        code: 'NOT_FOUND',
        field: 'trialId',
        value: id,
        allowed: 'a trial added to this regulome',
        message: `trialId ${describeValue(id)} is not a trial of this regulome`,
      });
    return t;
  };

  const budget = (): BudgetView => {
    let used = 0;
    if (totalSteps !== undefined) {
      let sum = 0;
      for (const t of trials.values()) sum += t.step;
      used = Math.min(1, sum / totalSteps);
    } else if (stepsPerTrial !== undefined && trials.size > 0) {
      let sum = 0;
      for (const t of trials.values()) sum += Math.min(1, t.step / stepsPerTrial);
      used = sum / trials.size;
    }
    return { stepsPerTrial, used };
  };

  const populationViews = (): readonly TrialView[] => [...trials.values()].map(toView);

  const contextFor = (r: Regulator, trial: TrialState | undefined, draft?: Config): RegulatorContext => {
    let population: readonly TrialView[] | undefined;
    return {
      experimentId,
      level: r.level,
      space,
      rng: streams.get(r.name) as Rng,
      objective,
      budget: budget(),
      now,
      trial: trial ? toView(trial) : undefined,
      get population() {
        population ??= populationViews();
        return population;
      },
      lineage: options.lineage,
      draft,
    };
  };

  function toView(t: TrialState): TrialView {
    return {
      id: t.id,
      status: t.status,
      config: t.effective,
      base: t.base,
      step: t.step,
      latest: t.latest,
      latestEval: t.latestEval,
      fitness: t.fitness,
      hasCheckpoint: t.hasCheckpoint,
      generation: t.generation,
      parentId: t.parentId,
      recent: t.recent,
    };
  }

  const effectiveValue = (t: TrialState, p: string): ChoiceValue => {
    const spec = space[p] as ParamSpec;
    const base = t.base[p] as ChoiceValue;
    if (!isNumericSpec(spec)) return base;
    let v = base as number;
    for (const l of MODULATION_LEVELS) v *= t.modulation[l][p] ?? 1;
    return clampValue(spec, v);
  };

  const recompute = (t: TrialState): void => {
    const next: Config = {};
    for (const p of Object.keys(space)) next[p] = effectiveValue(t, p);
    t.effective = next;
  };

  const freshModulation = (): Record<ModulationLevel, Record<string, number>> => ({ epoch: {}, step: {} });

  const checkAdjustment = (r: Regulator, adj: Adjustment, hook: string): void => {
    const field = `${r.name}.${hook}()`;
    if (typeof adj !== 'object' || adj === null) throw invalidArgument(field, adj, 'an Adjustment object or undefined', { code: 'INVALID_ADJUSTMENT' });
    if (typeof adj.reason !== 'string' || adj.reason.length === 0) throw invalidArgument(`${field}.reason`, adj.reason, 'a non-empty string', { code: 'INVALID_ADJUSTMENT' });
    const controlled = new Set(controlsList(r));
    for (const [p, v] of Object.entries(adj.set ?? {})) {
      if (!controlled.has(p))
        throw invalidArgument(`${field}.set.${p}`, v, `a hyperparameter regulator "${r.name}" controls (${controlsList(r).join(', ') || 'none'})`, { code: 'INVALID_ADJUSTMENT' });
      const spec = space[p] as ParamSpec;
      const ok = spec.kind === 'choice' ? spec.values.includes(v as ChoiceValue) : typeof v === 'number' && Number.isFinite(v);
      if (!ok)
        throw invalidArgument(`${field}.set.${p}`, v, spec.kind === 'choice' ? describeSpec(spec) : 'a finite number (clamped to its bounds)', { code: 'INVALID_ADJUSTMENT' });
    }
    for (const [p, f] of Object.entries(adj.factor ?? {})) {
      if (!controlled.has(p))
        throw invalidArgument(`${field}.factor.${p}`, f, `a hyperparameter regulator "${r.name}" controls (${controlsList(r).join(', ') || 'none'})`, {
          code: 'INVALID_ADJUSTMENT',
        });
      if (!isNumericSpec(space[p] as ParamSpec))
        throw invalidArgument(`${field}.factor.${p}`, f, 'absent: factors apply to numeric hyperparameters only', { code: 'INVALID_ADJUSTMENT' });
      if (!(typeof f === 'number' && Number.isFinite(f) && f > 0)) throw invalidArgument(`${field}.factor.${p}`, f, 'a finite number > 0', { code: 'INVALID_ADJUSTMENT' });
    }
    if (adj.rollback !== undefined && typeof adj.rollback !== 'boolean')
      throw invalidArgument(`${field}.rollback`, adj.rollback, 'true, false or absent', { code: 'INVALID_ADJUSTMENT' });
    const declared = r.adjusts ?? ['set', 'factor'];
    if ((adj.set !== undefined || adj.exploit !== undefined) && !declared.includes('set'))
      throw invalidArgument(`${field}.${adj.set !== undefined ? 'set' : 'exploit'}`, adj.set ?? adj.exploit, `absent: regulator "${r.name}" declares adjusts: ['factor']`, {
        code: 'INVALID_ADJUSTMENT',
      });
    if (adj.factor !== undefined && !declared.includes('factor'))
      throw invalidArgument(`${field}.factor`, adj.factor, `absent: regulator "${r.name}" declares adjusts: ['set']`, { code: 'INVALID_ADJUSTMENT' });
    if (adj.exploit !== undefined && r.level !== 'population') {
      throw invalidArgument(`${field}.exploit`, adj.exploit, `absent: only population-level regulators exploit ("${r.name}" is ${r.level})`, { code: 'INVALID_ADJUSTMENT' });
    }
  };

  const applyValues = (t: TrialState, r: Regulator, adj: Adjustment, setBy: Map<string, Regulator>): void => {
    const genotype = GENOTYPE_LEVELS.has(r.level);
    const level = r.level as ModulationLevel;
    for (const [p, raw] of Object.entries(adj.set ?? {})) {
      if (outranked(setBy.get(p), r)) continue;
      setBy.set(p, r);
      const spec = space[p] as ParamSpec;
      const value = raw as ChoiceValue;
      if (genotype || !isNumericSpec(spec)) {
        t.base[p] = clampValue(spec, value);
        continue;
      }
      let others = t.base[p] as number;
      for (const l of MODULATION_LEVELS) if (l !== level) others *= t.modulation[l][p] ?? 1;
      if (others === 0)
        t.base[p] = clampValue(spec, value); // a zero base cannot be modulated
      else t.modulation[level][p] = (value as number) / others;
    }
    for (const [p, f] of Object.entries(adj.factor ?? {})) {
      const spec = space[p] as ParamSpec;
      if (genotype) t.base[p] = clampValue(spec, (t.base[p] as number) * f);
      else t.modulation[level][p] = (t.modulation[level][p] ?? 1) * f;
    }
    if (!genotype) {
      // anti-windup: the acting level's modulation never pushes past a bound
      for (const p of new Set([...Object.keys(adj.set ?? {}).filter((q) => setBy.get(q) === r), ...Object.keys(adj.factor ?? {})])) {
        const spec = space[p] as ParamSpec;
        if (!isNumericSpec(spec)) continue;
        let raw = t.base[p] as number;
        for (const l of MODULATION_LEVELS) raw *= t.modulation[l][p] ?? 1;
        const bounded = Math.min(spec.max, Math.max(spec.min, raw));
        if (raw !== bounded && raw !== 0) t.modulation[level][p] = (t.modulation[level][p] ?? 1) * (bounded / raw);
      }
    }
    recompute(t);
  };

  const diffEvents = (t: TrialState, before: Config, r: Regulator, reason: string, step: number, out: RegulationEvent[]): void => {
    for (const p of Object.keys(space)) {
      const from = before[p] as ChoiceValue;
      const to = t.effective[p] as ChoiceValue;
      if (from === to) continue;
      const layer = (space[p] as ParamSpec).kind === 'width' ? { layer: p } : {};
      out.push({ experimentId, trialId: t.id, step, level: r.level, regulator: r.name, kind: 'change', param: p, from, to, ...layer, reason });
    }
  };

  /** Checks one observation before anything is recorded. */
  const checkInput = (input: SignalInput): TrialState => {
    const t = getTrial(input?.trialId);
    if (input.kind !== 'step' && input.kind !== 'eval') throw invalidArgument('signal.kind', input.kind, '"step" or "eval"');
    if (!(Number.isFinite(input.step) && input.step >= 0)) throw invalidArgument('signal.step', input.step, 'a finite number ≥ 0');
    if (typeof input.metrics !== 'object' || input.metrics === null) throw invalidArgument('signal.metrics', input.metrics, 'an object of metric name → number');
    return t;
  };

  /** Updates a trial's features, latest signal and fitness from one observation: the signal regulators will see. */
  const record = (input: SignalInput, t: TrialState): { t: TrialState; signal: Signal } => {
    const update = updateFeatures(t.featureState, { step: input.step, metrics: input.metrics }, featureOptions);
    t.featureState = update.state;
    const features: Features = input.features ? { ...update.features, ...input.features } : update.features;
    const signal: Signal = {
      experimentId,
      trialId: t.id,
      kind: input.kind,
      step: input.step,
      epoch: input.epoch ?? 0,
      metrics: input.metrics,
      features,
      config: t.effective,
    };
    t.step = Math.max(t.step, input.step);
    t.latest = signal;
    if (input.kind === 'eval') {
      t.latestEval = signal;
      const f = fitnessOf(objective, input.metrics);
      if (f !== undefined) t.fitness = f;
    }
    t.recent.push(signal);
    if (t.recent.length > history) t.recent.splice(0, t.recent.length - history);
    return { t, signal };
  };

  /** An event of a regulator acting on a trial's weights or status (exploit, rollback, stop). */
  const weightEvent = (
    t: TrialState,
    r: Regulator,
    step: number,
    kind: 'exploit' | 'rollback' | 'stop',
    param: '@weights' | '@status',
    from: string,
    to: string,
    reason: string,
  ): RegulationEvent => ({
    experimentId,
    trialId: t.id,
    step,
    level: r.level,
    regulator: r.name,
    kind,
    param,
    from,
    to,
    reason,
  });

  /** Runs the regulators on one recorded signal (none on a trial not running or on its final signal). */
  const regulateSignal = async (t: TrialState, signal: Signal, final: boolean): Promise<RegulationOutcome> => {
    const events: RegulationEvent[] = [];
    let exploit: RegulationOutcome['exploit'];
    let rollback: RegulationOutcome['rollback'];
    let stop: RegulationOutcome['stop'];
    if (t.status !== 'running' || final) return { signal, config: { ...t.effective }, events, exploit, rollback, stop };
    // who set each value this round: at one level, a lower priority does not overwrite a higher one
    const setBy = new Map<string, Regulator>();
    for (const r of ordered) {
      if (!r.regulate || r.level === 'lineage') continue;
      if (r.level !== 'step' && signal.kind !== 'eval') continue;
      const adj = await r.regulate(signal, contextFor(r, t));
      if (adj === undefined) continue;
      checkAdjustment(r, adj, 'regulate');
      const before = { ...t.effective };
      if (adj.exploit) {
        const donorId = adj.exploit.from;
        const donor = trials.get(donorId);
        if (!donor || donorId === t.id) {
          throw invalidArgument(`${r.name}.regulate().exploit.from`, donorId, 'the id of another trial of this regulome', { code: 'INVALID_ADJUSTMENT' });
        }
        if (!donor.hasCheckpoint) {
          throw invalidArgument(`${r.name}.regulate().exploit.from`, donorId, 'a donor with a checkpoint', { code: 'INVALID_ADJUSTMENT' });
        }
        // the weights and the values of the parameters this regulator controls; the others keep the trial's own
        t.base = { ...t.base };
        t.modulation = { epoch: { ...t.modulation.epoch }, step: { ...t.modulation.step } };
        for (const p of controlsList(r)) {
          if (outranked(setBy.get(p), r)) continue;
          setBy.set(p, r);
          t.base[p] = donor.base[p] as ChoiceValue;
          for (const l of MODULATION_LEVELS) {
            const m = donor.modulation[l][p];
            if (m === undefined) delete t.modulation[l][p];
            else t.modulation[l][p] = m;
          }
        }
        t.generation = donor.generation + 1;
        t.parentId = donor.id;
        t.fitness = donor.fitness;
        recompute(t);
        exploit = { from: donor.id, regulator: r.name, reason: adj.reason };
        events.push(weightEvent(t, r, signal.step, 'exploit', '@weights', t.id, donor.id, adj.reason));
      }
      if (adj.rollback && !exploit) {
        rollback = { regulator: r.name, reason: adj.reason };
        t.featureState = afterRollback(t.featureState);
        events.push(weightEvent(t, r, signal.step, 'rollback', '@weights', t.id, t.id, adj.reason));
      }
      applyValues(t, r, adj, setBy);
      diffEvents(t, before, r, adj.reason, signal.step, events);
      if (adj.stop) {
        t.status = 'stopped';
        stop = { regulator: r.name, reason: adj.reason };
        events.push(weightEvent(t, r, signal.step, 'stop', '@status', 'running', 'stopped', adj.reason));
        break;
      }
    }
    return { signal, config: { ...t.effective }, events, exploit, rollback, stop };
  };

  const regulome: Regulome = {
    space,
    regulators,
    controllers,

    async start() {
      for (const r of ordered) await r.setup?.(contextFor(r, undefined));
    },

    async addTrial(id, addOptions = {}) {
      if (typeof id !== 'string' || id.length === 0) throw invalidArgument('trialId', id, 'a non-empty string');
      if (trials.has(id))
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'trialId',
          value: id,
          allowed: 'an id not yet in this regulome',
          message: `trialId ${describeValue(id)} is already a trial of this regulome`,
        });
      let draft = sampleConfig(space, root.split(`trial:${addOptions.streamKey ?? id}`));
      const placeholder: TrialState = {
        id,
        status: 'running',
        base: draft,
        modulation: freshModulation(),
        effective: draft,
        step: 0,
        generation: 0,
        parentId: undefined,
        hasCheckpoint: false,
        fitness: undefined,
        featureState: initialFeatureState(),
        recent: [],
        latest: undefined,
        latestEval: undefined,
      };
      // who proposed each value: at one level, a lower priority does not overwrite a higher one
      const proposedBy = new Map<string, Regulator>();
      let proposed = false;
      for (const r of ordered) {
        if (!r.propose) continue;
        const proposal = await r.propose(contextFor(r, placeholder, draft));
        if (proposal === undefined) continue;
        if (Object.keys(proposal).length > 0) proposed = true;
        const controlled = new Set(controlsList(r));
        const next = { ...draft };
        for (const [p, v] of Object.entries(proposal)) {
          if (!controlled.has(p))
            throw invalidArgument(`${r.name}.propose().${p}`, v, `a hyperparameter regulator "${r.name}" controls (${controlsList(r).join(', ') || 'none'})`, {
              code: 'INVALID_ADJUSTMENT',
            });
          if (outranked(proposedBy.get(p), r)) continue;
          proposedBy.set(p, r);
          next[p] = v as ChoiceValue;
        }
        draft = validateConfig(space, next, `${r.name}.propose()`);
      }
      if (defaultConfig && !proposed && !defaultTaken) {
        draft = { ...draft, ...defaultConfig } as Config;
        defaultTaken = true;
      }
      if (addOptions.config) draft = validateConfig(space, { ...draft, ...addOptions.config } as Config, 'config');
      const state: TrialState = { ...placeholder, base: { ...draft }, effective: { ...draft } };
      trials.set(id, state);
      return { ...state.effective };
    },

    async observe(input) {
      const { t, signal } = record(input, checkInput(input));
      return regulateSignal(t, signal, input.final === true);
    },

    async observeRound(inputs) {
      if (!Array.isArray(inputs)) throw invalidArgument('inputs', inputs, 'an array of signals');
      // every input is checked before any is recorded: a bad one leaves the round unobserved
      const seen = new Set<string>();
      const checked = inputs.map((input: SignalInput, i) => {
        const t = checkInput(input);
        if (seen.has(t.id)) throw invalidArgument(`inputs[${i}].trialId`, t.id, 'a trial not already in this round (one signal per trial)');
        seen.add(t.id);
        return t;
      });
      const recorded = inputs.map((input: SignalInput, i) => record(input, checked[i] as TrialState));
      const out: RegulationOutcome[] = [];
      for (const [i, { t, signal }] of recorded.entries()) out.push(await regulateSignal(t, signal, (inputs[i] as SignalInput).final === true));
      return out;
    },

    setCheckpoint(trialId, available = true) {
      getTrial(trialId).hasCheckpoint = available;
    },

    async endTrial(trialId, status) {
      const t = getTrial(trialId);
      if (status !== undefined && !['completed', 'stopped', 'failed'].includes(status)) throw invalidArgument('status', status, '"completed", "stopped" or "failed"');
      t.status = status ?? (t.status === 'running' ? 'completed' : t.status);
      const result: TrialResult = {
        trialId: t.id,
        status: t.status,
        steps: t.step,
        config: { ...t.effective },
        metrics: t.latestEval?.metrics ?? t.latest?.metrics ?? {},
        fitness: t.fitness ?? Number.NEGATIVE_INFINITY,
      };
      results.set(t.id, result);
      for (const r of innermostFirst) await r.conclude?.(result, contextFor(r, t));
      return result;
    },

    async finish() {
      const list = [...results.values()];
      const best = list.reduce<TrialResult | undefined>((b, r) => (b === undefined || r.fitness > b.fitness ? r : b), undefined);
      const summary: ExperimentSummary = { experimentId, best, trials: list };
      for (const r of innermostFirst) await r.finish?.(summary, contextFor(r, undefined));
      return summary;
    },

    trial: (id) => toView(getTrial(id)),
    population: populationViews,

    controls(regulatorName) {
      const c = controlsOf.get(regulatorName);
      if (!c) throw invalidArgument('regulatorName', regulatorName, `a regulator of this regulome (${[...controlsOf.keys()].join(', ')})`, { code: 'NOT_FOUND' });
      return c;
    },
    snapshot() {
      const regs: Record<string, unknown> = {};
      for (const r of regulators) if (r.snapshot) regs[r.name] = r.snapshot();
      const rngs: Record<string, RngState> = {};
      for (const [name, rng] of streams) rngs[name] = rng.getState();
      const list = [...trials.values()].map((t): TrialSnapshot => ({
        id: t.id,
        status: t.status,
        base: { ...t.base },
        modulation: { epoch: { ...t.modulation.epoch }, step: { ...t.modulation.step } },
        step: t.step,
        generation: t.generation,
        parentId: t.parentId,
        hasCheckpoint: t.hasCheckpoint,
        fitness: t.fitness,
        featureState: t.featureState,
        recent: [...t.recent],
      }));
      return toFiniteJson({ version: 1, trials: list, results: [...results.values()], defaultTaken, regulators: regs, rngs }) as RegulomeSnapshot;
    },

    restore(snapshot) {
      if (typeof snapshot !== 'object' || snapshot === null || snapshot.version !== 1) throw invalidArgument('snapshot.version', (snapshot as { version?: unknown })?.version, '1');
      const revived = fromFiniteJson<RegulomeSnapshot>(snapshot);
      trials.clear();
      results.clear();
      for (const r of revived.results ?? []) results.set(r.trialId, r);
      defaultTaken = revived.defaultTaken ?? revived.trials.length > 0;
      for (const s of revived.trials) {
        validateConfig(space, s.base, `snapshot.trials.${s.id}.base`);
        const state: TrialState = { ...s, effective: {}, latest: s.recent.at(-1), latestEval: [...s.recent].reverse().find((x) => x.kind === 'eval') };
        recompute(state);
        trials.set(s.id, state);
      }
      for (const [name, st] of Object.entries(revived.rngs)) if (streams.has(name)) streams.set(name, createRng(st));
      for (const r of regulators) if (r.restore && r.name in revived.regulators) r.restore(revived.regulators[r.name]);
    },
  };
  return regulome;
}

/** `defaultConfig` checked against the space (names it has, values in their domains). */
function checkDefaultConfig(space: SearchSpace, config: Partial<Config> | undefined): Partial<Config> | undefined {
  if (config === undefined) return undefined;
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw invalidArgument('defaultConfig', config, 'an object of hyperparameter name → value', { code: 'INVALID_CONFIG' });
  // the names it leaves out are drawn per trial; the placeholders only complete the check
  validateConfig(space, { ...sampleConfig(space, createRng(0)), ...config } as Config, 'defaultConfig');
  return { ...config };
}
