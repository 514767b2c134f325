import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '@epigenome/runner';
import { cli } from './test/cli-process';

const exampleSpec = '../../examples/custom-regulator/spec.ts';

describe('epigenome regulators', () => {
  it('--json lists every built-in plugin with the levels, description and options of the registry', () => {
    const r = cli(['regulators', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout) as { name: string; source: string; levels: string[]; description: string; options: { name: string }[] }[];
    const builtins = builtinPlugins();
    expect(listed.map((p) => p.name)).toEqual(Object.keys(builtins).sort());
    for (const p of listed) {
      const b = builtins[p.name];
      expect(p).toEqual({ name: p.name, source: 'builtin', levels: b?.levels, description: b?.description, options: b?.options });
    }
    expect(listed.find((p) => p.name === 'pbt')?.options).toContainEqual({
      name: 'quantile',
      default: '0.25',
      allowed: 'a number in (0, 0.5] (the bottom and top fractions must not overlap)',
    });
  });

  it('prints a table per plugin without --json', () => {
    const r = cli(['regulators']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hypergradient \(step\) — hypergradient descent on the learning rate/m);
    expect(r.stdout).toMatch(/^ {2}beta +0\.1 \(multiplicative\), 0\.001 \(additive\) +a finite number > 0 and ≤ 0\.999$/m);
  });

  it("--spec adds a spec module's plugins, marked with their source", () => {
    const r = cli(['regulators', '--spec', exampleSpec, '--json']);
    expect(r.stderr).toBe('');
    const listed = JSON.parse(r.stdout) as { name: string; source: string; levels: string[]; options: { name: string }[] }[];
    expect(listed).toHaveLength(Object.keys(builtinPlugins()).length + 1);
    const own = listed.find((p) => p.name === 'cool-down');
    expect(own).toMatchObject({ source: exampleSpec, levels: ['epoch'] });
    expect(own?.options.map((o) => o.name)).toEqual(['params', 'patience', 'factor']);
  });

  it('refuses a spec file that cannot be read, on one line', () => {
    const r = cli(['regulators', '--spec', 'no-such-spec.ts']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: spec file no-such-spec.ts cannot be read: /);
  });
});
