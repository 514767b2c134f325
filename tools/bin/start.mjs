#!/usr/bin/env node
// `npm start`: runs the main job. Until the runner lands this prints the workspace's projects and
// the TensorFlow.js backend that would be used (nothing simulated).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const has = (name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};
const projects = execFileSync('npx', ['nx', 'show', 'projects'], { encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
console.log(`Epigenome workspace projects:\n${projects.trim().split('\n').sort().map((p) => `  ${p}`).join('\n')}`);
const backend = process.env.EPIGENOME_BACKEND ?? (has('@tensorflow/tfjs-node') ? 'tensorflow (tfjs-node)' : has('@tensorflow/tfjs-backend-wasm') ? 'wasm' : 'cpu');
console.log(`TensorFlow.js backend: ${backend}`);
