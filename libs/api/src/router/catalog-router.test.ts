import { checkSpec } from '@epigenome/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tinySpec, type Harness } from '../test/router-harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
}, 240_000);
afterAll(async () => h?.close());

describe('catalog.spec', () => {
  it('lists the datasets and model kinds of the spec schema, with the keys each accepts', async () => {
    const c = await h.caller.catalog.spec();
    expect(c.datasets.map((d) => d.name)).toEqual(['mnist', 'iris', 'spirals', 'drifting']);
    expect(c.datasets.find((d) => d.name === 'spirals')!.options).toEqual(['samples', 'validation', 'noise', 'turns', 'seed']);
    expect(c.models).toEqual([
      { name: 'mlp', options: ['hidden', 'activation', 'dropout'] },
      { name: 'cnn', options: ['filters', 'kernelSize', 'pool', 'dense', 'activation', 'dropout'] },
    ]);
    expect(c.levels).toEqual(['lineage', 'population', 'epoch', 'step']);
    // each listed dataset is one checkSpec accepts (mnist is large: its options keep the check small)
    for (const d of c.datasets.filter((x) => x.name !== 'mnist')) expect(() => checkSpec(tinySpec({ dataset: { name: d.name } }))).not.toThrow();
  });

  it('lists every built-in regulator with its levels and options, each usable by a spec at its levels', async () => {
    const { regulators } = await h.caller.catalog.spec();
    expect(regulators.map((r) => r.name)).toEqual(expect.arrayContaining(['inherit-marks', 'pbt', 'pb2', 'hypergradient', 'bandit', 'asha']));
    const pbt = regulators.find((r) => r.name === 'pbt')!;
    expect(pbt.levels).toEqual(['population']);
    expect(pbt.options.find((o) => o.name === 'quantile')).toMatchObject({ default: '0.25' });
    // the growth reflex acts on layer widths only: its spec gives the hidden layer's width a range
    const withWidth = { space: { ...tinySpec().space, 'width.0': { kind: 'width', min: 4, max: 64 } } };
    for (const r of regulators) {
      for (const level of r.levels) {
        const spec = tinySpec({ ...(r.name === 'growth' ? withWidth : {}), regulators: { [level]: [{ use: r.name }] } });
        expect(() => checkSpec(spec), `${r.name} at ${level}`).not.toThrow();
      }
    }
  });

  it('an unknown plugin is refused by experiments.start naming the catalog’s names', async () => {
    const { regulators } = await h.caller.catalog.spec();
    const error = await h.caller.experiments.start({ spec: tinySpec({ regulators: { step: [{ use: 'no-such' }] } }) }).catch((e: Error) => e);
    expect(String((error as Error).message)).toContain(regulators.find((r) => r.levels.includes('step'))!.name);
  });
});
