#!/usr/bin/env node
// Checks the published shape of one library: publint --strict and attw --pack must both pass,
// and the packed tarball must hold no test files.
import { execFileSync } from 'node:child_process';
import { delimiter, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = resolve(process.argv[2] ?? '.');
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin');
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };
const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
let failed = false;
for (const [label, cmd, args] of [
  ['publint --strict', 'publint', ['--strict']],
  ['attw --pack', 'attw', ['--pack', '.', '--format', 'table-flipped']],
]) {
  try {
    const out = run(cmd, args);
    console.log(`${label}: passed\n${out.trim()}`);
  } catch (error) {
    failed = true;
    console.error(`${label}: FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}
const files = JSON.parse(run('npm', ['pack', '--dry-run', '--json']))[0].files.map((f) => f.path);
const tests = files.filter((f) => /\.test(-d)?\.|\/test-results\//.test(f));
if (tests.length > 0) {
  failed = true;
  console.error(`npm pack: FAILED, tests in the tarball: ${tests.join(', ')}`);
} else console.log(`npm pack: ${files.length} files, no tests`);
process.exit(failed ? 1 : 0);
