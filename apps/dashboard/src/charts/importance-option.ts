import type { ImportanceItem } from '../lib/api-types';
import { baseOption, valueAxis, type ChartOption, type ChartTheme } from './chart-option';

/** Hyperparameter importance (shares of the objective's variance; they sum to 1), as horizontal bars, largest on top. */
export function importanceOption(items: readonly ImportanceItem[], theme: ChartTheme, method = 'PED-ANOVA'): ChartOption {
  const sorted = [...items].sort((a, b) => a.importance - b.importance);
  return {
    ...baseOption(theme, 'Hyperparameter importance', method),
    grid: { left: 110, right: 24, top: 56, bottom: 48 },
    xAxis: valueAxis(theme, 'importance (share of 1)', { scale: false, min: 0, max: 1 }),
    yAxis: { ...valueAxis(theme, 'hyperparameter', { nameGap: 90 }), type: 'category', data: sorted.map((i) => i.param), scale: false },
    series: [
      { type: 'bar', name: 'importance', data: sorted.map((i) => Number(i.importance.toFixed(4))), barMaxWidth: 24, label: { show: true, position: 'right', formatter: '{c}' } },
    ],
  };
}
