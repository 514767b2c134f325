'use client';
import { useMemo } from 'react';
import { regulationLevels } from '../charts/regulation-levels';
import { regulationOption } from '../charts/regulation-option';
import type { StoredEvent, TrialItem } from '../lib/api-types';
import { formatNumber } from '../lib/format';
import { useTheme } from '../lib/use-theme';
import { ChartPanel } from './chart-panel';

/** Multi-level regulation of one hyperparameter: effective value per trial, the focused trial's levels, events as marks. */
export function RegulationPanel({
  param,
  log,
  trials,
  events: allEvents,
  label,
  focusTrialId,
  zoom,
  onZoom,
  status,
  error,
}: {
  param: string | undefined;
  log: boolean;
  trials: readonly TrialItem[];
  events: readonly StoredEvent[];
  label: (trialId: string) => string;
  focusTrialId: string | undefined;
  zoom: { from: number; to: number } | undefined;
  onZoom: (range: { from: number; to: number } | undefined) => void;
  status: 'loading' | 'error' | 'ready';
  error: Error | undefined;
}) {
  const theme = useTheme();
  const option = useMemo(() => {
    if (!param) return undefined;
    const shown = trials.slice(0, 64);
    const events = allEvents.filter((e) => e.param === param || e.kind === 'exploit');
    const configured = new Map(shown.map((t) => [t.id, typeof t.config[param] === 'number' ? (t.config[param] as number) : undefined]));
    const hasChange = new Set(events.filter((e) => e.kind === 'change').map((e) => e.trialId));
    // A trial without any change of the parameter kept its configured value throughout.
    const levels = regulationLevels(
      param,
      shown.map((t) => t.id),
      events,
      (id) => (hasChange.has(id) ? undefined : configured.get(id)),
    ).map((l) => {
      const t = shown.find((x) => x.id === l.trialId)!;
      const extend = (points: typeof l.effective) => (t.step > (points.at(-1)?.[0] ?? 0) ? [...points, [t.step, points.at(-1)![1]] as const] : points);
      return { trialId: label(l.trialId), effective: extend(l.effective), base: extend(l.base), epoch: extend(l.epoch), step: extend(l.step) };
    });
    const marks = events
      .filter((e) => e.param === param && typeof e.to === 'number')
      .map((e) => ({
        step: e.step,
        level: e.level,
        trialId: label(e.trialId),
        value: e.to as number,
        label: `${e.regulator}: ${formatNumber(e.from as number)} → ${formatNumber(e.to as number)} (${e.reason})`,
      }));
    return regulationOption({ param, log, trials: levels, focusTrialId: focusTrialId ? label(focusTrialId) : undefined, events: marks }, theme, zoom);
  }, [param, log, trials, allEvents, focusTrialId, theme, zoom, label]);
  return (
    <ChartPanel
      name="regulation"
      what="regulation events"
      status={status}
      error={error}
      option={option}
      empty={!option || option.series.length === 0}
      emptyText={param ? `No numeric value of ${param} to draw yet.` : 'The spec has no numeric hyperparameter to draw.'}
      height={360}
      onZoom={onZoom}
    />
  );
}
