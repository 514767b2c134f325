import type { Level, StoredEvent } from '../lib/api-types';
import { baseOption, legend, valueAxis, xZoom, type ChartOption, type ChartTheme } from './chart-option';
import { LEVEL_ORDER } from './regulation-levels';

/**
 * The regulation event timeline in swim lanes by level (lineage, population, epoch, step): one
 * scatter series per level that has events, x the step, each point named by trial, param and change.
 */
export function timelineOption(
  events: readonly Pick<StoredEvent, 'step' | 'level' | 'trialId' | 'param' | 'kind' | 'from' | 'to' | 'regulator'>[],
  theme: ChartTheme,
  zoom?: { from: number; to: number },
  capped = false,
): ChartOption {
  const lanes: readonly Level[] = LEVEL_ORDER;
  const series = lanes
    .map((level) => {
      const mine = events.filter((e) => e.level === level);
      return {
        type: 'scatter',
        name: level,
        symbolSize: 6,
        large: mine.length > 2000,
        data: mine.map((e) => ({
          value: [e.step, lanes.indexOf(level)],
          name: `${e.trialId} · ${e.regulator} · ${e.kind === 'change' ? `${e.param} ${fmt(e.from)} → ${fmt(e.to)}` : `${e.kind} ${fmt(e.to)}`}`,
        })),
      };
    })
    .filter((s) => s.data.length > 0);
  return {
    ...baseOption(theme, 'Regulation events by level', capped ? `first ${events.length} events (zoom in for the rest)` : `${events.length} events`),
    ...swimLanes(theme, zoom),
    series,
  };
}

/** Legend, grid and axes of a timeline in swim lanes by level (step on x, one lane per level on y), zoomable. */
export function swimLanes(theme: ChartTheme, zoom?: { from: number; to: number }) {
  return {
    legend: legend(theme),
    grid: { left: 90, right: 24, top: 70, bottom: 64 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 'dataMin', max: 'dataMax' }),
    yAxis: { ...valueAxis(theme, 'level', { nameGap: 70 }), type: 'category', data: [...LEVEL_ORDER], scale: false, splitLine: { show: true } },
    dataZoom: xZoom(theme, zoom),
  };
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(3);
  return String(v);
}
