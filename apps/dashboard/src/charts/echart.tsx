'use client';
import { useLayoutEffect, useRef } from 'react';
import type { ChartOption } from './chart-option';
import { echarts } from './echarts-setup';
import { askedWindow, zoomWindow, type ZoomModel, type ZoomPayload, type ZoomWindow } from './zoom-window';

/** Quiet time after the last frame of a wheel zoom or pan before the range is reported (they fire every frame). */
const ZOOM_SETTLE_MS = 150;

/**
 * Charts told of a final dataZoom action (not a wheel's or a drag's frame) before ECharts processes
 * it: its `datazoom` event comes after ECharts has processed and drawn every line for the new
 * window (30–45 ms on the 64 × 100k page), and a zoom's detail request started from the event
 * waited for that. Keyed by the chart's element, which is what the lifecycle hook knows of it.
 */
const onZoomAsked = new WeakMap<HTMLElement, (payload: ZoomPayload) => void>();
echarts.registerUpdateLifecycle('coordsys:aftercreate', (ecModel, api) => {
  const payload = (ecModel as unknown as { getUpdatePayload(): ZoomPayload | undefined }).getUpdatePayload();
  if (payload?.type !== 'dataZoom' || payload.batch !== undefined || payload.animation) return;
  onZoomAsked.get(api.getDom())?.(payload);
});

/**
 * One ECharts canvas fed by a plain option (built by the `*-option.ts` functions). `onZoom`
 * receives the x range (in axis units) after the user zooms, or undefined when zoomed out fully.
 * `view` names what the drawn option shows (e.g. a zoom's detail), set as `data-view` once it is
 * drawn, for browser tests and the benchmark. `onLegend` receives the names of the series the
 * user hid by clicking the legend.
 */
export function EChart({
  option,
  name,
  height = 320,
  onZoom,
  onLegend,
  view,
}: {
  option: ChartOption;
  name: string;
  height?: number;
  onZoom?: (range: { from: number; to: number } | undefined) => void;
  onLegend?: (hidden: ReadonlySet<string>) => void;
  view?: string | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | undefined>(undefined);
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;
  const legendRef = useRef(onLegend);
  legendRef.current = onLegend;

  // Layout effects, not passive ones: a new option reaches ECharts in the commit that made it,
  // before the browser paints, instead of one frame later (passive effects run after the paint).
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The window told before ECharts processed the action whose `datazoom` event is next.
    let early: string | undefined;
    const tell = (window: ZoomWindow, unless?: string) => {
      // Whole steps; rounded first so that 999.9999999 (a percentage mapped onto the axis, here or by ECharts) is 1000 both ways.
      const near = (x: number) => Math.round(x * 1e6) / 1e6;
      const range = window.full ? undefined : { from: Math.floor(near(window.from)), to: Math.ceil(near(window.to)) };
      const key = windowKey(range);
      if (key === unless) return key;
      // The chart is there already: an option bringing this window (and nothing else new) is not set again.
      movedTo.current = key;
      zoomRef.current?.(range);
      return key;
    };
    const report = () => {
      const told = early;
      early = undefined;
      const window = zoomRef.current ? zoomWindow(zoomModel(chart)) : undefined;
      // Told already, from the action (ECharts kept the window it asked for): not twice.
      if (window) tell(window, told);
    };
    onZoomAsked.set(element, (payload) => {
      const window = zoomRef.current ? askedWindow(zoomModel(chart), payload) : undefined;
      if (window) early = tell(window);
    });
    chart.on('datazoom', (event) => {
      clearTimeout(timer);
      // Wheel and pinch (the inside zoom: a `batch`) and a realtime slider drag (an `animation`) fire
      // every frame: fetch detail once they stop. Any other action is a final range — the end of a
      // slider drag (the slider is not realtime), a click on its track, a zoom set by code — and is
      // reported at once (once only: the lifecycle hook above told it before ECharts processed it).
      const { batch, animation } = event as { batch?: unknown; animation?: unknown };
      if (batch !== undefined || animation) timer = setTimeout(report, ZOOM_SETTLE_MS);
      else report();
    });
    chart.on('legendselectchanged', (event) => {
      const selected = (event as { selected?: Record<string, boolean> }).selected ?? {};
      legendRef.current?.(new Set(Object.keys(selected).filter((k) => selected[k] === false)));
    });
    return () => {
      clearTimeout(timer);
      onZoomAsked.delete(element);
      resize.disconnect();
      chart.dispose();
      chartRef.current = undefined;
    };
  }, []);

  // What ECharts was last given: the series array and the rest of the option (as JSON, without its
  // zoom window). An option with the same series sets the rest only — ECharts would otherwise take
  // in every point again (on the 64 × 100k page, ~100 ms a zoom) — and nothing at all when the rest
  // is unchanged and its window is the one the user just moved the chart to.
  const drawn = useRef<{ series: ChartOption['series']; frame: string } | undefined>(undefined);
  const movedTo = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    type Option = Parameters<typeof chart.setOption>[0];
    const { series, ...rest } = option;
    const frame = JSON.stringify({ ...rest, dataZoom: undefined });
    const window = windowKey(optionWindow(rest.dataZoom));
    const last = drawn.current;
    if (last === undefined || series !== last.series) {
      chart.setOption({ ...option, series: series.map(packed) } as Option, { notMerge: false, replaceMerge: ['series', 'xAxis', 'yAxis', 'parallelAxis', 'visualMap'] });
    } else if (frame !== last.frame || window !== movedTo.current) {
      chart.setOption(rest as Option, { notMerge: false });
    }
    drawn.current = { series, frame };
    movedTo.current = window;
    if (ref.current) ref.current.dataset.view = view ?? '';
  }, [option, view]);

  return <div ref={ref} className="chart" data-chart={name} data-series={option.series.length} style={{ height }} />;
}

