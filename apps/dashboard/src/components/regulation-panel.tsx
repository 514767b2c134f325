'use client';
import { useMemo } from 'react';
import { regulationLevels, type LevelContributions } from '../charts/regulation-levels';
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
  events,
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
  focusTrialId: string | undefined;
  zoom: { from: number; to: number } | undefined;
  onZoom: (range: { from: number; to: number } | undefined) => void;
  status: 'loading' | 'error' | 'ready';
  error: Error | undefined;
}) {
  const theme = useTheme();
  const option = useMemo(() => {
    if (!param) return undefined;
    const mine = events.filter((e) => e.param === param);
    const levels: LevelContributions[] = [];
    for (const t of trials.slice(0, 64)) {
      const own = mine.filter((e) => e.trialId === t.id);
      const start = own.length === 0 && typeof t.config[param] === 'number' ? (t.config[param] as number) : undefined;
      const l = regulationLevels(t.id, own, start);
      if (l) levels.push(t.step > 0 && own.length === 0 ? { ...l, effective: [...l.effective, [t.step, l.effective[0]![1]]] } : l);
    }
    const marks = mine
      .filter((e) => typeof e.to === 'number')
      .map((e) => ({
        step: e.step,
        level: e.level,
        trialId: e.trialId,
        value: e.to as number,
        label: `${e.regulator}: ${formatNumber(e.from as number)} → ${formatNumber(e.to as number)} (${e.reason})`,
      }));
    return regulationOption({ param, log, trials: levels, focusTrialId, events: marks }, theme, zoom);
  }, [param, log, trials, events, focusTrialId, theme, zoom]);
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
