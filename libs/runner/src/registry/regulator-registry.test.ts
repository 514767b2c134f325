import { float, invalidArgument, type Regulator } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { buildRegulators, createRegistry, type RegulatorPlugin } from './regulator-registry';

const space = { lr: float(1e-4, 1, { log: true }) };
const env = { space, population: 2, seed: 0, stepsPerTrial: 100, evaluateEvery: 10, objective: { metric: 'val_loss', mode: 'min' as const } };
const halver: RegulatorPlugin = {
  levels: ['epoch', 'step'],
  description: 'halves lr',
  create(options, e): Regulator {
    const factor = options.factor ?? 0.5;
    if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) throw invalidArgument('factor', factor, 'a number in (0, 1)');
    return { specificationVersion: 'v1', name: e.name, level: e.level, controls: ['lr'], regulate: () => ({ factor: { lr: factor }, reason: 'halve' }) };
  },
};

describe('regulator registry', () => {
  it('refuses duplicates and lists known names for unknown ones', () => {
    const r = createRegistry({ halver });
    expect(() => r.register('halver', halver)).toThrow('a regulator plugin named "halver" is already registered');
    expect(() => r.resolve('pbtt')).toThrow('unknown regulator "pbtt"; known: halver');
    expect(r.names()).toEqual(['halver']);
  });

  it("keeps a plugin's options listing and refuses a malformed one", () => {
    const listed = { ...halver, options: [{ name: 'factor', default: '0.5', allowed: 'a number in (0, 1)' }] };
    expect(createRegistry({ listed }).resolve('listed').options).toEqual(listed.options);
    expect(() => createRegistry({ bad: { ...halver, options: [{ name: 'factor', default: 0.5 }] } as never })).toThrow(
      /^plugins\.bad\.options must be an array of \{ name, default, allowed, note\? \} strings; got /,
    );
  });

  it('builds regulators by level, naming the spec path in errors', () => {
    const r = createRegistry({ halver });
    const regs = buildRegulators({ step: [{ use: 'halver' }], epoch: [{ use: 'halver', name: 'slow', options: { factor: 0.9 } }] }, r, env);
    expect(regs.map((x) => [x.name, x.level])).toEqual([
      ['slow', 'epoch'],
      ['halver', 'step'],
    ]);
    expect(() => buildRegulators({ population: [{ use: 'halver' }] }, r, env)).toThrow(
      /spec.regulators.population\[0\].use must be a plugin of level "population"; "halver" acts at epoch, step/,
    );
    expect(() => buildRegulators({ step: [{ use: 'halver', options: { factor: 2 } }] }, r, env)).toThrow(
      'spec.regulators.step[0].options.factor must be a number in (0, 1); got 2',
    );
    expect(() => buildRegulators({ step: [{ use: 'nope' }] }, r, env)).toThrow(/spec.regulators.step\[0\].use: unknown regulator "nope"; known: halver/);
  });
});
