'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { XY } from '../charts/chart-option';
import { fitnessOption, fitnessSeries } from '../charts/fitness-option';
import { mergeBands, populationOption } from '../charts/population-option';
import { mergeDetail, seriesPoints } from '../charts/series-points';
import { useDashboardApi } from '../lib/api-context';
import { detailBuckets } from '../lib/detail-buckets';
import type { LineageGraph, TrialItem } from '../lib/api-types';
import { useLoad } from '../lib/use-load';
import { useTheme } from '../lib/use-theme';
import { ChartPanel } from './chart-panel';

/** What the fitness chart is given by the experiment page. */
export interface FitnessPanelProps {
  experimentId: string;
  /** Called once the chart's overview data has loaded (or failed). */
  onLoaded?: () => void;
  /** Called with `<from>-<to>` once the zoom's detail has loaded (or failed), so other panels may read the range after it. */
  onDetail?: (range: string) => void;
  trials: readonly TrialItem[];
  /** Trials of the experiment (its record's count) while `trials` is still loading: chooses lines or bands. */
  trialCount: number;
  /** Exploits, marked on the lines (small experiments). */
  lineage: LineageGraph | undefined;
  metric: string | undefined;
  bestTrialId: string | undefined;
  zoom: { from: number; to: number } | undefined;
  onZoom: (range: { from: number; to: number } | undefined) => void;
  refresh: number;
  label: (trialId: string) => string;
}

/** Up to this many trials, a line each; beyond, the population as quantile bands computed on the server. */
export const MAX_LINES = 64;
const BUCKETS = 400;
const BAND_BUCKETS = 300;

/**
 * Population fitness over time. Up to {@link MAX_LINES} trials: a line each, the server bucketing
 * every series (min/max/last) in one request (`series.population`). More: quantile bands per step bucket (`aggregate.population`) with the
 * best trial's series on top. Either way a zoom fetches the range again in detail and replaces the
 * overview inside it.
 */
export function FitnessPanel(props: FitnessPanelProps) {
  return (props.trials.length || props.trialCount) > MAX_LINES ? <PopulationBandsChart {...props} /> : <TrialLines {...props} />;
}

function TrialLines({ experimentId, onLoaded, onDetail, lineage, metric, bestTrialId, zoom, onZoom, refresh, label }: FitnessPanelProps) {
  const api = useDashboardApi();
  const theme = useTheme();
  // Lines hidden in the legend (by label): a zoom fetches no detail for them.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  // Every trial's series in one request (one SQL statement), not one request per trial; it needs
  // neither the trial list nor any other panel's data, so the chart draws as soon as it is in.
  const overview = useLoad(metric ? `${experimentId}|${metric}|${refresh}` : undefined, async () =>
    (await api.populationSeries({ experimentId, name: metric!, buckets: BUCKETS })).series.map((s) => ({ id: s.trialId, points: seriesPoints(s) })),
  );
  const visible = useMemo(() => overview.data?.filter((t) => !hidden.has(label(t.id))).map((t) => t.id), [overview.data, hidden, label]);
  const subset = visible !== undefined && overview.data !== undefined && visible.length < overview.data.length && visible.length <= MAX_LINES;
  const detailKey = (range: Range | undefined) =>
    metric && range && visible?.length ? `${experimentId}|${metric}|${range.from}-${range.to}|${subset ? visible.join(',') : 'all'}|${refresh}` : undefined;
  const fetchDetail = async (range: Range) => ({
    range,
    lines: (
      await api.populationSeries({
        experimentId,
        name: metric!,
        buckets: detailBuckets(range, BUCKETS),
        fromStep: range.from,
        toStep: range.to,
        ...(subset ? { trialIds: visible } : {}),
      })
    ).series.map((s) => ({ id: s.trialId, points: seriesPoints(s) })),
  });
  // The detail's request starts in the zoom's own event, before the page re-renders for the new
  // range (URL, other panels, the overview redrawn zoomed): that work then overlaps the server's.
  const started = useRef<{ key: string; answer: ReturnType<typeof fetchDetail> } | undefined>(undefined);
  const key = detailKey(zoom);
  const detail = useLoad(key, () => {
    const early = started.current;
    return early !== undefined && early.key === key ? early.answer : fetchDetail(zoom!);
  });
  const zoomNow = (range: Range | undefined) => {
    const next = detailKey(range);
    if (next && range && next !== key) {
      const answer = fetchDetail(range);
      // Its failure is shown by the load that picks it up; one superseded before that is dropped.
      answer.catch(() => undefined);
      started.current = { key: next, answer };
    }
    // The page's own update for the range (the URL, a render of every panel) comes after: this runs
    // inside ECharts' processing of the zoom (see `EChart`), which that update (~25 ms on the
    // 64 × 100k page) would otherwise hold up.
    setTimeout(() => onZoom(range), 0);
  };
  useEffect(() => {
    if (overview.status !== 'loading') onLoaded?.();
  }, [overview.status, onLoaded]);
  useDetailIn(zoom, detail, onDetail);
  // The lines change with the data (the overview, the current zoom's detail once in), not with the
  // zoom itself: a zoom whose detail is not in yet keeps the same series, and the chart redraws its
  // frame only (ECharts already shows the range the user chose).
  const inside = detailFor(zoom, detail.data);
  const data = useMemo(() => {
    if (!overview.data || !metric) return undefined;
    const zoomed = new Map<string, readonly XY[]>(inside ? inside.lines.map((d) => [d.id, d.points]) : []);
    const lines = overview.data.map((t) => ({ id: label(t.id), points: inside && zoomed.has(t.id) ? mergeDetail(t.points, zoomed.get(t.id)!, inside.range) : t.points }));
    const exploits = (lineage?.edges ?? []).map((e) => ({ trialId: label(e.childId), from: label(e.parentId), step: e.step }));
    const fitness = { metric, trials: lines, bestTrialId: bestTrialId ? label(bestTrialId) : undefined, exploits };
    return { fitness, series: fitnessSeries(fitness, theme) };
  }, [overview.data, inside, metric, lineage, bestTrialId, theme, label]);
  const option = useMemo(() => (data ? fitnessOption(data.fitness, theme, zoom, data.series) : undefined), [data, theme, zoom]);
  const empty = !overview.data || overview.data.every((t) => t.points.length === 0);
  return (
    <ChartPanel
      name="fitness"
      what="fitness series"
      view={viewOf(zoom, detail)}
      status={overview.status}
      error={overview.error}
      option={option}
      empty={empty}
      emptyText={metric ? `No ${metric} points stored yet.` : 'This experiment has no metric series yet.'}
      height={360}
      onZoom={zoomNow}
      onLegend={setHidden}
    />
  );
}

