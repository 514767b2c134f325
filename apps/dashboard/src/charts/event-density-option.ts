import type { EventBuckets, Level } from '../lib/api-types';
import { baseOption, type ChartOption, type ChartTheme } from './chart-option';
import { LEVEL_ORDER } from './regulation-levels';
import { swimLanes } from './timeline-option';

/** Largest and smallest circle (px) of a bucket. */
const MAX_SIZE = 14;
const MIN_SIZE = 3;

/**
 * The regulation event timeline of an experiment with too many events to draw one by one: the
 * swim lanes by level as {@link timelineOption}, each lane a row of circles, one per step bucket
 * holding events, its area proportional to the count (counted on the server, `aggregate.events`).
 */
export function eventDensityOption(data: EventBuckets, theme: ChartTheme, zoom?: { from: number; to: number }): ChartOption {
  const lanes: readonly Level[] = LEVEL_ORDER;
  const most = Math.max(1, ...data.buckets.map((b) => b.n));
  const series = lanes
    .map((level) => ({
      type: 'scatter',
      name: level,
      data: data.buckets
        .filter((b) => b.level === level)
        .map((b) => ({
          value: [(b.fromStep + b.toStep) / 2, lanes.indexOf(level), b.n],
          symbolSize: Math.max(MIN_SIZE, MAX_SIZE * Math.sqrt(b.n / most)),
          name: `${b.n} ${level} event${b.n === 1 ? '' : 's'} in steps ${b.fromStep}–${b.toStep} on ${b.trials} trial${b.trials === 1 ? '' : 's'}${b.exploits ? ` (${b.exploits} exploits)` : ''}`,
        })),
      itemStyle: { opacity: 0.75 },
    }))
    .filter((s) => s.data.length > 0);
  return {
    ...baseOption(
      theme,
      'Regulation events by level',
      `${data.total.toLocaleString('en')} events counted per ${data.width}-step bucket (circle area ∝ count; zoom in for single events)`,
    ),
    ...swimLanes(theme, zoom),
    series,
  };
}
