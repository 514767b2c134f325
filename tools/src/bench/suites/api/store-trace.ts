import { median } from '../../harness';

/** Per store method: how many calls were traced (waited + ran ≥ the threshold), and their wait and run times, ms. */
export type StoreTraceRow = {
  readonly path: string;
  readonly n: number;
  readonly wait_p50: number;
  readonly wait_max: number;
  readonly run_p50: number;
  readonly run_max: number;
};

/**
 * Reads the server's diagnostics when it ran with `EPIGENOME_STORE_TRACE_MS`: the store calls
 * that waited and ran at least that long (`epigenome store: <path> waited X ms, ran Y ms`) by
 * method, slowest first, and its closing line on the event loop's delay.
 */
export function storeTrace(output: string): { rows: StoreTraceRow[]; eventLoop: string | undefined } {
  const calls = new Map<string, { wait: number[]; run: number[] }>();
  for (const m of output.matchAll(/^epigenome store: (\S+) waited ([\d.]+) ms, ran ([\d.]+) ms$/gm)) {
    const c = calls.get(m[1]!) ?? { wait: [], run: [] };
    c.wait.push(Number(m[2]));
    c.run.push(Number(m[3]));
    calls.set(m[1]!, c);
  }
  const rows = [...calls].map(([path, c]) => ({ path, n: c.wait.length, wait_p50: median(c.wait), wait_max: Math.max(...c.wait), run_p50: median(c.run), run_max: Math.max(...c.run) }));
  rows.sort((a, b) => b.run_max + b.wait_max - (a.run_max + a.wait_max));
  return { rows, eventLoop: /^epigenome: event loop delay .*$/m.exec(output)?.[0] };
}
