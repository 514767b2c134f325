#!/usr/bin/env node
// `npm test`: builds, typechecks, lints (boundaries), tests and checks the published shape of every
// project through nx (cached), then sums every vitest report into one closing line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const projectDirs = ['libs', 'apps']
  .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d)).map((p) => join(root, d, p)) : []))
  .concat([join(root, 'tools'), join(root, 'e2e')]);
for (const dir of projectDirs) rmSync(join(dir, 'test-results'), { recursive: true, force: true });

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NEXT_TELEMETRY_DISABLED: '1', NX_TUI: 'false' };
const targets = process.env.EPIGENOME_TEST_TARGETS ?? 'build,typecheck,lint,test,integration,check-package,e2e';
const nx = spawnSync('npx', ['nx', 'run-many', '-t', ...targets.split(','), '--parallel=2', '--outputStyle=stream'], { cwd: root, env, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const dir of projectDirs) {
  const results = join(dir, 'test-results');
  if (!existsSync(results)) continue;
  for (const f of readdirSync(results).filter((n) => n.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(results, f), 'utf8'));
    files += report.numTotalTestSuites ? 1 : 0;
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
const ok = nx.status === 0 && failed === 0 && passed > 0;
console.log(`\nEpigenome: ${files} reports; nx ${nx.status === 0 ? 'succeeded' : `failed (exit ${nx.status})`}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
