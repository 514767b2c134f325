/** A small spec that trains in seconds on generated data: where the form and the JSON editor start. */
export const EXAMPLE_SPEC = {
  name: 'spirals-pbt',
  seed: 1,
  dataset: { name: 'spirals', samples: 600, validation: 200 },
  model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true }, batch_size: { kind: 'int', min: 16, max: 64 } },
  population: 2,
  budget: { steps: 400 },
  evaluateEvery: 40,
  signalEvery: 10,
  regulators: { population: [{ use: 'pbt', options: { quantile: 0.5 } }], step: [{ use: 'hypergradient' }] },
};
