import type { CompareCurve } from '../lib/api-types';
import { baseOption, legend, valueAxis, xZoom, type ChartOption, type ChartTheme } from './chart-option';

/** Several experiments' best-so-far curves of one metric, overlaid (one line per experiment). */
export function compareOption(
  curves: readonly Pick<CompareCurve, 'experimentId' | 'name' | 'bestSoFar'>[],
  metric: string,
  theme: ChartTheme,
  zoom?: { from: number; to: number },
): ChartOption {
  return {
    ...baseOption(theme, `Compare: best ${metric} so far`, `${curves.length} experiments`),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme),
    grid: { left: 64, right: 24, top: 70, bottom: 64 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 'dataMin', max: 'dataMax' }),
    yAxis: valueAxis(theme, `best ${metric}`, { nameGap: 46 }),
    dataZoom: xZoom(theme, zoom),
    series: curves.map((c) => ({
      type: 'line',
      name: c.name ? `${c.name} (${c.experimentId.slice(0, 8)})` : c.experimentId,
      showSymbol: false,
      sampling: 'lttb',
      data: c.bestSoFar.map((p) => [p.step, p.value]),
    })),
  };
}