type Range = { from: number; to: number };

/** Points of a line from which on its data goes to ECharts packed (see {@link packed}). */
const PACK_FROM = 512;

/**
 * A line series whose data is many `[x, y]` points, with its data as one flat Float64Array
 * (x0, y0, x1, y1, …) — which ECharts reads as it is, where it copies an array of arrays point by
 * point on every `setOption` and reads it item by item (on the 64 × 100k page: 64 lines of ~3,400
 * points). Other series as they are. The option builders keep plain arrays (tests, JSON).
 */
function packed(series: ChartOption['series'][number]): ChartOption['series'][number] {
  const data = series.data;
  if (series.type !== 'line' || !Array.isArray(data) || data.length < PACK_FROM) return series;
  const flat = new Float64Array(data.length * 2);
  for (let i = 0; i < data.length; i++) {
    const point = data[i] as unknown;
    if (!Array.isArray(point) || point.length !== 2 || typeof point[0] !== 'number' || typeof point[1] !== 'number') return series;
    flat[2 * i] = point[0];
    flat[2 * i + 1] = point[1];
  }
  return { ...series, data: flat, dimensions: ['x', 'y'] };
}

/** `from-to`, or `all` for the whole axis. */
function windowKey(range: Range | undefined): string {
  return range ? `${range.from}-${range.to}` : 'all';
}

/** The x window an option's `dataZoom` asks for (see `xZoom`), undefined for the whole axis or none. */
function optionWindow(dataZoom: unknown): Range | undefined {
  const first = Array.isArray(dataZoom) ? (dataZoom[0] as { startValue?: unknown; endValue?: unknown } | undefined) : undefined;
  return typeof first?.startValue === 'number' && typeof first.endValue === 'number' ? { from: first.startValue, to: first.endValue } : undefined;
}

/** The chart's first dataZoom's model, undefined without a dataZoom. */
function zoomModel(chart: ReturnType<typeof echarts.init>): ZoomModel | undefined {
  return (chart as unknown as { getModel(): { getComponent(type: string, index: number): ZoomModel | undefined } }).getModel().getComponent('dataZoom', 0);
}
