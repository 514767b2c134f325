'use client';
import { useMemo } from 'react';
import type { XY } from '../charts/chart-option';
import { fitnessOption } from '../charts/fitness-option';
import { mergeDetail, seriesPoints } from '../charts/series-points';
import { useDashboardApi } from '../lib/api-context';
import type { LineageGraph, TrialItem } from '../lib/api-types';
import { useLoad } from '../lib/use-load';
import { useTheme } from '../lib/use-theme';
import { ChartPanel } from './chart-panel';

/** Lines drawn at most: the best trials by fitness (the rest are in the trial table). */
export const MAX_LINES = 64;
const BUCKETS = 400;

/**
 * Population fitness over time. The server buckets each trial's series (min/max/last); after a
 * zoom the range is fetched again in detail and replaces the overview inside it.
 */
export function FitnessPanel({
  trials,
  lineage,
  metric,
  bestTrialId,
  zoom,
  onZoom,
  refresh,
  label,
}: {
  trials: readonly TrialItem[];
  lineage: LineageGraph | undefined;
  metric: string | undefined;
  bestTrialId: string | undefined;
  zoom: { from: number; to: number } | undefined;
  onZoom: (range: { from: number; to: number } | undefined) => void;
  refresh: number;
  label: (trialId: string) => string;
}) {
  const api = useDashboardApi();
  const theme = useTheme();
  const shown = useMemo(() => [...trials].sort((a, b) => (b.fitness ?? -Infinity) - (a.fitness ?? -Infinity)).slice(0, MAX_LINES), [trials]);
  const ids = shown.map((t) => t.id).join(',');
  const overview = useLoad(metric && ids ? `${ids}|${metric}|${refresh}` : undefined, () =>
    Promise.all(shown.map(async (t) => ({ id: t.id, points: seriesPoints(await api.series({ trialId: t.id, name: metric!, buckets: BUCKETS })) }))),
  );
  const detail = useLoad(metric && ids && zoom ? `${ids}|${metric}|${zoom.from}-${zoom.to}|${refresh}` : undefined, () =>
    Promise.all(
      shown.map(async (t) => ({ id: t.id, points: seriesPoints(await api.series({ trialId: t.id, name: metric!, buckets: BUCKETS, fromStep: zoom!.from, toStep: zoom!.to })) })),
    ),
  );
  const option = useMemo(() => {
    if (!overview.data || !metric) return undefined;
    const zoomed = new Map<string, readonly XY[]>(zoom && detail.data ? detail.data.map((d) => [d.id, d.points]) : []);
    const lines = overview.data.map((t) => ({ id: label(t.id), points: zoom && zoomed.has(t.id) ? mergeDetail(t.points, zoomed.get(t.id)!, zoom) : t.points }));
    const exploits = (lineage?.edges ?? []).map((e) => ({ trialId: label(e.childId), from: label(e.parentId), step: e.step }));
    return fitnessOption({ metric, trials: lines, bestTrialId: bestTrialId ? label(bestTrialId) : undefined, exploits }, theme, zoom);
  }, [overview.data, detail.data, metric, zoom, lineage, bestTrialId, theme, label]);
  const empty = !overview.data || overview.data.every((t) => t.points.length === 0);
  return (
    <ChartPanel
      name="fitness"
      what="fitness series"
      status={overview.status}
      error={overview.error}
      option={option}
      empty={empty}
      emptyText={metric ? `No ${metric} points stored yet.` : 'This experiment has no metric series yet.'}
      height={360}
      onZoom={onZoom}
    />
  );
}
