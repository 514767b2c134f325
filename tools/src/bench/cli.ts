// `npm run bench -- [suite ...] [--quick]`: runs the named suites (all when none), each printing a
// human report and, as its very last line, one JSON object that is also written to
// bench/results/<suite>.json. See ../shared/BENCHMARKS.md.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type BenchSuite } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const suitesDir = join(here, 'suites');
const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
for (const n of names) {
  if (!available.includes(n)) {
    console.error(`unknown suite "${n}"; suites: ${available.join(', ')}`);
    process.exit(2);
  }
}

let failed = false;
for (const name of names.length > 0 ? names : available) {
  const mod = (await import(pathToFileURL(join(suitesDir, `${name}.ts`)).href)) as { default: BenchSuite };
  const suite = mod.default;
  console.log(`\n== ${suite.name}: ${suite.description}${quick ? ' (quick)' : ''}`);
  try {
    const figures = await suite.run({ quick, log: (l) => console.log(l), table: (rows) => console.log(formatTable(rows)) });
    const json = JSON.stringify({ suite: suite.name, quick, ...figures });
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results', `${suite.name}.json`), `${json}\n`);
    console.log(json);
  } catch (error) {
    failed = true;
    console.error(`suite ${name} failed:`, error);
  }
}
process.exit(failed ? 1 : 0);
