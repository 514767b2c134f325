/** A small, fast spec on generated data (as the CLI's tests use), without lineage: runs in one store never influence each other. */
export function tinySpec(overrides: Record<string, unknown> = {}) {
  return {
    name: 'tiny',
    seed: 11,
    dataset: { name: 'spirals', samples: 600, validation: 200 },
    model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
    space: {
      lr: { kind: 'float', min: 0.001, max: 0.1, log: true },
      batch_size: { kind: 'int', min: 16, max: 64 },
    },
    population: 2,
    budget: { steps: 400 },
    evaluateEvery: 40,
    signalEvery: 10,
    regulators: {
      population: [{ use: 'pbt', options: { quantile: 0.5 } }],
      step: [{ use: 'hypergradient' }],
    },
    memory: { inherit: false, writeMarks: false },
    ...overrides,
  };
}
