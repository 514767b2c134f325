// An experiment spec as a TypeScript module: the default export is the spec, `plugins` registers
// regulators by the names the spec `use`s. Run it: npx epigenome run examples/custom-regulator/spec.ts
import { coolDownPlugin } from './cool-down-plugin';

export const plugins = { 'cool-down': coolDownPlugin };

export default {
  name: 'custom-regulator',
  seed: 7,
  dataset: { name: 'spirals', samples: 600, validation: 200 },
  model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.3, log: true } },
  population: 2,
  budget: { steps: 400 },
  evaluateEvery: 40,
  signalEvery: 20,
  regulators: {
    epoch: [{ use: 'cool-down', options: { patience: 1, factor: 0.7 } }],
  },
};
