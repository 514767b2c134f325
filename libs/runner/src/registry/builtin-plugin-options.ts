import type { PluginOption } from './regulator-registry';

// `allowed` is the factory's own wording: builtin-plugins.test.ts feeds every option an invalid
// value and requires the factory's refusal to read `options.<name> must be <allowed>`, and requires
// the names to be exactly the factory's known keys minus those the runner fills (name, space,
// population, level), so this listing cannot drift from the checks.

const o = (name: string, defaultValue: string, allowed: string, note?: string): PluginOption => ({ name, default: defaultValue, allowed, ...(note ? { note } : {}) });

// One vocabulary across plugins: `params` says which hyperparameters (a name or an array of
// names), `every` how often (an object with one unit), `priority` whose value wins when two
// regulators of one level write one hyperparameter (see the core README, "Composition rules").
const PARAMS = 'a hyperparameter name or a non-empty array of hyperparameter names';
const PARAMS_OR_NONE = 'a hyperparameter name or an array of hyperparameter names';
const priority = o('priority', '0', 'a finite number', 'the higher wins a hyperparameter another regulator of the level also sets; equal ones are refused');

/** Options the two learned controllers (`bandit`, `policy-gradient`) share. */
const controllerOptions = (rewardHorizon: string): PluginOption[] => [
  o('every', '{ steps: 20 } at level step; { evals: 1 } at level epoch', 'an object with one of steps or evals', '{ evals } must be 1 (each evaluation)'),
  priority,
  o('actions', '{ lr: factors(0.5, 0.8, 1, 1.25, 2) }', 'an object of hyperparameter name → factors(…) or deltas(…)'),
  o('rewardMetric', '"auto"', 'one of "auto", "val_loss", "loss", "hypergradient"'),
  o('targetCos', '{ start: -0.3, end: 0.1 }', 'absent unless rewardMetric is "hypergradient"', 'then a number in (−1, 1) or { start, end } of such numbers'),
  o('rewardScale', '0.2', 'a finite number > 0'),
  o('rewardHorizon', rewardHorizon, 'an integer ≥ 1 and ≤ 100'),
  o('reward', 'log-ratio improvement of the reference loss ÷ rewardScale, clipped to [−1, 1]', 'a function ({ metric, previous, current }) => number'),
  o('explosionFactor', 'off', 'a finite number > 1'),
  o('divergencePenalty', '1', 'a finite number ≥ 0'),
  o('rollback', '{ factor: 0.5, params: ["lr"] }', 'an options object'),
  o('ceilingFactor', 'rollback.factor', 'a finite number > 0 and ≤ 1'),
  o('prior', '"none"', '"none" or "hypergradient"'),
  o('seed', "the spec's seed", 'a number or a string'),
  o('features', 'bias, position:<param>…, grad_cos, loss_trend, plateau, budget_used', 'a non-empty array of state feature names'),
  o('state', '{ horizon: 100, plateauScale: 10, cosineGain: 4 }', 'an options object'),
  o('onEvent', 'none', 'a function'),
];

