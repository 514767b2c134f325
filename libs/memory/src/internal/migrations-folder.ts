import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of the generated SQL migrations (`drizzle/` at the package root). Found by walking
 * up from this module's file, so it works from the sources (`src/internal/`), the ESM build and
 * the CJS build (`dist/`) alike.
 */
export function findMigrationsFolder(): string {
  if (cached) return cached;
  // tsup's `shims` gives CJS an `import.meta.url`.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) {
      cached = candidate;
      return candidate;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`@epigenome/memory: migrations folder "drizzle" not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
