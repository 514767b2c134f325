/**
 * A small real experiment for the e2e: generated spirals, a 16-unit MLP, four trials regulated at
 * three levels (marks inherited, PBT, hypergradient) for long enough (a few seconds here) to be
 * watched live.
 */
export function e2eSpec(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    seed: 5,
    dataset: { name: 'spirals', samples: 600, validation: 200 },
    model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
    space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true }, batch_size: { kind: 'int', min: 16, max: 64 } },
    population: 4,
    budget: { steps: 1200 },
    evaluateEvery: 40,
    signalEvery: 10,
    regulators: { lineage: [{ use: 'inherit-marks' }], population: [{ use: 'pbt', options: { quantile: 0.5 } }], step: [{ use: 'hypergradient' }] },
    ...overrides,
  };
}
