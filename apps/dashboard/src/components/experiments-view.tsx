'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDashboardApi } from '../lib/api-context';
import { EXPERIMENT_STATUSES, LEVELS, type ExperimentItem, type ExperimentSort, type ExperimentStatus } from '../lib/api-types';
import { formatDate, formatDuration, formatNumber } from '../lib/format';
import { useUrlState } from '../lib/use-url-state';
import { ExperimentActions } from './experiment-actions';
import { LoadState } from './load-state';
import { StartExperiment } from './start-experiment';
import { VirtualRows } from './virtual-rows';

const FIELDS = { q: 'string', status: 'list', tag: 'string', sort: 'string', order: 'string' } as const;
const SORTS: readonly ExperimentSort[] = ['created', 'name', 'best', 'duration', 'status'];
const PAGE = 200;
const POLL_MS = 3000;

/**
 * The experiments list: filtered, sorted and paged on the server (cursor pages loaded as the
 * virtualised table scrolls), its state in the URL, live status by polling while any runs.
 */
export function ExperimentsView() {
  const api = useDashboardApi();
  const router = useRouter();
  const [state, update] = useUrlState(FIELDS);
  const sort = (SORTS as readonly string[]).includes(state.sort ?? '') ? (state.sort as ExperimentSort) : 'created';
  const order: 'asc' | 'desc' = state.order === 'asc' ? 'asc' : 'desc';
  const statuses = state.status.filter((s): s is ExperimentStatus => (EXPERIMENT_STATUSES as readonly string[]).includes(s));
  const filterKey = JSON.stringify([state.q ?? '', statuses, state.tag ?? '', sort, order]);

  const [items, setItems] = useState<readonly ExperimentItem[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [status, setStatus] = useState<'loading' | 'error' | 'ready'>('loading');
  const [error, setError] = useState<Error | undefined>();
  const [showStart, setShowStart] = useState(false);
  const loadingMore = useRef(false);
  const generation = useRef(0);

  const input = useCallback(
    (after?: string) => ({
      ...(statuses.length > 0 ? { statuses } : {}),
      ...(state.q ? { name: state.q } : {}),
      ...(state.tag ? { tag: state.tag } : {}),
      sort,
      order,
      limit: PAGE,
      ...(after ? { cursor: after } : {}),
    }),
    [filterKey],
  );

  const loadFirst = useCallback(
    async (quiet: boolean) => {
      const mine = ++generation.current;
      if (!quiet) setStatus('loading');
      try {
        const page = await api.listExperiments(input());
        if (mine !== generation.current) return;
        // A quiet refresh keeps the pages loaded beyond the first, unless the first is the whole list
        // (no next cursor): then rows deleted or gone from the filter must go (a delete left its row).
        setItems((old) => (quiet && page.nextCursor !== undefined && old.length > page.items.length ? [...page.items, ...old.slice(page.items.length)] : page.items));
        if (!quiet) setCursor(page.nextCursor);
        setStatus('ready');
        setError(undefined);
      } catch (e) {
        if (mine !== generation.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setStatus('error');
      }
    },
    [api, input],
  );

  useEffect(() => {
    void loadFirst(false);
  }, [loadFirst]);

  const anyRunning = items.some((i) => i.status === 'running' || i.running);
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void loadFirst(true), POLL_MS);
    return () => clearInterval(timer);
  }, [anyRunning, loadFirst]);

  const loadMore = async () => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const mine = generation.current;
    try {
      const page = await api.listExperiments(input(cursor));
      if (mine !== generation.current) return;
      setItems((old) => [...old, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      loadingMore.current = false;
    }
  };

  const header = (label: string, key: ExperimentSort | undefined, width: number) => (
    <th style={{ width }}>
      {key ? (
        <button
          type="button"
          onClick={() => update({ sort: key, order: sort === key && order === 'desc' ? 'asc' : 'desc' })}
          aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
        >
          {label} {sort === key ? (order === 'asc' ? '▲' : '▼') : ''}
        </button>
      ) : (
        label
      )}
    </th>
  );

  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, marginRight: 'auto' }}>Experiments</h1>
        <button type="button" className="primary" onClick={() => setShowStart((s) => !s)} data-testid="new-experiment">
          {showStart ? 'Close' : 'New experiment'}
        </button>
      </div>
      {showStart && (
        <div style={{ marginBottom: 12 }}>
          <StartExperiment onStarted={(id) => router.push(`/experiments/${encodeURIComponent(id)}`)} />
        </div>
      )}
      <div className="toolbar" role="search">
        <input
          type="search"
          placeholder="name contains…"
          aria-label="filter by name"
          defaultValue={state.q ?? ''}
          onChange={(e) => update({ q: e.target.value || undefined })}
          maxLength={200}
        />
        <input
          type="search"
          placeholder="tag"
          aria-label="filter by tag"
          defaultValue={state.tag ?? ''}
          onChange={(e) => update({ tag: e.target.value || undefined })}
          maxLength={200}
          style={{ width: 110 }}
        />
        {EXPERIMENT_STATUSES.map((s) => (
          <label key={s} className="muted">
            <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => update({ status: e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s) })} /> {s}
          </label>
        ))}
        <span className="muted" style={{ marginLeft: 'auto' }} data-testid="experiment-count">
          {items.length} shown{cursor ? ' (scroll for more)' : ''}
        </span>
      </div>
      <LoadState status={status} error={error} empty={items.length === 0} what="experiments">
        {statuses.length > 0 || state.q || state.tag
          ? 'No experiment matches these filters.'
          : 'No experiments yet: start one with “New experiment”, or run `npx epigenome run spec.json` against this server.'}
      </LoadState>
      {items.length > 0 && (
        <VirtualRows
          testId="experiments-table"
          rows={items}
          columns={9}
          onNearEnd={loadMore}
          header={
            <tr>
              {header('Name', 'name', 200)}
              {header('Status', 'status', 110)}
              {header('Best', 'best', 160)}
              {header('Backend', undefined, 90)}
              {header('Pop.', undefined, 60)}
              {header('Regulators', undefined, 200)}
              {header('Duration', 'duration', 100)}
              {header('Created', 'created', 170)}
              <th style={{ width: 170 }}>Actions</th>
            </tr>
          }
          renderRow={(e) => (
            <tr key={e.id} data-experiment={e.id} style={{ height: 32 }}>
              <td title={e.id}>
                <a href={`/experiments/${encodeURIComponent(e.id)}`}>{e.name}</a>
              </td>
              <td>
                <span className={`badge ${e.status}`}>{e.status}</span>
              </td>
              <td title={e.best ? `trial ${e.best.trialId}` : undefined}>
                {formatNumber(e.best?.value)} {e.objective ? <span className="muted">{e.objective.metric}</span> : null}
              </td>
              <td>{e.backend}</td>
              <td>{e.population ?? '—'}</td>
              <td title={LEVELS.map((l) => `${l}: ${e.regulators?.[l]?.join(', ') || '—'}`).join('\n')}>
                {LEVELS.flatMap((l) => e.regulators?.[l] ?? [])
                  .filter((r, i, all) => all.indexOf(r) === i)
                  .join(', ') || '—'}
              </td>
              <td>{formatDuration(e.durationMs)}</td>
              <td>{formatDate(e.createdAt)}</td>
              <td>
                <ExperimentActions id={e.id} status={e.status} running={e.running === true} onDone={() => void loadFirst(true)} />
              </td>
            </tr>
          )}
        />
      )}
    </>
  );
}
