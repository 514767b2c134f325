import { findMigrationsFolder } from './internal/migrations-folder';

/**
 * Absolute path of the package's generated SQL migrations (`drizzle/`), for callers who apply
 * them with drizzle's migrators themselves (then open with `migrate: false`).
 */
export function migrationsFolder(): string {
  return findMigrationsFolder();
}
