#!/usr/bin/env node
// `npm start` (after the build): the whole product on the embedded store in .epigenome/db — the
// API server and the dashboard on 127.0.0.1, the quickstart experiment (examples/quickstart.json:
// MNIST, an MLP, PBT + hypergradient + memory inheritance) started through the API and followed on
// screen; Ctrl-C stops everything, the experiment stays resumable. See tools/src/start/run-start.mjs.
// Headless: `npx epigenome run examples/quickstart.json`.
import { fileURLToPath } from 'node:url';
import { runStart } from '../src/start/run-start.mjs';

process.exit(await runStart({ root: fileURLToPath(new URL('../..', import.meta.url)) }));
