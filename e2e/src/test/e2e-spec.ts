import { tinySpec } from '@epigenome/runner/testing';

/**
 * A small real experiment for the e2e: the workspace's tiny spec (generated spirals, a 16-unit MLP,
 * regulated at three levels: marks inherited, PBT, hypergradient) with four trials, long enough (a
 * few seconds here) to be watched live.
 */
export function e2eSpec(name: string, overrides: Record<string, unknown> = {}) {
  return tinySpec({ name, seed: 5, population: 4, budget: { steps: 1200 }, ...overrides });
}
