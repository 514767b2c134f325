import { baseOption, legend, themeColors, valueAxis, xZoom, type ChartOption, type ChartTheme, type XY } from './chart-option';
import { valueAt } from './series-points';

/** Data of the population fitness chart. */
export interface FitnessData {
  /** The metric drawn (the experiment's objective), e.g. `val_accuracy`. */
  readonly metric: string;
  /** Its unit for the axis name, e.g. `fraction`; empty when it has none. */
  readonly unit?: string;
  readonly trials: readonly { readonly id: string; readonly points: readonly XY[] }[];
  /** The best trial (drawn thick, on top). */
  readonly bestTrialId?: string | undefined;
  /** Exploits: at `step`, trial `trialId` copied trial `from`. */
  readonly exploits: readonly { readonly trialId: string; readonly from: string; readonly step: number }[];
}

/** The fitness chart's lines: one per trial, the best highlighted, exploits marked on the trial that copied. */
export function fitnessSeries(data: FitnessData, theme: ChartTheme): ChartOption['series'] {
  const c = themeColors(theme);
  return data.trials.map((t) => {
    const best = t.id === data.bestTrialId;
    const marks = data.exploits
      .filter((e) => e.trialId === t.id)
      .map((e) => ({ name: `exploit from ${e.from}`, coord: [e.step, valueAt(t.points, e.step) ?? 0], value: `← ${e.from}` }));
    return {
      type: 'line',
      name: t.id,
      data: t.points,
      showSymbol: false,
      sampling: 'lttb',
      z: best ? 10 : 2,
      lineStyle: { width: best ? 3 : 1.2, opacity: best ? 1 : 0.65, ...(best ? { color: c.highlight } : {}) },
      ...(best ? { itemStyle: { color: c.highlight } } : {}),
      emphasis: { focus: 'series' },
      markPoint: marks.length > 0 ? { symbol: 'triangle', symbolSize: 7, label: { show: false }, data: marks } : undefined,
    };
  });
}

/**
 * Population fitness over time: {@link fitnessSeries} in a frame zoomed to `zoom`. Pass the
 * series already built for `data` to keep them (the same array): a zoom that brings no new data
 * then redraws the frame only (see `EChart`).
 */
export function fitnessOption(data: FitnessData, theme: ChartTheme, zoom?: { from: number; to: number }, series = fitnessSeries(data, theme)): ChartOption {
  const unit = data.unit ? ` (${data.unit})` : '';
  return {
    ...baseOption(theme, 'Population fitness over time', data.bestTrialId ? `best: ${data.bestTrialId} (thick) · ▲ exploit` : '▲ exploit'),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme),
    grid: { left: 64, right: 24, top: 70, bottom: 64 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 'dataMin', max: 'dataMax' }),
    yAxis: valueAxis(theme, `${data.metric}${unit}`, { nameGap: 46 }),
    dataZoom: xZoom(theme, zoom),
    series,
  };
}
