/**
 * A plain ECharts option as the chart builders make it: serialisable data only, so builders are
 * pure functions tested without a browser. `series` is always an array (tests count it).
 */
export interface ChartOption {
  readonly series: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

export type ChartTheme = 'dark' | 'light';

/** A series' points as ECharts reads them: [x, y]. */
export type XY = readonly [number, number];

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Colours of text, axes and grid lines for a theme. */
export function themeColors(theme: ChartTheme) {
  return theme === 'dark'
    ? { text: '#e4e8ee', muted: '#98a2b0', line: '#3a424e', split: '#262c35', highlight: '#ffd24d', palette: PALETTE }
    : { text: '#1b1f24', muted: '#5b6470', line: '#b9c0ca', split: '#eceff3', highlight: '#d1495b', palette: PALETTE };
}

/** What every chart shares: transparent background, themed text, a title and a tooltip. */
export function baseOption(theme: ChartTheme, title: string, subtitle?: string) {
  const c = themeColors(theme);
  return {
    backgroundColor: 'transparent',
    color: c.palette,
    animation: false,
    textStyle: { color: c.text },
    title: { text: title, subtext: subtitle, left: 8, top: 4, textStyle: { color: c.text, fontSize: 14 }, subtextStyle: { color: c.muted } },
    tooltip: { trigger: 'item', confine: true },
  };
}

/** A value axis with its name (and unit) and themed lines. */
export function valueAxis(theme: ChartTheme, name: string, extra: Record<string, unknown> = {}) {
  const c = themeColors(theme);
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 32,
    nameTextStyle: { color: c.muted },
    axisLine: { show: true, lineStyle: { color: c.line } },
    axisLabel: { color: c.muted, hideOverlap: true },
    splitLine: { lineStyle: { color: c.split } },
    scale: true,
    ...extra,
  };
}

/** The legend, scrollable, under the title. */
export function legend(theme: ChartTheme, names?: readonly string[]) {
  return { type: 'scroll', top: 30, left: 8, right: 8, textStyle: { color: themeColors(theme).muted }, ...(names ? { data: [...names] } : {}) };
}

/**
 * Zoom on the x axis (wheel/drag and a slider), restored from `range` when given. The slider is not
 * realtime: a drag moves its window and the chart follows once, at the drag's end (a redraw of
 * every line each frame lags on large series, and the end is when the detail is fetched).
 */
export function xZoom(theme: ChartTheme, range?: { from: number; to: number }) {
  // Without a range, the whole axis — said, not left out: a chart merges a new option into its
  // last one (see `EChart`), so a left-out window would keep the previous zoom.
  const restore = range ? { startValue: range.from, endValue: range.to } : { start: 0, end: 100 };
  return [
    { type: 'inside', xAxisIndex: 0, filterMode: 'none', ...restore },
    { type: 'slider', xAxisIndex: 0, filterMode: 'none', realtime: false, height: 18, bottom: 6, textStyle: { color: themeColors(theme).muted }, ...restore },
  ];
}
