'use client';
import { useMemo } from 'react';
import type { TrialItem } from '../lib/api-types';
import { filterTrials } from '../lib/filter-trials';
import { formatNumber } from '../lib/format';
import { VirtualRows } from './virtual-rows';

/**
 * The trials of an experiment (virtualised, so 10,000 rows stay smooth), filtered by status and by
 * text (a trial id, a parent id or a `param=value` of its config); clicking a row focuses the trial.
 */
export function TrialTable({
  trials,
  focus,
  onFocus,
  label,
  query,
  status,
  onFilter,
}: {
  trials: readonly TrialItem[];
  focus: string | undefined;
  onFocus: (id: string) => void;
  label: (trialId: string) => string;
  /** Text filter: matches the trial's id, its parent's id or `param=value` of its config (case-insensitive). */
  query: string;
  /** Status filter (`''` for all). */
  status: string;
  onFilter: (filter: { query: string; status: string }) => void;
}) {
  const params = useMemo(() => {
    const names = new Set<string>();
    for (const t of trials) for (const k of Object.keys(t.config)) names.add(k);
    return [...names].sort();
  }, [trials]);
  const statuses = useMemo(() => [...new Set(trials.map((t) => t.status))].sort(), [trials]);
  const shown = useMemo(() => filterTrials(trials, query, status), [trials, query, status]);
  return (
    <>
      <div className="toolbar">
        <input type="search" placeholder="filter: trial id or lr=0.01" value={query} onChange={(e) => onFilter({ query: e.target.value, status })} aria-label="filter trials" />
        <select value={status} onChange={(e) => onFilter({ query, status: e.target.value })} aria-label="trial status">
          <option value="">any status</option>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <span className="muted" data-testid="trial-count">
          {shown.length === trials.length ? `${trials.length.toLocaleString('en')} trials` : `${shown.length.toLocaleString('en')} of ${trials.length.toLocaleString('en')} trials`}
        </span>
      </div>
      <TrialRows trials={shown} params={params} focus={focus} onFocus={onFocus} label={label} />
    </>
  );
}

function TrialRows({
  trials,
  params,
  focus,
  onFocus,
  label,
}: {
  trials: readonly TrialItem[];
  params: readonly string[];
  focus: string | undefined;
  onFocus: (id: string) => void;
  label: (trialId: string) => string;
}) {
  return (
    <VirtualRows
      testId="trial-table"
      rows={trials}
      height={Math.min(360, 40 + Math.max(1, trials.length) * 32)}
      columns={6 + params.length}
      header={
        <tr>
          <th style={{ width: 150 }}>Trial</th>
          <th style={{ width: 100 }}>Status</th>
          <th style={{ width: 80 }}>Step</th>
          <th style={{ width: 100 }}>Fitness</th>
          <th style={{ width: 130 }}>Parent</th>
          <th style={{ width: 60 }}>Gen.</th>
          {params.map((p) => (
            <th key={p} style={{ width: 110 }}>
              {p}
            </th>
          ))}
        </tr>
      }
      renderRow={(t) => (
        <tr
          key={t.id}
          onClick={() => onFocus(t.id)}
          style={{ height: 32, cursor: 'pointer', fontWeight: t.id === focus ? 700 : undefined }}
          aria-selected={t.id === focus}
          data-trial={t.id}
        >
          <td className="mono" title={t.id}>
            {label(t.id)}
          </td>
          <td>{t.status}</td>
          <td>{t.step}</td>
          <td>{formatNumber(t.fitness)}</td>
          <td className="mono">{t.parentId ? label(t.parentId) : '—'}</td>
          <td>{t.generation}</td>
          {params.map((p) => (
            <td key={p}>{typeof t.config[p] === 'number' ? formatNumber(t.config[p] as number) : String(t.config[p] ?? '—')}</td>
          ))}
        </tr>
      )}
    />
  );
}
