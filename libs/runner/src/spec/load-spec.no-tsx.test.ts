import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadSpec } from './load-spec';

// tsx is an optional peer: without it a TypeScript spec is refused with the way out.
vi.mock('tsx/esm/api', () => {
  throw new Error("Cannot find package 'tsx'");
});

const dir = mkdtempSync(join(tmpdir(), 'load-spec-no-tsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSpec without tsx', () => {
  it('names tsx when a .ts spec cannot be loaded, and still reads JSON', async () => {
    writeFileSync(join(dir, 'spec.ts'), 'export default { name: "x" };');
    await expect(loadSpec(join(dir, 'spec.ts'))).rejects.toThrow(
      /spec.ts is TypeScript, which needs the optional peer dependency tsx \(npm install tsx\), or write the spec as .json or .js/,
    );
    writeFileSync(join(dir, 'spec.json'), '{ "name": "x" }');
    expect((await loadSpec(join(dir, 'spec.json'))).spec).toEqual({ name: 'x' });
  });
});
