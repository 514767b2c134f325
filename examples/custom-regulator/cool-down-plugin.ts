import type { RegulatorPlugin } from '@epigenome/runner';
import { createCoolDown } from './cool-down';

/** The registry entry a spec `use`s: levels, a one-line description, the options listing and the factory. */
export const coolDownPlugin: RegulatorPlugin = {
  levels: ['epoch'],
  description: 'multiply lr by `factor` after `patience` evaluations without a better val_loss',
  options: [
    { name: 'params', default: '"lr"', allowed: 'a hyperparameter name or a non-empty array of hyperparameter names' },
    { name: 'patience', default: '2', allowed: 'an integer ≥ 1' },
    { name: 'factor', default: '0.5', allowed: 'a finite number > 0 and < 1' },
  ],
  // the runner passes the instance name (the spec entry's `name`, default the plugin's)
  create: (options, env) => createCoolDown({ ...options, name: env.name }),
};
