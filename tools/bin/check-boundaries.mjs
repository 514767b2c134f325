#!/usr/bin/env node
import { checkProject, findWorkspaceRoot } from '../src/boundaries/check-boundaries.mjs';

const dir = process.argv[2] ?? '.';
const errors = checkProject(findWorkspaceRoot(dir), dir);
if (errors.length > 0) {
  console.error(`boundary check failed (${errors.length}):\n  ${errors.join('\n  ')}`);
  process.exit(1);
}
console.log('boundary check passed');
