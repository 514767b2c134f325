import { cpus } from 'node:os';

/** What a suite gets from the harness. */
export interface SuiteContext {
  /** CI-sized run (fewer repetitions, smaller problems). */
  readonly quick: boolean;
  /** Prints one line of the human part of the report. */
  log(line: string): void;
  /** Prints rows as an aligned table. */
  table(rows: readonly Record<string, unknown>[]): void;
}

/** A benchmark suite: `tools/src/bench/suites/<name>.ts` default-exports one. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  /** Runs the measurements and returns the suite's figures (the final JSON line). */
  run(ctx: SuiteContext): Promise<Record<string, unknown>>;
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Machine facts every report names beside absolute figures. */
export function machine(): { cores: number; cpu: string; node: string } {
  const list = cpus();
  return { cores: list.length, cpu: list[0]?.model ?? 'unknown', node: process.version };
}

/**
 * Measures two variants side by side, interleaved A B A B … so drift and noise hit both alike,
 * and returns each one's samples, medians and the ratio of medians (a ÷ b).
 * `fn` returns the figure to compare (e.g. throughput or milliseconds), not a time to be taken.
 */
export async function sideBySide(
  a: () => Promise<number> | number,
  b: () => Promise<number> | number,
  repetitions: number,
): Promise<{ a: number[]; b: number[]; medianA: number; medianB: number; ratio: number }> {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    if (i % 2 === 0) {
      xs.push(await a());
      ys.push(await b());
    } else {
      ys.push(await b());
      xs.push(await a());
    }
  }
  const medianA = median(xs);
  const medianB = median(ys);
  return { a: xs, b: ys, medianA, medianB, ratio: medianA / medianB };
}

/** Renders rows as an aligned text table. */
export function formatTable(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v === undefined || v === null ? '' : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] as number)).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}
