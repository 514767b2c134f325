import type { MarkItem } from '../lib/api-types';
import { baseOption, legend, valueAxis, type ChartOption, type ChartTheme } from './chart-option';

/**
 * Strength decay of marks: each mark's strength halves every `halfLifeDays` when not reinforced,
 * drawn from its last update (day 0) to `horizonDays`, with a marker at today.
 */
export function decayOption(marks: readonly MarkItem[], now: number, theme: ChartTheme, horizonDays = 120): ChartOption {
  const day = 86_400_000;
  const series = marks.map((m) => {
    const points: [number, number][] = [];
    for (let d = 0; d <= horizonDays; d += horizonDays / 60) points.push([Number(d.toFixed(2)), Number((m.strength * 0.5 ** (d / m.halfLifeDays)).toFixed(5))]);
    const age = Math.max(0, (now - m.updatedAt) / day);
    return {
      type: 'line',
      name: m.id.slice(0, 8),
      showSymbol: false,
      data: points,
      markPoint: { symbolSize: 24, data: [{ name: 'now', coord: [Number(age.toFixed(2)), Number(m.decayedStrength.toFixed(5))], value: 'now' }] },
    };
  });
  return {
    ...baseOption(theme, 'Mark strength decay', 'halves every half-life unless reinforced'),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme),
    grid: { left: 64, right: 24, top: 70, bottom: 48 },
    xAxis: valueAxis(theme, 'days since last reinforcement (days)', { scale: false, min: 0 }),
    yAxis: valueAxis(theme, 'strength (0–1)', { scale: false, min: 0, max: 1, nameGap: 40 }),
    series,
  };
}
