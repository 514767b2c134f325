import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** The newest mtime (ms) of the non-test sources under `dir`, with the file. */
function newestSource(dir: string): { file: string; ms: number } {
  let newest = { file: '', ms: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'test' || entry.name === 'test-fixtures') continue;
      const inner = newestSource(path);
      if (inner.ms > newest.ms) newest = inner;
    } else if (/\.tsx?$/.test(entry.name) && !/\.test(-d)?\.tsx?$/.test(entry.name)) {
      const ms = statSync(path).mtimeMs;
      if (ms > newest.ms) newest = { file: path, ms };
    }
  }
  return newest;
}

/**
 * Throws when the built CLI, or a library build it imports, is missing, and warns when one is older
 * than its sources: the CLI tests spawn `bin/epigenome.mjs`, which runs `dist/` and the libraries'
 * `dist/`. `nx run @epigenome/cli:test` builds them first (the target depends on `build`). Older is
 * only a warning: nx leaves a build whose inputs did not change as it is, and a checkout can touch a
 * source without changing it.
 */
export function assertFreshBuild(): void {
  const projects = [{ dir: join(root, 'apps/cli'), entry: 'dist/main.js' }].concat(
    readdirSync(join(root, 'libs')).map((name) => ({ dir: join(root, 'libs', name), entry: 'dist/index.js' })),
  );
  const build = 'NX_DAEMON=false npx nx run @epigenome/cli:build (nx run @epigenome/cli:test does)';
  for (const { dir, entry } of projects) {
    if (!existsSync(join(dir, 'src'))) continue;
    const built = join(dir, entry);
    if (!existsSync(built)) throw new Error(`${relative(root, built)} is missing: the CLI tests run the built CLI; build first with ${build}`);
    const source = newestSource(join(dir, 'src'));
    if (statSync(built).mtimeMs < source.ms)
      console.warn(`${relative(root, built)} is older than ${relative(root, source.file)}: the CLI tests run the built CLI; rebuild with ${build}`);
  }
}
