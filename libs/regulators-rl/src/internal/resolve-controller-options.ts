import { checkEvery, checkInteger, checkNumber, checkOneOf, checkOptions, checkString, invalidArgument, type Level } from '@epigenome/core';
import { checkActionSpace, DEFAULT_LR_ACTIONS, type ActionSpace } from '../actions';
import type { ControllerEvent, ControllerOptions, RewardInput } from '../controller-options';
import { signalStateNames } from '../signal-state';
import { checkTargetCos, type TargetCos } from './target-cos';

/** Everything a controller needs, validated. */
export interface ResolvedControllerOptions {
  readonly name: string;
  readonly level: Level;
  readonly every: number | 'eval';
  readonly priority: number;
  readonly actions: ActionSpace;
  readonly params: readonly string[];
  readonly features: readonly string[];
  /** Index of each feature in the full `signalState` vector. */
  readonly featureIndex: readonly number[];
  readonly rewardMetric: 'auto' | 'val_loss' | 'loss' | 'hypergradient';
  /** `rewardMetric: 'hypergradient'`: the cosine target at budget_used 0 and 1. */
  readonly targetCos: TargetCos;
  readonly rewardScale: number;
  readonly rewardHorizon: number;
  readonly reward: ((input: RewardInput) => number) | undefined;
  readonly divergencePenalty: number;
  readonly explosionFactor: number | undefined;
  readonly rollbackFactor: number;
  readonly ceilingFactor: number;
  readonly rollbackParams: readonly string[];
  readonly seed: ControllerOptions['seed'];
  readonly state: ControllerOptions['state'];
  readonly onEvent: ((event: ControllerEvent) => void) | undefined;
  readonly prior: 'none' | 'hypergradient';
}

/** Default cosine target of `rewardMetric: 'hypergradient'`: push early, anneal as the budget runs out. */
export const DEFAULT_TARGET_COS = { start: -0.3, end: 0.1 } as const;

function checkPrior(field: string, prior: unknown, rewardMetric: string, features: readonly string[]): 'none' | 'hypergradient' {
  if (prior === undefined || prior === 'none') return 'none';
  if (prior !== 'hypergradient') throw invalidArgument(`${field}.prior`, prior, '"none" or "hypergradient"');
  if (rewardMetric !== 'hypergradient') throw invalidArgument(`${field}.prior`, prior, '"none" unless rewardMetric is "hypergradient" (the prior models that reward)');
  if (!features.includes('bias') || !(features.includes('slice_cos') || features.includes('grad_cos'))) {
    throw invalidArgument(`${field}.features`, features, 'features that include "bias" and "slice_cos" or "grad_cos" with prior "hypergradient"');
  }
  return 'hypergradient';
}

/** Option names every learned controller takes (a factory adds its own). */
export const CONTROLLER_OPTION_KEYS = [
  'name',
  'every',
  'priority',
  'actions',
  'rewardMetric',
  'targetCos',
  'rewardScale',
  'rewardHorizon',
  'reward',
  'explosionFactor',
  'divergencePenalty',
  'rollback',
  'ceilingFactor',
  'prior',
  'seed',
  'features',
  'state',
  'onEvent',
] as const;

/**
 * Validates the shared options, refusing unknown keys (known: {@link CONTROLLER_OPTION_KEYS} and
 * `ownKeys`); errors name `options.<name>`. `defaultHorizon` is the factory's `rewardHorizon`.
 */
