import type { ChoiceValue } from '../lib/api-types';
import { baseOption, themeColors, type ChartOption, type ChartTheme } from './chart-option';

/** Lines drawn at most (beyond, a sample: the best {@link SAMPLE_BEST} and evenly spaced ranks of the rest). */
export const MAX_PARALLEL_LINES = 1000;
const SAMPLE_BEST = 100;

type Row = { readonly id: string; readonly config: Readonly<Record<string, ChoiceValue>>; readonly fitness: number | null | undefined };

/**
 * Parallel coordinates of trial configurations against fitness: one axis per hyperparameter
 * (categorical ones as categories) and a last axis for the objective; lines coloured by it. More
 * than `maxLines` trials with a fitness are sampled (the subtitle says how): the best, then every
 * k-th of the rest by fitness rank, so the spread of configurations and fitness stays visible.
 */
export function parallelOption(rows: readonly Row[], objective: string, theme: ChartTheme, maxLines = MAX_PARALLEL_LINES): ChartOption {
  const c = themeColors(theme);
  const params = [...new Set(rows.flatMap((r) => Object.keys(r.config)))].sort();
  const categorical = new Map(params.map((p) => [p, rows.some((r) => typeof r.config[p] !== 'number')]));
  const axes = params.map((p, dim) => ({
    dim,
    name: p,
    ...(categorical.get(p) ? { type: 'category', data: [...new Set(rows.map((r) => String(r.config[p])))] } : { type: 'value', scale: true }),
  }));
  axes.push({ dim: params.length, name: objective, type: 'value', scale: true });
  const all = rows.filter((r) => typeof r.fitness === 'number' && Number.isFinite(r.fitness));
  const scored = sampleByFitness(all, maxLines);
  const values = all.map((r) => r.fitness as number);
  const data = scored.map((r) => ({ name: r.id, value: [...params.map((p) => (categorical.get(p) ? String(r.config[p]) : r.config[p])), r.fitness] }));
  const axisStyle = { nameTextStyle: { color: c.text }, axisLine: { lineStyle: { color: c.line } }, axisLabel: { color: c.muted } };
  return {
    ...baseOption(
      theme,
      'Configurations vs fitness',
      scored.length < all.length
        ? `sample of ${scored.length.toLocaleString('en')} of ${all.length.toLocaleString('en')} trials with a fitness: the best ${SAMPLE_BEST}, then evenly by fitness rank`
        : `${scored.length} trials with a fitness`,
    ),
    parallel: { left: 60, right: 90, top: 70, bottom: 40, parallelAxisDefault: { ...axisStyle, nameLocation: 'end', nameGap: 14 } },
    parallelAxis: axes,
    visualMap:
      values.length > 0
        ? {
            type: 'continuous',
            dimension: params.length,
            min: values.reduce((a, b) => Math.min(a, b)),
            max: values.reduce((a, b) => Math.max(a, b)),
            right: 8,
            top: 70,
            calculable: false,
            textStyle: { color: c.muted },
            text: [objective, ''],
            inRange: { color: ['#5470c6', '#91cc75', '#fac858', '#ee6666'] },
          }
        : undefined,
    series: [{ type: 'parallel', name: 'trials', data, lineStyle: { width: 1.5, opacity: 0.7 } }],
  };
}

/** At most `max` rows: all when they fit, else the best {@link SAMPLE_BEST} by fitness and evenly spaced ranks of the rest, its worst included. */
export function sampleByFitness<T extends { readonly fitness: number | null | undefined }>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max) return [...rows];
  const ranked = [...rows].sort((a, b) => (b.fitness as number) - (a.fitness as number));
  const best = Math.min(SAMPLE_BEST, Math.floor(max / 2));
  const rest = ranked.slice(best);
  const wanted = max - best;
  const picked = Array.from({ length: wanted }, (_, i) => rest[wanted === 1 ? 0 : Math.round((i * (rest.length - 1)) / (wanted - 1))]!);
  return [...ranked.slice(0, best), ...picked];
}
