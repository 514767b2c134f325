'use client';
import { useMemo, useState } from 'react';
import { decayOption } from '../charts/decay-option';
import { useDashboardApi } from '../lib/api-context';
import type { MarkItem } from '../lib/api-types';
import { formatDate, formatNumber } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useTheme } from '../lib/use-theme';
import { useUrlState } from '../lib/use-url-state';
import { ChartPanel } from './chart-panel';
import { LoadState } from './load-state';

const FIELDS = { experiment: 'string', mark: 'string' } as const;
const WEAKEN_BY = 0.25;

function contextText(context: unknown): string {
  if (!context || typeof context !== 'object') return '—';
  return Object.entries(context as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && (typeof v !== 'object' || v === null))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' · ');
}

/** The epigenetic marks (ranked for an experiment's context when one is chosen): strength and its decay, source, inheritance; erase or weaken. */
export function MemoryView() {
  const api = useDashboardApi();
  const theme = useTheme();
  const [state, update] = useUrlState(FIELDS);
  const [tick, setTick] = useState(0);
  const [actionError, setActionError] = useState<string | undefined>();
  const marks = useLoad(`${state.experiment ?? ''}|${tick}`, () => api.marks({ ...(state.experiment ? { experimentId: state.experiment } : {}), limit: 100 }));
  const [now] = useState(() => Date.now());
  const selected = marks.data?.filter((m) => m.id === state.mark) ?? [];
  const drawn: readonly MarkItem[] = selected.length > 0 ? selected : (marks.data ?? []).slice(0, 8);
  const option = useMemo(() => (drawn.length > 0 ? decayOption(drawn, now, theme) : undefined), [drawn, now, theme]);
  const act = (what: () => Promise<unknown>) => async () => {
    setActionError(undefined);
    try {
      await what();
      setTick((t) => t + 1);
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <h1>Memory</h1>
      <div className="toolbar">
        <label>
          rank for experiment{' '}
          <input
            defaultValue={state.experiment ?? ''}
            placeholder="experiment id (optional)"
            onBlur={(e) => update({ experiment: e.target.value || undefined })}
            aria-label="experiment id"
            maxLength={200}
          />
        </label>
        {actionError && (
          <span className="field-error" role="alert">
            {actionError}
          </span>
        )}
      </div>
      <LoadState status={marks.status} error={marks.error} empty={(marks.data ?? []).length === 0} what="marks">
        No marks stored yet: an experiment with a lineage regulator (e.g. inherit-marks) leaves marks when it completes.
      </LoadState>
      {(marks.data ?? []).length > 0 && (
        <>
          <ChartPanel name="decay" what="mark decay" status={marks.status} option={option} empty={!option} height={280} />
          <div className="vtable" style={{ height: 'auto', maxHeight: 420, marginTop: 12 }}>
            <table className="table" data-testid="marks-table">
              <thead>
                <tr>
                  <th>Mark</th>
                  <th>Context</th>
                  <th>Kind</th>
                  <th>Fitness</th>
                  <th>Strength</th>
                  <th>Now</th>
                  <th>Half-life</th>
                  <th>Source experiment</th>
                  <th>Inherited</th>
                  <th>Updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {marks.data!.map((m) => (
                  <tr
                    key={m.id}
                    data-mark={m.id}
                    aria-selected={m.id === state.mark}
                    onClick={() => update({ mark: m.id === state.mark ? undefined : m.id })}
                    style={{ cursor: 'pointer' }}
                  >
                    <td className="mono">{m.id.slice(0, 10)}</td>
                    <td title={contextText(m.context)} style={{ maxWidth: 260 }}>
                      {contextText(m.context)}
                    </td>
                    <td>{m.regulation?.kind ?? '—'}</td>
                    <td>{formatNumber(m.fitness)}</td>
                    <td>{formatNumber(m.strength, 3)}</td>
                    <td>{formatNumber(m.decayedStrength, 3)}</td>
                    <td>{formatNumber(m.halfLifeDays, 3)} d</td>
                    <td className="mono">
                      {m.sourceExperimentId ? <a href={`/experiments/${encodeURIComponent(m.sourceExperimentId)}`}>{m.sourceExperimentId.slice(0, 10)}</a> : '—'}
                    </td>
                    <td>{m.inherited ?? '—'}</td>
                    <td>{formatDate(m.updatedAt)}</td>
                    <td onClick={(e) => e.stopPropagation()}>
                      <button type="button" onClick={act(() => api.weakenMark(m.id, WEAKEN_BY))} title={`lower its strength by ${WEAKEN_BY}`}>
                        Weaken
                      </button>{' '}
                      <button type="button" className="danger" data-testid={`erase-${m.id}`} onClick={act(() => api.eraseMark(m.id))}>
                        Erase
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
