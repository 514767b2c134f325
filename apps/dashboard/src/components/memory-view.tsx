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

/**
 * The epigenetic marks ranked for an experiment's context (the one in the URL, else the newest):
 * strength and its decay curve, source experiment, how often inherited; erase or weaken a mark.
 */
export function MemoryView() {
  const api = useDashboardApi();
  const theme = useTheme();
  const [state, update] = useUrlState(FIELDS);
  const [tick, setTick] = useState(0);
  const [actionError, setActionError] = useState<string | undefined>();
  const recent = useLoad(state.experiment ? undefined : 'recent', () => api.listExperiments({ limit: 1, sort: 'created', order: 'desc' }));
  const experimentId = state.experiment ?? recent.data?.items[0]?.id;
  const list = useLoad(experimentId ? `${experimentId}|${tick}` : undefined, () => api.marks({ experimentId: experimentId!, limit: 100 }));
  const marks: readonly MarkItem[] = list.data?.items ?? [];
  const [now] = useState(() => Date.now());
  const selected = marks.filter((m) => m.id === state.mark);
  const drawn = selected.length > 0 ? selected : marks.slice(0, 8);
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
  const noExperiment = !experimentId && recent.status === 'ready';
  return (
    <>
      <h1>Memory</h1>
      <div className="toolbar">
        <label>
          ranked for the context of experiment{' '}
          <input
            key={experimentId ?? ''}
            defaultValue={experimentId ?? ''}
            placeholder="experiment id"
            onBlur={(e) => update({ experiment: e.target.value || undefined, mark: undefined })}
            aria-label="experiment id"
            maxLength={200}
            style={{ width: 320 }}
          />
        </label>
        {actionError && (
          <span className="field-error" role="alert">
            {actionError}
          </span>
        )}
      </div>
      {noExperiment ? (
        <div className="state" data-state="empty">
          No experiment yet: marks are ranked for an experiment&apos;s context, so start one first.
        </div>
      ) : (
        <LoadState status={experimentId ? list.status : recent.status} error={list.error ?? recent.error} empty={marks.length === 0} what="marks">
          No marks for this context yet: an experiment with a lineage regulator (e.g. inherit-marks) leaves marks when it completes.
        </LoadState>
      )}
      {marks.length > 0 && (
        <>
          <ChartPanel name="decay" what="mark decay" status={list.status} option={option} empty={!option} height={280} />
          <div className="vtable" style={{ height: 'auto', maxHeight: 420, marginTop: 12 }}>
            <table className="table" data-testid="marks-table">
              <thead>
                <tr>
                  <th>Mark</th>
                  <th>Kind</th>
                  <th>Similarity</th>
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
                {marks.map((m) => (
                  <tr
                    key={m.id}
                    data-mark={m.id}
                    aria-selected={m.id === state.mark}
                    onClick={() => update({ mark: m.id === state.mark ? undefined : m.id })}
                    style={{ cursor: 'pointer' }}
                  >
                    <td className="mono">{m.id.slice(0, 10)}</td>
                    <td>{m.regulation?.kind ?? '—'}</td>
                    <td>{formatNumber(m.similarity, 3)}</td>
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
