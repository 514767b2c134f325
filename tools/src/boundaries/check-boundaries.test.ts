import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { checkProject, findWorkspaceRoot, importsOf, loadProjects } from './check-boundaries.mjs';

const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(dir: string, name: string, tag: string, deps: Record<string, string>, files: Record<string, string>) {
  mkdirSync(join(root, dir, 'src'), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name, dependencies: deps, nx: { tags: [tag] } }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(root, dir, 'src', f), text);
}

writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', workspaces: ['libs/*', 'apps/*'], devDependencies: { vitest: '1' } }));
project('libs/core', '@x/core', 'type:core', {}, { 'index.ts': 'export const a = 1;\n', 'bad.ts': "import { readFileSync } from 'node:fs';\n" });
project(
  'libs/reg-a',
  '@x/reg-a',
  'type:plugin',
  { '@x/core': '1', '@x/reg-b': '1' },
  {
    'index.ts': "import { a } from '@x/core';\nimport { b } from '@x/reg-b';\n",
    'index.test.ts': "import { b } from '@x/reg-b';\nimport { it } from 'vitest';\n",
  },
);
project('libs/reg-b', '@x/reg-b', 'type:plugin', { '@x/core': '1' }, { 'index.ts': "export * from '@x/core';\n// import '@x/app'\nimport('lodash');\n" });
project('libs/run', '@x/run', 'type:runner', { '@x/core': '1', '@x/app': '1' }, { 'index.ts': "import type { A } from '@x/app';\nimport { z } from 'zod';\n" });
project('apps/app', '@x/app', 'type:app', { '@x/run': '1' }, { 'main.ts': "import { r } from '@x/run';\nimport fs from 'node:fs';\n" });

project(
  'libs/eng',
  '@x/eng',
  'type:binding',
  { '@x/core': '1', '@x/mem': '1', '@x/run': '1', '@x/reg-b': '1' },
  {
    'index.ts': "import { m } from '@x/mem';\nimport { r } from '@x/run';\nimport { p } from '@x/reg-b';\n",
  },
);
project('libs/mem', '@x/mem', 'type:binding', { '@x/core': '1' }, { 'index.ts': "import { a } from '@x/core';\n" });
project('libs/api', '@x/api', 'type:api', { '@x/run': '1', '@x/srv': '1' }, { 'index.ts': "import { r } from '@x/run';\n" });
project(
  'libs/run2',
  '@x/run2',
  'type:runner',
  { '@x/api': '1', '@x/eng': '1', '@x/reg-b': '1' },
  {
    'index.ts': "import { e } from '@x/eng';\nimport { p } from '@x/reg-b';\nimport { api } from '@x/api';\n",
  },
);

describe('boundary check', () => {
  it('enforces the layers core < bindings, plugins < runner < api < apps: upward and sideways imports fail lint', () => {
    expect(checkProject(root, join(root, 'libs/eng'))).toEqual([
      'libs/eng/src/index.ts: imports "@x/mem" (type:binding); libraries of one layer (type:binding) never import each other',
      'libs/eng/src/index.ts: imports "@x/run" (type:runner); type:binding may import type:core (the layers below it)',
      'libs/eng/src/index.ts: imports "@x/reg-b" (type:plugin); type:binding may import type:core (the layers below it)',
    ]);
    expect(checkProject(root, join(root, 'libs/run2'))).toEqual([
      'libs/run2/src/index.ts: imports "@x/api" (type:api); type:runner may import type:core, type:binding, type:plugin (the layers below it)',
    ]);
    expect(checkProject(root, join(root, 'libs/mem'))).toEqual([]);
    expect(checkProject(root, join(root, 'libs/api'))).toEqual([]);
  });

  it('runs as the lint target: the CLI exits non-zero on a violation', () => {
    const bin = fileURLToPath(new URL('../../bin/check-boundaries.mjs', import.meta.url));
    const bad = spawnSync(process.execPath, [bin, join(root, 'libs/eng')], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('libraries of one layer (type:binding) never import each other');
    expect(spawnSync(process.execPath, [bin, join(root, 'libs/mem')], { encoding: 'utf8' }).status).toBe(0);
  });

  it('fails when core imports anything', () => {
    expect(checkProject(root, join(root, 'libs/core'))).toEqual([`libs/core/src/bad.ts: @epigenome/core imports nothing, but imports "node:fs"`]);
  });

  it('fails when a regulator library imports another (tests excepted)', () => {
    expect(checkProject(root, join(root, 'libs/reg-a'))).toEqual(['libs/reg-a/src/index.ts: imports "@x/reg-b" (type:plugin); regulator libraries never import each other']);
  });

  it('fails on undeclared packages but ignores commented imports', () => {
    expect(checkProject(root, join(root, 'libs/reg-b'))).toEqual([
      `libs/reg-b/src/index.ts: imports "lodash" but @x/reg-b's package.json does not declare "lodash" in dependencies or peerDependencies`,
    ]);
  });

  it('fails when a library imports an app', () => {
    const errors = checkProject(root, join(root, 'libs/run'));
    expect(errors).toContain('libs/run/src/index.ts: a library must not import an app, but imports "@x/app" (type:app)');
    expect(errors).toContainEqual(expect.stringContaining('imports "zod" but @x/run'));
  });

  it('lets apps import libraries and builtins', () => {
    expect(checkProject(root, join(root, 'apps/app'))).toEqual([]);
  });

  it('passes on every project of this workspace', () => {
    const ws = findWorkspaceRoot(process.cwd());
    const { projects } = loadProjects(ws);
    expect(projects.size).toBeGreaterThanOrEqual(13);
    for (const p of projects.values()) expect([p.name, checkProject(ws, p.dir)]).toEqual([p.name, []]);
  });

  it('parses the import forms', () => {
    const text = `import a from 'a';\nimport type { B } from "b";\nexport { c } from 'c';\nimport 'd';\nconst e = await import('e');\nconst f = require("f");\n/* import 'g' */\n`;
    expect(importsOf(text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
