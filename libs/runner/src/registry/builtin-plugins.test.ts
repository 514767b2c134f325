import { float, int } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from './builtin-plugins';
import type { PluginEnv, RegulatorPlugin } from './regulator-registry';

const space = { lr: float(1e-4, 1, { log: true }), dropout: float(0, 0.5), batch_size: int(16, 64) };
const base = { space, population: 4, seed: 0, stepsPerTrial: 400, evaluateEvery: 40, objective: { metric: 'val_loss', mode: 'min' as const } };
const envOf = (name: string, plugin: RegulatorPlugin): PluginEnv => ({ ...base, name, level: plugin.levels[0] as PluginEnv['level'] });

// Keys a factory knows that a spec cannot set: the runner passes its own values over them.
const FILLED_BY_RUNNER = ['name', 'space', 'population', 'level'];
// Options whose factory takes any value -1.5 (no refusal to compare `allowed` with), or whose
// refusal of -1.5 is not a range check (controller `features` throws a TypeError before its check).
const NOT_PROBED: Record<string, readonly string[]> = {
  'inherit-marks': ['minScore'],
  pbt: ['exploit', 'log', 'priority'],
  cmaes: ['x0', 'priority'],
  ga: ['priority'],
  growth: ['priority'],
  'gp-bo': ['prior', 'priority'],
  pb2: ['priority'],
  bandit: ['seed', 'features', 'priority'],
  'policy-gradient': ['seed', 'features', 'initSeed', 'priority'],
};

const plugins = Object.entries(builtinPlugins());
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The keys a factory knows, read from its refusal of an unknown one. */
function knownKeys(name: string, plugin: RegulatorPlugin): string[] {
  try {
    plugin.create({ zzzq: 1 }, envOf(name, plugin));
  } catch (error) {
    const known = /\(known: ([^)]*)\)/.exec((error as Error).message)?.[1];
    if (known) return known.split(', ');
  }
  throw new Error(`${name} did not refuse the unknown option zzzq`);
}

describe('builtin plugins: the options listing', () => {
  it('describes every built-in plugin, with options', () => {
    expect(plugins.map(([name]) => name).sort()).toEqual([
      'asha',
      'bandit',
      'cmaes',
      'divergence',
      'ga',
      'gp-bo',
      'growth',
      'hypergradient',
      'inherit-marks',
      'median-stopping',
      'pb2',
      'pbt',
      'plateau',
      'policy-gradient',
    ]);
    for (const [name, plugin] of plugins) expect(plugin.options?.length ?? 0, name).toBeGreaterThan(0);
  });

  it.each(plugins)('%s: lists exactly the keys its factory knows, less those the runner fills', (name, plugin) => {
    const listed = (plugin.options ?? []).map((o) => o.name).sort();
    expect(listed).toEqual(knownKeys(name, plugin).filter((k) => !FILLED_BY_RUNNER.includes(k)));
  });

  it.each(plugins)('%s: the factory refuses each option out of range with the listed `allowed`', (name, plugin) => {
    for (const option of plugin.options ?? []) {
      if (NOT_PROBED[name]?.includes(option.name)) continue;
      expect(() => plugin.create({ [option.name]: -1.5 }, envOf(name, plugin)), `${name}.${option.name}`).toThrow(
        new RegExp(`options\\.${escape(option.name)} must be ${escape(option.allowed)}; got -1\\.5$`),
      );
    }
  });

  it.each(plugins)('%s: each listed option is accepted at a valid value, a misspelt one refused with the right suggestion', (name, plugin) => {
    for (const option of plugin.options ?? []) {
      // the key passes the factory's unknown-key check (any refusal is then about its value)
      let message = '';
      try {
        plugin.create({ [option.name]: -1.5 }, envOf(name, plugin));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, `${name}.${option.name}`).not.toMatch(/is not an option/);
      expect(() => plugin.create({ [`${option.name}x`]: 1 }, envOf(name, plugin))).toThrow(`options.${option.name}x is not an option; did you mean "${option.name}"?`);
    }
  });

  it('accepts the listed example values of a few options and builds the regulator', () => {
    const all = builtinPlugins();
    const build = (name: string, options: Record<string, unknown>) => all[name]?.create(options, envOf(name, all[name] as RegulatorPlugin));
    expect(build('inherit-marks', { k: 2, fraction: 0.25, minScore: 0.1, amount: 0.5 })?.name).toBe('inherit-marks');
    expect(build('pbt', { quantile: 0.5, burnIn: 10, mode: 'sync' })?.level).toBe('population');
    expect(build('plateau', { patience: 2, factor: 0.3 })?.controls).toEqual(['lr']);
    expect(() => build('inherit-marks', { fracton: 0.5 })).toThrow('options.fracton is not an option; did you mean "fraction"? (known: amount, fraction, k, minScore)');
  });
});