function PopulationBandsChart({ experimentId, onLoaded, onDetail, trials, metric, bestTrialId, zoom, onZoom, refresh, label }: FitnessPanelProps) {
  const api = useDashboardApi();
  const theme = useTheme();
  // The best trial's line is drawn on the bands: wait for the trial list to know it.
  const key = metric && trials.length > 0 ? `${experimentId}|${metric}|${trials.length}|${bestTrialId}|${refresh}` : undefined;
  const overview = useLoad(key, async () => {
    const [bands, best] = await Promise.all([
      api.population({ experimentId, metric: metric!, buckets: BAND_BUCKETS }),
      bestTrialId ? api.series({ trialId: bestTrialId, name: metric!, buckets: BUCKETS }).then(seriesPoints) : Promise.resolve(undefined),
    ]);
    return { bands, best };
  });
  const detail = useLoad(key && zoom ? `${key}|${zoom.from}-${zoom.to}` : undefined, async () => {
    const [bands, best] = await Promise.all([
      api.population({ experimentId, metric: metric!, buckets: BAND_BUCKETS, fromStep: zoom!.from, toStep: zoom!.to }),
      bestTrialId ? api.series({ trialId: bestTrialId, name: metric!, buckets: BUCKETS, fromStep: zoom!.from, toStep: zoom!.to }).then(seriesPoints) : Promise.resolve(undefined),
    ]);
    return { range: zoom!, bands, best };
  });
  useEffect(() => {
    if (overview.status !== 'loading') onLoaded?.();
  }, [overview.status, onLoaded]);
  useDetailIn(zoom, detail, onDetail);
  const option = useMemo(() => {
    if (!overview.data || !metric) return undefined;
    const { bands, best } = overview.data;
    const inside = detailFor(zoom, detail.data);
    return populationOption(
      {
        metric,
        mode: bands.mode,
        trials: bands.trials,
        width: inside ? inside.bands.width : bands.width,
        bands: inside && zoom ? mergeBands(bands.bands, inside.bands.bands, zoom) : bands.bands,
        best: best && bestTrialId ? { id: label(bestTrialId), points: inside?.best && zoom ? mergeDetail(best, inside.best, zoom) : best } : undefined,
      },
      theme,
      zoom,
    );
  }, [overview.data, detail.data, metric, zoom, bestTrialId, theme, label]);
  return (
    <ChartPanel
      name="fitness"
      what="population fitness"
      view={viewOf(zoom, detail)}
      status={overview.status}
      error={overview.error}
      option={option}
      empty={!overview.data || overview.data.bands.bands.length === 0}
      emptyText={metric ? `No ${metric} points stored yet.` : 'This experiment has no metric series yet.'}
      height={360}
      onZoom={onZoom}
    />
  );
}

type Range = { from: number; to: number };

/** Tells `onDetail` once the current zoom's detail is in the chart (or its request failed). */
function useDetailIn(zoom: Range | undefined, detail: { status: string; data: { range: Range } | undefined }, onDetail: ((range: string) => void) | undefined): void {
  const done = zoom !== undefined && (detailFor(zoom, detail.data) !== undefined || detail.status === 'error');
  const key = zoom ? `${zoom.from}-${zoom.to}` : undefined;
  useEffect(() => {
    if (done && key) onDetail?.(key);
  }, [done, key, onDetail]);
}

/** The loaded detail when it is the current zoom's (a previous zoom's answer is not merged into another range). */
function detailFor<T extends { range: Range }>(zoom: Range | undefined, data: T | undefined): T | undefined {
  return zoom && data && data.range.from === zoom.from && data.range.to === zoom.to ? data : undefined;
}

/** `detail:<from>-<to>` when the current zoom's detail is in the option, else `overview`. */
function viewOf(zoom: Range | undefined, detail: { data: { range: Range } | undefined }): string {
  return zoom && detailFor(zoom, detail.data) ? `detail:${zoom.from}-${zoom.to}` : 'overview';
}
