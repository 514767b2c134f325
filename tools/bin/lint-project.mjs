#!/usr/bin/env node
// Every project's `lint` target: the layer/boundary rules, ESLint (typescript-eslint) and the
// Prettier format check, on the project's own files. Exits non-zero when any of them fails.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkProject, findWorkspaceRoot } from '../src/boundaries/check-boundaries.mjs';

const dir = resolve(process.argv[2] ?? '.');
const root = findWorkspaceRoot(dir);
let failed = false;

const errors = checkProject(root, dir);
if (errors.length > 0) {
  console.error(`boundary check failed (${errors.length}):\n  ${errors.join('\n  ')}`);
  failed = true;
} else console.log('boundary check passed');

const run = (bin, args) => spawnSync(process.execPath, [resolve(root, 'node_modules', bin), ...args], { cwd: root, stdio: 'inherit' }).status === 0;
if (!run('eslint/bin/eslint.js', ['--max-warnings=0', dir])) failed = true;
else console.log('eslint passed');
if (!run('prettier/bin/prettier.cjs', ['--check', '--log-level=warn', dir])) failed = true;
else console.log('prettier check passed');
process.exit(failed ? 1 : 0);
