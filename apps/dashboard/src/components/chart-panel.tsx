'use client';
import type { ChartOption } from '../charts/chart-option';
import { EChart } from '../charts/echart';
import { LoadState } from './load-state';

/** A chart with its loading, error and empty states in words (the chart keeps its last data while reloading). */
export function ChartPanel({
  name,
  what,
  status,
  error,
  option,
  empty,
  emptyText,
  height,
  onZoom,
  onLegend,
  view,
}: {
  name: string;
  what: string;
  status: 'loading' | 'error' | 'ready';
  error?: Error | undefined;
  option: ChartOption | undefined;
  empty: boolean;
  emptyText?: string;
  height?: number;
  onZoom?: (range: { from: number; to: number } | undefined) => void;
  /** Told the names of the series hidden in the legend (see `EChart`). */
  onLegend?: (hidden: ReadonlySet<string>) => void;
  /** What the option shows, e.g. `detail:100-200` once a zoom's detail is in (see `EChart`). */
  view?: string | undefined;
}) {
  const show = option !== undefined && !empty;
  return (
    <section className="panel" data-panel={name} aria-label={what}>
      {!show || status === 'error' ? (
        <LoadState status={status} error={error} empty={!show} what={what}>
          {emptyText}
        </LoadState>
      ) : null}
      {show && <EChart name={name} option={option} height={height} view={view} {...(onZoom ? { onZoom } : {})} {...(onLegend ? { onLegend } : {})} />}
    </section>
  );
}
