import { createAsha, createCmaEs, createGeneticAlgorithm, createMedianStopping, createPbt } from '@epigenome/regulators-evolutionary';
import { checkOptions, numericParams } from '@epigenome/core';
import { createGpBo, createPb2 } from '@epigenome/regulators-bayesian';
import { createBandit, createDivergenceReflex, createGrowthReflex, createHypergradient, createPlateauReflex, createPolicyGradient } from '@epigenome/regulators-rl';
import { inheritMarks } from '../lineage/inherit-marks';
import { BUILTIN_PLUGIN_OPTIONS } from './builtin-plugin-options';
import type { RegulatorPlugin } from './regulator-registry';

type Options = Readonly<Record<string, unknown>>;

/**
 * The built-in regulator plugins, by the names a spec uses. Options are passed through to each
 * library's factory (see its README); the runner adds `name`, `space` and, where relevant, the
 * population size. Each plugin's `options` lists what a spec may set (`epigenome regulators`).
 */
export function builtinPlugins(): Record<string, RegulatorPlugin> {
  const plugins: Record<string, Omit<RegulatorPlugin, 'options'>> = {
    'inherit-marks': {
      levels: ['lineage'],
      description: 'memory inheritance: start part of the population from marks of similar contexts',
      // inheritMarks takes any keys; a spec's typo must not pass silently
      create: (o: Options, env) => inheritMarks({ ...checkOptions('options', o, optionNames('inherit-marks')), name: env.name }),
    },
    pbt: {
      levels: ['population'],
      description: 'population-based training (Jaderberg et al. 2017): exploit the top, explore by perturbation',
      create: (o: Options, env) => createPbt({ every: { steps: env.evaluateEvery }, ...o, name: env.name, space: env.space, population: env.population }),
    },
    asha: {
      levels: ['population'],
      description: 'asynchronous successive halving (Li et al. 2020): stop trials below their rung',
      create: (o: Options, env) => createAsha({ gracePeriod: env.evaluateEvery, ...(env.stepsPerTrial ? { maxT: env.stepsPerTrial } : {}), ...o, name: env.name }),
    },
    'median-stopping': {
      levels: ['population'],
      description: 'median stopping rule (Golovin et al. 2017): stop trials below the running median',
      create: (o: Options, env) => createMedianStopping({ gracePeriod: env.evaluateEvery, ...o, name: env.name }),
    },
    cmaes: {
      levels: ['population'],
      description: 'CMA-ES (Hansen 2016) proposing configurations for new trials',
      create: (o: Options, env) => createCmaEs({ ...o, name: env.name, space: env.space }),
    },
    ga: {
      levels: ['population'],
      description: 'genetic algorithm for mixed and categorical spaces, proposing new trials',
      create: (o: Options, env) => createGeneticAlgorithm({ ...o, name: env.name, space: env.space }),
    },
    'gp-bo': {
      levels: ['population'],
      description: 'Gaussian-process Bayesian optimisation (LogEI) proposing configurations for new trials',
      create: (o: Options, env) => createGpBo({ params: Object.keys(env.space), ...o, name: env.name }),
    },
    pb2: {
      levels: ['population'],
      description: 'population-based bandits (Parker-Holder et al. 2020): PBT exploit, GP-UCB explore',
      create: (o: Options, env) => createPb2({ params: numericParams(env.space), every: { steps: env.evaluateEvery }, ...o, name: env.name }),
    },
    hypergradient: {
      levels: ['step'],
      description: 'hypergradient descent on the learning rate (Baydin et al. 2018)',
      create: (o: Options, env) => createHypergradient({ ...o, name: env.name }),
    },
    bandit: {
      levels: ['step', 'epoch'],
      description: 'contextual bandit (LinUCB or linear Thompson sampling) choosing hyperparameter actions',
      create: (o: Options, env) => createBandit({ seed: env.seed, ...(env.level === 'epoch' ? { every: { evals: 1 as const } } : {}), ...o, name: env.name }),
    },
    'policy-gradient': {
      levels: ['step', 'epoch'],
      description: 'actor-critic controller choosing hyperparameter actions, learning across trials',
      create: (o: Options, env) => createPolicyGradient({ seed: env.seed, ...(env.level === 'epoch' ? { every: { evals: 1 as const } } : {}), ...o, name: env.name }),
    },
    plateau: {
      levels: ['epoch', 'step'],
      description: 'reduce the learning rate when a monitored loss plateaus (validation loss by default)',
      create: (o: Options, env) => createPlateauReflex({ ...o, level: env.level as 'step' | 'epoch', name: env.name }),
    },
    growth: {
      levels: ['epoch'],
      description: 'grow layer widths on underfitting (training plateau, small gap); shrink or raise dropout on overfitting',
      create: (o: Options, env) => createGrowthReflex({ ...o, name: env.name }),
    },
    divergence: {
      levels: ['step', 'epoch'],
      description: 'roll back (halve the learning rate) on divergence; stop after repeated rollbacks',
      create: (o: Options, env) => createDivergenceReflex({ ...o, level: env.level as 'step' | 'epoch', name: env.name }),
    },
  };
  return Object.fromEntries(Object.entries(plugins).map(([name, plugin]) => [name, { ...plugin, options: BUILTIN_PLUGIN_OPTIONS[name] ?? [] }]));
}

const optionNames = (plugin: string): string[] => (BUILTIN_PLUGIN_OPTIONS[plugin] ?? []).map((option) => option.name);
