import type { Signal } from '@epigenome/core';

/** A step signal of trial `t` at step 10 with lr 0.1, for driving a regulator by hand in tests. */
export const signal = (metrics: Record<string, number>, over: Partial<Signal> = {}): Signal => ({
  experimentId: 'e',
  trialId: 't',
  kind: 'step',
  step: 10,
  epoch: 0,
  metrics,
  features: { diverged: 0 },
  config: { lr: 0.1 },
  ...over,
});
