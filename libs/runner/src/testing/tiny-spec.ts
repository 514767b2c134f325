/**
 * A small, fast experiment spec on generated data, shared by the workspace's tests that run real
 * experiments (runner, api, server, CLI, e2e): 600 spirals samples (200 held out), a 16-unit tanh
 * MLP, two trials of 400 steps (an evaluation every 40, a signal every 10), seed 11, regulated at
 * three levels: marks inherited, PBT (quantile 0.5), hypergradient. `overrides` replace top-level
 * fields whole (shallow).
 */
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
      lineage: [{ use: 'inherit-marks' }],
      population: [{ use: 'pbt', options: { quantile: 0.5 } }],
      step: [{ use: 'hypergradient' }],
    } as Record<string, unknown>,
    ...overrides,
  };
}