/** The options a spec may give each built-in plugin, by plugin name. */
export const BUILTIN_PLUGIN_OPTIONS: Readonly<Record<string, readonly PluginOption[]>> = {
  'inherit-marks': [
    o('k', '4', 'an integer ≥ 1'),
    o('fraction', '0.5', 'a finite number ≥ 0 and ≤ 1'),
    o('minScore', '0.05', 'a finite number ≥ 0 and ≤ 1', 'marks scoring below it are not used'),
    o('amount', '0.2', 'a finite number > 0 and ≤ 1'),
  ],
  pbt: [
    o('params', 'every hyperparameter of the space', PARAMS_OR_NONE, 'an exploit copies the weights and these values only'),
    o('every', "{ steps: the spec's evaluateEvery }", 'an object with one of steps, epochs or seconds'),
    priority,
    o('burnIn', '0', 'a finite number ≥ 0'),
    o('mode', '"async"', '"async" or "sync"'),
    o('quantile', '0.25', 'a number in (0, 0.5] (the bottom and top fractions must not overlap)'),
    o('resampleProbability', '0.25', 'a finite number ≥ 0 and ≤ 1'),
    o('factors', '[0.8, 1.2]', 'a non-empty array of finite numbers > 0'),
    o('explore', 'true', 'true, false or a function'),
    o('exploit', 'true', 'true, false or a function'),
    o('exploreAll', 'true', 'true or false', "every ready trial explores (the paper's variant); false: only the bottom quantile"),
    o('log', 'console.warn', 'a function (message) => void'),
  ],
  asha: [
    o('time', '"steps"', '"steps" or "epochs"'),
    o('gracePeriod', "the spec's evaluateEvery", 'a finite number > 0'),
    o('reductionFactor', '3', 'a finite number > 0'),
    o('maxT', "the spec's budget.steps, else unbounded", 'a finite number > 0'),
  ],
  'median-stopping': [o('time', '"steps"', '"steps" or "epochs"'), o('gracePeriod', "the spec's evaluateEvery", 'a finite number ≥ 0'), o('minSamples', '3', 'an integer ≥ 1')],
  cmaes: [
    o('params', 'every float and int of the space', PARAMS, 'numeric ones only'),
    priority,
    o('x0', 'the centre of each axis (of the unit cube)', 'an object of hyperparameter name → a value in its range'),
    o('sigma0', '0.3', 'a finite number > 0'),
    o('populationSize', '4 + ⌊3 ln n⌋ for n hyperparameters', 'an integer ≥ 2'),
    o('restarts', '9', 'an integer ≥ 0'),
  ],
  ga: [
    o('params', 'every hyperparameter of the space', PARAMS_OR_NONE, 'at least one'),
    priority,
    o('populationSize', '16', 'an integer ≥ 2'),
    o('tournamentSize', '3', 'an integer ≥ 1'),
    o('crossoverProbability', '0.9', 'a finite number ≥ 0 and ≤ 1'),
    o('mutationProbability', 'max(0.1, 1 / number of params)', 'a finite number ≥ 0 and ≤ 1'),
    o('resampleProbability', '0.25', 'a finite number ≥ 0 and ≤ 1'),
  ],
  'gp-bo': [
    o('params', 'every hyperparameter of the space', PARAMS),
    priority,
    o('inherit', '0', 'an integer ≥ 0'),
    o('initial', 'max(5, dimensions + 1)', 'an integer ≥ 1'),
    o('acquisition', '"logEI"', '"logEI" or "ucb"'),
    o('beta', '4', 'a finite number ≥ 0'),
    o('rawSamples', '1024 (512 over 200 points)', 'an integer ≥ 1'),
    o('restarts', '10 (5 over 200 points)', 'an integer ≥ 1'),
    o('gpRestarts', '2 up to 100 points, then 1 (0 with fixed GP hyperparameters)', 'an integer ≥ 0'),
    o('maxFitPoints', '100', 'an integer ≥ 2'),
    o('prior', '[]', 'an array of { config, value } observations'),
  ],
  pb2: [
    o('params', 'every numeric hyperparameter of the space', PARAMS, 'numeric ones only; an exploit copies the weights and these values only'),
    o('every', "{ steps: the spec's evaluateEvery }", 'an object { steps: n }'),
    priority,
    o('burnIn', '0', 'a finite number ≥ 0'),
    o('quantile', '0.25', 'a finite number > 0 and ≤ 0.5'),
    o('dataWindow', '200', 'an integer ≥ 2'),
    o('kappa', 'the GP-UCB schedule √(c₁ + ln(c₂ n))', 'a finite number ≥ 0'),
    o('acquisitionStarts', '10', 'an integer ≥ 1'),
  ],
  hypergradient: [
    o('params', '"lr"', PARAMS, 'exactly one'),
    o('rule', '"multiplicative"', '"multiplicative" or "additive"'),
    o('beta', '0.1 (multiplicative), 0.001 (additive)', 'a finite number > 0 and ≤ 0.999'),
    o('maxFactor', '2', 'a finite number ≥ 1'),
    o('rollbackFactor', '0.5', 'a finite number > 0 and ≤ 1'),
    o('ceilingFactor', 'rollbackFactor', 'a finite number > 0 and ≤ 1'),
    o('targetCos', '0', 'a finite number > -1 and < 1', 'or { start, end } of such numbers, moving with budget used'),
    o('horizon', '"step"', '"step" or "slice"'),
    o('explosionFactor', 'off', 'a finite number > 1'),
    o('noiseScaled', 'true', 'true or false', 'the target cosine times min(1, grad_signal ÷ signalReference)'),
    o('signalReference', '0.2', 'a finite number > 0 and ≤ 1'),
    o('validationBrake', '0.01', 'a finite number ≥ 0 and < 1, or false', 'an evaluation this fraction below the best sends the rate back to the rate at the best'),
  ],
  bandit: [
    ...controllerOptions('3'),
    o('algorithm', '"linucb"', '"linucb" or "thompson"'),
    o('exploration', '0.5 (linucb), 0.3 (thompson)', 'a finite number ≥ 0'),
    o('ridge', '1', 'a finite number > 0'),
  ],
  'policy-gradient': [
    ...controllerOptions('1'),
    o('hidden', '16', 'an integer ≥ 0 and ≤ 256'),
    o('actorRate', '0.1', 'a finite number > 0'),
    o('criticRate', '0.05', 'a finite number > 0'),
    o('discount', '0.9', 'a finite number ≥ 0 and ≤ 1'),
    o('entropy', '0.01', 'a finite number ≥ 0'),
    o('initSeed', '0', 'a finite number or a string'),
  ],
  plateau: [
    o('params', '"lr"', PARAMS),
    o('monitor', '"val_loss"', 'a non-empty string'),
    o('mode', '"min"', '"min" or "max"'),
    o('patience', '3', 'an integer ≥ 1'),
    o('factor', '0.5', 'a finite number > 0', 'other than 1'),
    o('minDelta', '0.001', 'a finite number ≥ 0'),
    o('cooldown', '0', 'an integer ≥ 0'),
  ],
  growth: [
    o('params', 'every width hyperparameter of the space', PARAMS, 'width or int ones, and "dropout"'),
    o('every', '{ evals: 1 }', 'an object { evals: n }'),
    priority,
    o('patience', '2', 'an integer ≥ 1'),
    o('minDelta', '0.01', 'a finite number ≥ 0'),
    o('maxGap', '0.1', 'a finite number ≥ 0', 'underfitting needs val_loss ÷ training loss − 1 at most this'),
    o('minOverfitGap', '0.1', 'a finite number ≥ 0', 'overfitting needs val_loss ÷ training loss − 1 at least this, and growing'),
    o('overfitPatience', 'patience', 'an integer ≥ 1'),
    o('overfitMinDelta', 'minDelta', 'a finite number ≥ 0'),
    o('growFactor', '2', 'a finite number > 1'),
    o('shrinkFactor', '0.5', 'a finite number > 0 and < 1'),
    o('maxShrinks', 'unlimited', 'an integer ≥ 0', 'shrinks a trial at most this many times (a gradual shrink counts once)'),
    o('shrinkSteps', '1', 'an integer ≥ 1', 'a shrink reaches its target in this many cuts, one per evaluation'),
    o('dropoutStep', '0.1', 'a finite number > 0'),
    o('cooldown', '2', 'an integer ≥ 0'),
  ],
  divergence: [o('params', '"lr"', PARAMS), o('factor', '0.5', 'a finite number > 0 and ≤ 0.999999'), o('maxRollbacks', 'unlimited', 'an integer ≥ 1')],
};
