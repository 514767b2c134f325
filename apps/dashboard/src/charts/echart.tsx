'use client';
import { useEffect, useRef } from 'react';
import type { ChartOption } from './chart-option';
import { echarts } from './echarts-setup';

/** Quiet time after the last frame of a wheel zoom or pan before the range is reported (they fire every frame). */
const ZOOM_SETTLE_MS = 150;

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

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      const zoom = (chart.getOption() as { dataZoom?: { start?: number; end?: number; startValue?: number; endValue?: number }[] }).dataZoom?.[0];
      if (!zoom || !zoomRef.current) return;
      const full = (zoom.start ?? 0) <= 0 && (zoom.end ?? 100) >= 100;
      zoomRef.current(full || zoom.startValue === undefined || zoom.endValue === undefined ? undefined : { from: Math.floor(zoom.startValue), to: Math.ceil(zoom.endValue) });
    };
    chart.on('datazoom', (event) => {
      clearTimeout(timer);
      // Wheel and pinch (the inside zoom: a `batch`) and a realtime slider drag (an `animation`) fire
      // every frame: fetch detail once they stop. Any other action is a final range — the end of a
      // slider drag (the slider is not realtime), a click on its track, a zoom set by code — and is
      // reported at once.
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
      resize.disconnect();
      chart.dispose();
      chartRef.current = undefined;
    };
  }, []);

  // The series last given to ECharts: an option with the same array (a zoom without new data, a
  // new title) sets everything else and leaves the series as they are — ECharts would otherwise
  // take in every point again (on the 64 × 100k page, most of a zoom's time).
  const drawnSeries = useRef<ChartOption['series'] | undefined>(undefined);
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    type Option = Parameters<typeof chart.setOption>[0];
    if (option.series === drawnSeries.current) {
      const { series: _kept, ...frame } = option;
      chart.setOption(frame as Option, { notMerge: false });
    } else {
      chart.setOption(option as Option, { notMerge: false, replaceMerge: ['series', 'xAxis', 'yAxis', 'parallelAxis', 'visualMap'] });
      drawnSeries.current = option.series;
    }
    if (ref.current) ref.current.dataset.view = view ?? '';
  }, [option, view]);

  return <div ref={ref} className="chart" data-chart={name} data-series={option.series.length} style={{ height }} />;
}
