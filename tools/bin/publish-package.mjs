#!/usr/bin/env node
// Every library's `nx-release-publish` target (run by `nx release publish`, from the library's
// folder): `npm publish` of the built package (public by its publishConfig), forwarding what nx release passes
// (--dryRun, --registry, --tag, --otp, --access). Without @nx/js nx has no publish executor.
import { spawnSync } from 'node:child_process';

const forwarded = { registry: '--registry', tag: '--tag', otp: '--otp', access: '--access' };
const args = ['publish'];
for (const raw of process.argv.slice(2)) {
  const [key, value] = raw.replace(/^--/, '').split(/=(.*)/s);
  if (key === 'dryRun' || key === 'dry-run') {
    if (value === undefined || value === 'true') args.push('--dry-run');
  } else if (forwarded[key] && value !== undefined && value !== 'undefined') {
    const i = args.indexOf(forwarded[key]);
    if (i >= 0) args.splice(i, 2);
    args.push(forwarded[key], value);
  }
}
console.log(`npm ${args.join(' ')}`);
const result = spawnSync('npm', args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
