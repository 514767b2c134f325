'use client';
import { useMemo } from 'react';
import { regulationLevels } from '../charts/regulation-levels';
import { regulationOption } from '../charts/regulation-option';
import type { StoredEvent, TrialItem } from '../lib/api-types';
import { formatNumber } from '../lib/format';
import { useTheme } from '../lib/use-theme';
import { ChartPanel } from './chart-panel';

/** Trials drawn at most: beyond, the best by fitness and the focused one. */
const MAX_TRIALS = 64;

function linesShown(trials: readonly TrialItem[], focus: string | undefined): readonly TrialItem[] {
  if (trials.length <= MAX_TRIALS) return trials;
  const ranked = [...trials].sort((a, b) => (b.fitness ?? -Infinity) - (a.fitness ?? -Infinity));
  const top = ranked.slice(0, MAX_TRIALS - 1);
  const focused = trials.find((t) => t.id === focus);
  return focused && !top.includes(focused) ? [...top, focused] : ranked.slice(0, MAX_TRIALS);
}

/** Multi-level regulation of one hyperparameter: effective value per trial, the focused trial's levels, events as marks. */
export function RegulationPanel({
  param,
  log,
  trials,
  events: allEvents,
  capped,
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
  /** Whether `events` stopped at a limit (the subtitle then says the chart shows the first ones). */
  capped: boolean;
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
    const shown = linesShown(trials, focusTrialId);
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
    const note = [
      shown.length < trials.length ? `${shown.length} of ${trials.length.toLocaleString('en')} trials (best by fitness)` : '',
      capped ? `first ${allEvents.length} changes (zoom in for the rest)` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return regulationOption({ param, log, trials: levels, focusTrialId: focusTrialId ? label(focusTrialId) : undefined, events: marks, ...(note ? { note } : {}) }, theme, zoom);
  }, [param, log, trials, allEvents, capped, focusTrialId, theme, zoom, label]);
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
