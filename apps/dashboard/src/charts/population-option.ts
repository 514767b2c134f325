import type { PopulationBand } from '../lib/api-types';
import { baseOption, legend, themeColors, valueAxis, xZoom, type ChartOption, type ChartTheme, type XY } from './chart-option';

/** Data of the population chart of a large experiment. */
export interface PopulationData {
  /** The metric drawn, e.g. `val_accuracy`. */
  readonly metric: string;
  /** Its unit for the axis name; empty when it has none. */
  readonly unit?: string;
  /** Whether each trial's value in a bucket is its maximum (`max`) or minimum (`min`) there. */
  readonly mode: 'max' | 'min';
  /** Trials having the metric. */
  readonly trials: number;
  /** Steps per bucket (of the zoom's detail when zoomed), named in the subtitle. */
  readonly width?: number;
  /** Quantile bands per step bucket, in step order (the zoom's detail already merged in). */
  readonly bands: readonly PopulationBand[];
  /** The best trial's own series (min/max/last buckets), drawn thick on top. */
  readonly best?: { readonly id: string; readonly points: readonly XY[] } | undefined;
}

/**
 * Population fitness of an experiment with too many trials for a line each: per step bucket (at
 * the bucket's last step) the 10–90 % and 25–75 % bands of the trials' values, the median and the
 * population's extreme, with the best trial's own series on top. Bands are stacked areas: an
 * invisible lower edge, then the band's height (ECharts has no band series on a line chart).
 */
export function populationOption(data: PopulationData, theme: ChartTheme, zoom?: { from: number; to: number }): ChartOption {
  const c = themeColors(theme);
  const at = (f: (b: PopulationBand) => number): XY[] => data.bands.map((b) => [b.toStep, f(b)] as const);
  const band = (name: string, stack: string, lower: (b: PopulationBand) => number, upper: (b: PopulationBand) => number, opacity: number) => [
    {
      type: 'line',
      name: `${name} (lower edge)`,
      stack,
      data: at(lower),
      showSymbol: false,
      silent: true,
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      legendHoverLink: false,
    },
    {
      type: 'line',
      name,
      stack,
      data: at((b) => upper(b) - lower(b)),
      showSymbol: false,
      silent: true,
      lineStyle: { opacity: 0 },
      areaStyle: { color: c.palette[0], opacity },
      itemStyle: { color: c.palette[0] },
      tooltip: { show: false },
    },
  ];
  const extreme = data.mode === 'max' ? 'population max' : 'population min';
  const series: Record<string, unknown>[] = [
    ...band(
      '10–90 % of trials',
      'outer',
      (b) => b.p10,
      (b) => b.p90,
      0.18,
    ),
    ...band(
      '25–75 % of trials',
      'inner',
      (b) => b.p25,
      (b) => b.p75,
      0.3,
    ),
    { type: 'line', name: 'median trial', data: at((b) => b.median), showSymbol: false, lineStyle: { width: 2, color: c.palette[0] }, itemStyle: { color: c.palette[0] } },
    {
      type: 'line',
      name: extreme,
      data: at((b) => (data.mode === 'max' ? b.max : b.min)),
      showSymbol: false,
      lineStyle: { width: 1, type: 'dashed', color: c.palette[2] },
      itemStyle: { color: c.palette[2] },
    },
  ];
  if (data.best)
    series.push({
      type: 'line',
      name: data.best.id,
      data: data.best.points,
      showSymbol: false,
      sampling: 'lttb',
      z: 10,
      lineStyle: { width: 2.5, color: c.highlight },
      itemStyle: { color: c.highlight },
    });
  const unit = data.unit ? ` (${data.unit})` : '';
  const width = data.width;
  return {
    ...baseOption(
      theme,
      'Population fitness over time',
      `${data.trials.toLocaleString('en')} trials aggregated on the server: each trial's ${data.mode === 'max' ? 'highest' : 'lowest'} value per ${width ? `${width}-step ` : ''}bucket${
        data.best ? ` · best: ${data.best.id} (thick)` : ''
      }`,
    ),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme, ['10–90 % of trials', '25–75 % of trials', 'median trial', extreme, ...(data.best ? [data.best.id] : [])]),
    grid: { left: 64, right: 24, top: 70, bottom: 64 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 'dataMin', max: 'dataMax' }),
    yAxis: valueAxis(theme, `${data.metric}${unit}`, { nameGap: 46 }),
    dataZoom: xZoom(theme, zoom),
    series,
  };
}

/** The overview's bands outside `[from, to]` with the zoom's detail inside, in step order. */
export function mergeBands(overview: readonly PopulationBand[], detail: readonly PopulationBand[], range: { from: number; to: number }): PopulationBand[] {
  return [...overview.filter((b) => b.toStep < range.from), ...detail, ...overview.filter((b) => b.fromStep > range.to)];
}
