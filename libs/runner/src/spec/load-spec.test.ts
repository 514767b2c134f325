import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registryWith } from '../run-spec';
import { loadSpec } from './load-spec';

const dir = mkdtempSync(join(tmpdir(), 'load-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSpec', () => {
  it('reads JSON specs and names unreadable or invalid files', async () => {
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ name: 'a' }));
    expect((await loadSpec(join(dir, 'a.json'))).spec).toEqual({ name: 'a' });
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(loadSpec(join(dir, 'bad.json'))).rejects.toThrow(/is not valid JSON/);
    await expect(loadSpec(join(dir, 'missing.json'))).rejects.toThrow(/cannot be read/);
    await expect(loadSpec(join(dir, 'spec.yaml'))).rejects.toThrow(/spec must be a .json, .js, .mjs or .ts file/);
  });

  it('refuses a file over 1 MB before reading it, naming the limit', async () => {
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ name: 'big', dataset: { junk: 'x'.repeat(1_000_001) } }));
    await expect(loadSpec(join(dir, 'big.json'))).rejects.toThrow(/big.json is 1,000,0\d\d bytes; a spec may be at most 1 MB \(1,000,000 bytes\)/);
    writeFileSync(join(dir, 'big.mjs'), `export default ${JSON.stringify({ junk: 'x'.repeat(1_000_001) })};`);
    await expect(loadSpec(join(dir, 'big.mjs'))).rejects.toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  it('loads a TypeScript module with its own plugin, which the registry then resolves', async () => {
    writeFileSync(
      join(dir, 'custom.ts'),
      `import type { Regulator } from '@epigenome/core';
const coolDown = (factor: number): Regulator => ({ specificationVersion: 'v1', name: 'cool-down', level: 'epoch', controls: ['lr'],
  regulate: (s) => ((s.features.plateau ?? 0) > 2 ? { factor: { lr: factor }, reason: 'plateau' } : undefined) });
export const plugins = { 'cool-down': { levels: ['epoch'], description: 'halve lr on plateau', create: (o: { factor?: number }) => coolDown(o.factor ?? 0.5) } };
export default { name: 'custom', regulators: { epoch: [{ use: 'cool-down', options: { factor: 0.3 } }] } };
`,
    );
    const loaded = await loadSpec(join(dir, 'custom.ts'));
    expect((loaded.spec as { name: string }).name).toBe('custom');
    const registry = registryWith(loaded.plugins);
    expect(registry.names()).toContain('cool-down');
    expect(registry.names()).toContain('pbt');
    expect(() => registryWith({ pbt: loaded.plugins['cool-down'] as never })).toThrow('a regulator plugin named "pbt" is already registered');
  });
});
