import { InvalidArgumentError } from 'commander';

/** Commander parser of `--workers <n>`: an integer ≥ 1. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`--workers must be an integer ≥ 1; got ${JSON.stringify(value.slice(0, 40))}`);
  return n;
}
