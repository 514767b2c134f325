import type { Level } from '../lib/api-types';
import { baseOption, legend, themeColors, valueAxis, xZoom, type ChartOption, type ChartTheme } from './chart-option';
import type { LevelContributions } from './regulation-levels';

/** Data of the multi-level regulation chart of one hyperparameter. */
export interface RegulationData {
  readonly param: string;
  /** Appended to the subtitle, e.g. what was left out. */
  readonly note?: string;
  /** Whether the parameter is searched on a log scale (the value axis follows). */
  readonly log?: boolean;
  /** Per trial: effective value and the levels' parts. */
  readonly trials: readonly LevelContributions[];
  /** The trial whose levels are drawn (the best or the selected one). */
  readonly focusTrialId: string | undefined;
  /** Regulation events of this parameter, drawn as marks on the focused trial's effective line. */
  readonly events: readonly { readonly step: number; readonly level: Level; readonly trialId: string; readonly value: number; readonly label: string }[];
}

const LEVEL_SYMBOL: Record<Level, string> = { lineage: 'diamond', population: 'triangle', epoch: 'rect', step: 'circle' };

/**
 * The effective value of one hyperparameter per trial over time (thin lines), and for the focused
 * trial the contribution of each level: population base (dashed, value axis) × epoch and step
 * modulation factors (right axis, ×), with its regulation events as marks, one series per level.
 */
export function regulationOption(data: RegulationData, theme: ChartTheme, zoom?: { from: number; to: number }): ChartOption {
  const c = themeColors(theme);
  const focus = data.trials.find((t) => t.trialId === data.focusTrialId);
  const series: Record<string, unknown>[] = data.trials.map((t) => ({
    type: 'line',
    name: `${t.trialId} effective`,
    data: t.effective,
    step: 'end',
    showSymbol: false,
    lineStyle: { width: t.trialId === data.focusTrialId ? 2.5 : 1, opacity: t.trialId === data.focusTrialId ? 1 : 0.45 },
    z: t.trialId === data.focusTrialId ? 10 : 2,
  }));
  if (focus) {
    series.push(
      {
        type: 'line',
        name: 'population base',
        data: focus.base,
        step: 'end',
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 2, color: c.muted },
        itemStyle: { color: c.muted },
      },
      { type: 'line', name: 'epoch factor ×', yAxisIndex: 1, data: focus.epoch, step: 'end', showSymbol: false, lineStyle: { width: 1.5, type: 'dotted' } },
      { type: 'line', name: 'step factor ×', yAxisIndex: 1, data: focus.step, step: 'end', showSymbol: false, lineStyle: { width: 1.5, type: 'dotted' } },
    );
  }
  for (const level of ['lineage', 'population', 'epoch', 'step'] as const) {
    const marks = data.events.filter((e) => e.level === level && e.trialId === data.focusTrialId);
    if (marks.length === 0) continue;
    series.push({
      type: 'scatter',
      name: `${level} events`,
      symbol: LEVEL_SYMBOL[level],
      symbolSize: 7,
      data: marks.map((e) => ({ value: [e.step, e.value], name: e.label })),
      z: 12,
    });
  }
  return {
    ...baseOption(
      theme,
      `Multi-level regulation of ${data.param}`,
      [focus ? `levels of ${focus.trialId}: effective = base × epoch × step` : 'no trial selected', data.note].filter(Boolean).join(' · '),
    ),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme),
    grid: { left: 64, right: 64, top: 70, bottom: 64 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 'dataMin', max: 'dataMax' }),
    yAxis: [
      valueAxis(theme, `${data.param} (effective value)`, { nameGap: 46, ...(data.log ? { type: 'log' } : {}) }),
      valueAxis(theme, 'modulation factor (×)', { splitLine: { show: false }, nameGap: 40 }),
    ],
    dataZoom: xZoom(theme, zoom),
    series,
  };
}
