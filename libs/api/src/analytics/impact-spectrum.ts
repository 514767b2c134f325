import { checkInteger, checkOptions, invalidArgument } from '@epigenome/core';
import { sortedQuantile } from './internal/sorted-quantile';

/** Default number of bins. */
const DEFAULT_BINS = 40;
/** The bins cover the impacts between these quantiles; the rest is clamped into the end bins. */
const LOW_QUANTILE = 0.01;
const HIGH_QUANTILE = 0.99;

/** Options of {@link impactSpectrum}. */
export interface ImpactSpectrumOptions {
  /** Number of bins, an integer in [1, 1000]. Default 40. */
  bins?: number;
}

/** A histogram over common bins: `edges` (bins + 1, ascending) and, per group, the count in each bin. */
export interface ImpactSpectrum {
  edges: number[];
  groups: { group: string; counts: number[] }[];
}

/**
 * The impact spectrum: how many regulation events, of what impact — one histogram per group
 * (a regulator kind, a run) over bin edges common to all groups so their curves overlay.
 *
 * The edges split the robust range [1st percentile, 99th percentile] of all impacts (linear
 * interpolation) into equal bins; impacts outside it are clamped into the first or last bin, so
 * every item is counted once and the edges stay finite (JSON-safe) — the end bins read "at most"
 * and "at least". When all impacts are (nearly) equal the range is widened to the value ± half its
 * magnitude (± 0.5 for 0). No items: no edges and no groups. Groups keep their first-seen order.
 *
 * @param items one per measured event: its group and its finite impact (leave null impacts out).
 * @throws EpigenomeError `INVALID_ARGUMENT` naming `items[i].impact`, `items[i].group` or
 *   `options.bins` and what is allowed.
 */
export function impactSpectrum(items: readonly { group: string; impact: number }[], options?: ImpactSpectrumOptions): ImpactSpectrum {
  const opts = checkOptions('options', options, ['bins']);
  const bins = checkInteger('options.bins', opts.bins, DEFAULT_BINS, 1, 1000);
  if (!Array.isArray(items)) throw invalidArgument('items', items, 'an array of { group, impact }');
  const values = new Float64Array(items.length);
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) throw invalidArgument(`items[${i}]`, item, 'an object { group, impact }');
    if (typeof item.group !== 'string') throw invalidArgument(`items[${i}].group`, item.group, 'a string');
    if (typeof item.impact !== 'number' || !Number.isFinite(item.impact)) throw invalidArgument(`items[${i}].impact`, item.impact, 'a finite number');
    values[i] = item.impact;
  });
  if (items.length === 0) return { edges: [], groups: [] };
  values.sort();
  let lo = sortedQuantile(values, LOW_QUANTILE);
  let hi = sortedQuantile(values, HIGH_QUANTILE);
  if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)))) {
    const mid = (lo + hi) / 2;
    const pad = mid === 0 ? 0.5 : Math.abs(mid) / 2;
    lo = mid - pad;
    hi = mid + pad;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const byGroup = new Map<string, number[]>();
  for (const item of items) {
    let counts = byGroup.get(item.group);
    if (!counts) {
      counts = new Array<number>(bins).fill(0);
      byGroup.set(item.group, counts);
    }
    const k = Math.min(bins - 1, Math.max(0, Math.floor((item.impact - lo) / width)));
    counts[k] = (counts[k] as number) + 1;
  }
  return { edges, groups: [...byGroup].map(([group, counts]) => ({ group, counts })) };
}
