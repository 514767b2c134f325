#!/usr/bin/env node
// `npm start`: the main job — runs the quickstart experiment (examples/quickstart.json: MNIST, an
// MLP, PBT + hypergradient + memory inheritance) on the embedded store in .epigenome/db, through
// the `epigenome` CLI. Extra arguments go to `epigenome run` (e.g. `npm start -- --json`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = ['apps/cli/bin/epigenome.mjs', 'run', process.env.EPIGENOME_SPEC ?? 'examples/quickstart.json', ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (r.status === 0) console.log('\nNext: `npx epigenome ls`, `npx epigenome show <id>`, `npx epigenome memory ls`; run it again to see marks inherited.');
process.exit(r.status ?? 1);
