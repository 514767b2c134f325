import type { ChoiceValue } from '../lib/api-types';
import { baseOption, themeColors, type ChartOption, type ChartTheme } from './chart-option';

/**
 * Parallel coordinates of trial configurations against fitness: one axis per hyperparameter
 * (categorical ones as categories) and a last axis for the objective; lines coloured by it.
 */
export function parallelOption(
  rows: readonly { readonly id: string; readonly config: Readonly<Record<string, ChoiceValue>>; readonly fitness: number | null | undefined }[],
  objective: string,
  theme: ChartTheme,
): ChartOption {
  const c = themeColors(theme);
  const params = [...new Set(rows.flatMap((r) => Object.keys(r.config)))].sort();
  const categorical = new Map(params.map((p) => [p, rows.some((r) => typeof r.config[p] !== 'number')]));
  const axes = params.map((p, dim) => ({
    dim,
    name: p,
    ...(categorical.get(p) ? { type: 'category', data: [...new Set(rows.map((r) => String(r.config[p])))] } : { type: 'value', scale: true }),
  }));
  axes.push({ dim: params.length, name: objective, type: 'value', scale: true });
  const scored = rows.filter((r) => typeof r.fitness === 'number' && Number.isFinite(r.fitness));
  const values = scored.map((r) => r.fitness as number);
  const data = scored.map((r) => ({ name: r.id, value: [...params.map((p) => (categorical.get(p) ? String(r.config[p]) : r.config[p])), r.fitness] }));
  const axisStyle = { nameTextStyle: { color: c.text }, axisLine: { lineStyle: { color: c.line } }, axisLabel: { color: c.muted } };
  return {
    ...baseOption(theme, 'Configurations vs fitness', `${scored.length} trials with a fitness`),
    parallel: { left: 60, right: 90, top: 70, bottom: 40, parallelAxisDefault: { ...axisStyle, nameLocation: 'end', nameGap: 14 } },
    parallelAxis: axes,
    visualMap:
      values.length > 0
        ? {
            type: 'continuous',
            dimension: params.length,
            min: Math.min(...values),
            max: Math.max(...values),
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