export function resolveControllerOptions(options: ControllerOptions | undefined, defaultName: string, ownKeys: readonly string[], defaultHorizon = 1): ResolvedControllerOptions {
  const field = 'options';
  const o = checkOptions<ControllerOptions>(field, options, [...CONTROLLER_OPTION_KEYS, ...ownKeys]);
  const name = checkString(`${field}.name`, o.name, defaultName);
  const cadence = checkEvery(`${field}.every`, o.every, { steps: { min: 1, integer: true }, evals: { min: 1, max: 1, integer: true } }, { steps: 20 });
  const every = cadence.unit === 'evals' ? 'eval' : cadence.length;
  const actions = checkActionSpace(`${field}.actions`, o.actions ?? { lr: DEFAULT_LR_ACTIONS });
  const params = Object.keys(actions);
  const rewardMetric = checkOneOf(`${field}.rewardMetric`, o.rewardMetric, ['auto', 'val_loss', 'loss', 'hypergradient'] as const, 'auto');
  if (o.targetCos !== undefined && rewardMetric !== 'hypergradient') throw invalidArgument(`${field}.targetCos`, o.targetCos, 'absent unless rewardMetric is "hypergradient"');
  const targetCos = checkTargetCos(`${field}.targetCos`, o.targetCos, DEFAULT_TARGET_COS);
  if (o.reward !== undefined && typeof o.reward !== 'function') throw invalidArgument(`${field}.reward`, o.reward, 'a function ({ metric, previous, current }) => number');
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') throw invalidArgument(`${field}.onEvent`, o.onEvent, 'a function');
  checkOptions(`${field}.state`, o.state, ['horizon', 'plateauScale', 'cosineGain']);
  const rollback = checkOptions<NonNullable<ControllerOptions['rollback']>>(`${field}.rollback`, o.rollback, ['factor', 'params']);
  const rollbackFactor = checkNumber(`${field}.rollback.factor`, rollback.factor, 0.5, { min: 0, minOpen: true, max: 1 });
  const factorParams = params.filter((p) => actions[p]?.kind === 'factor');
  const rollbackParams = rollback.params ?? (factorParams.includes('lr') ? ['lr'] : factorParams);
  if (!Array.isArray(rollbackParams)) throw invalidArgument(`${field}.rollback.params`, rollbackParams, 'an array of controlled hyperparameter names');
  for (const p of rollbackParams) {
    if (!params.includes(p)) throw invalidArgument(`${field}.rollback.params`, p, `a hyperparameter with actions (${params.join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
  }
  const all = signalStateNames(params);
  // the hypergradient reward is a function of the cosines and budget_used: show the learner those
  if (o.features !== undefined && !Array.isArray(o.features)) throw invalidArgument(`${field}.features`, o.features, `a non-empty array of state feature names`);
  const features =
    o.features !== undefined
      ? [...o.features]
      : rewardMetric === 'hypergradient'
        ? ['bias', ...params.map((p) => `position:${p}`), 'slice_cos', 'grad_cos', 'budget_used']
        : ['bias', ...params.map((p) => `position:${p}`), 'grad_cos', 'loss_trend', 'plateau', 'budget_used'];
  if (!Array.isArray(o.features ?? []) || features.length === 0)
    throw invalidArgument(`${field}.features`, o.features, `a non-empty array of state feature names (${all.join(', ')})`);
  for (const f of features) if (!all.includes(f)) throw invalidArgument(`${field}.features`, f, `one of ${all.join(', ')}`);
  if (new Set(features).size !== features.length) throw invalidArgument(`${field}.features`, o.features, 'distinct feature names');
  return {
    name,
    level: every === 'eval' ? 'epoch' : 'step',
    every,
    priority: checkNumber(`${field}.priority`, o.priority, 0),
    actions,
    params,
    features,
    featureIndex: features.map((f) => all.indexOf(f)),
    rewardMetric,
    targetCos,
    rewardHorizon: checkInteger(`${field}.rewardHorizon`, o.rewardHorizon, defaultHorizon, 1, 100),
    rewardScale: checkNumber(`${field}.rewardScale`, o.rewardScale, 0.2, { min: 0, minOpen: true }),
    reward: o.reward,
    divergencePenalty: checkNumber(`${field}.divergencePenalty`, o.divergencePenalty, 1, { min: 0 }),
    explosionFactor: o.explosionFactor === undefined ? undefined : checkNumber(`${field}.explosionFactor`, o.explosionFactor, 2, { min: 1, minOpen: true }),
    rollbackFactor,
    ceilingFactor: checkNumber(`${field}.ceilingFactor`, o.ceilingFactor, rollbackFactor, { min: 0, minOpen: true, max: 1 }),
    rollbackParams,
    seed: o.seed,
    state: o.state,
    onEvent: o.onEvent,
    prior: checkPrior(field, o.prior, rewardMetric, features),
  };
}
