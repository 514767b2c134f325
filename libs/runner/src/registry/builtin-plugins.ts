import { createAsha, createCmaEs, createGeneticAlgorithm, createMedianStopping, createPbt } from '@epigenome/regulators-evolutionary';
import { inheritMarks } from '../lineage/inherit-marks';
import type { RegulatorPlugin } from './regulator-registry';

type Options = Readonly<Record<string, unknown>>;

/**
 * The built-in regulator plugins, by the names a spec uses. Options are passed through to each
 * library's factory (see its README); the runner adds `name`, `space` and, where relevant, the
 * population size.
 */
export function builtinPlugins(): Record<string, RegulatorPlugin> {
  return {
    'inherit-marks': {
      levels: ['lineage'],
      description: 'memory inheritance: start part of the population from marks of similar contexts',
      create: (o: Options, env) => inheritMarks({ ...o, name: env.name }),
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
  };
}
