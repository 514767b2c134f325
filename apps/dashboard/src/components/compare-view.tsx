'use client';
import { useMemo } from 'react';
import { compareOption } from '../charts/compare-option';
import { impactOption } from '../charts/impact-option';
import { useDashboardApi } from '../lib/api-context';
import { useLoad } from '../lib/use-load';
import { useTheme } from '../lib/use-theme';
import { useUrlState } from '../lib/use-url-state';
import { ChartPanel } from './chart-panel';
import { LoadState } from './load-state';

const FIELDS = { ids: 'list', metric: 'string', from: 'number', to: 'number' } as const;
const MAX_COMPARED = 8;

/** Several experiments overlaid: best-so-far curves of one metric and their impact spectra. The compared runs are in the URL. */
export function CompareView() {
  const api = useDashboardApi();
  const theme = useTheme();
  const [state, update] = useUrlState(FIELDS);
  const ids = state.ids.slice(0, MAX_COMPARED);
  const metric = state.metric ?? 'val_accuracy';
  const zoom = state.from !== undefined && state.to !== undefined && state.to > state.from ? { from: state.from, to: state.to } : undefined;
  const choices = useLoad('choices', () => api.listExperiments({ limit: 200, sort: 'created', order: 'desc' }));
  const curves = useLoad(ids.length > 0 ? `${ids.join(',')}|${metric}` : undefined, () => api.compare({ experimentIds: ids, metric, buckets: 400 }));
  const spectra = useLoad(ids.length > 0 ? ids.join(',') : undefined, () => Promise.all(ids.map(async (id) => ({ id, spectrum: (await api.impact(id)).byRegulator }))));
  const compareChart = useMemo(() => (curves.data ? compareOption(curves.data, metric, theme, zoom) : undefined), [curves.data, metric, theme, zoom]);
  const impactChart = useMemo(
    () =>
      spectra.data
        ? impactOption(
            spectra.data.map((s) => ({ label: choices.data?.items.find((e) => e.id === s.id)?.name ?? s.id.slice(0, 8), spectrum: s.spectrum })),
            theme,
            metric,
          )
        : undefined,
    [spectra.data, choices.data, theme, metric],
  );
  const toggle = (id: string, on: boolean) => update({ ids: on ? [...ids, id].slice(0, MAX_COMPARED) : ids.filter((x) => x !== id) });
  return (
    <>
      <h1>Compare</h1>
      <div className="toolbar">
        <label>
          metric <input defaultValue={metric} onBlur={(e) => update({ metric: e.target.value || undefined })} aria-label="metric" maxLength={200} style={{ width: 140 }} />
        </label>
        <span className="muted">
          {ids.length} of at most {MAX_COMPARED} experiments selected
        </span>
      </div>
      <LoadState status={choices.status} error={choices.error} empty={(choices.data?.items ?? []).length === 0} what="experiments" />
      <div className="panel" style={{ maxHeight: 160, overflow: 'auto', marginBottom: 12 }}>
        {(choices.data?.items ?? []).map((e) => (
          <label key={e.id} style={{ display: 'inline-block', marginRight: 16 }}>
            <input type="checkbox" checked={ids.includes(e.id)} onChange={(ev) => toggle(e.id, ev.target.checked)} data-compare={e.id} /> {e.name}{' '}
            <span className="muted">({e.status})</span>
          </label>
        ))}
      </div>
      {ids.length === 0 ? (
        <div className="state" data-state="empty">
          Pick experiments above to overlay their curves.
        </div>
      ) : (
        <div className="grid2">
          <ChartPanel
            name="compare"
            what="compared curves"
            status={curves.status}
            error={curves.error}
            option={compareChart}
            empty={!curves.data?.length}
            onZoom={(r) => update({ from: r?.from, to: r?.to })}
            emptyText={`No ${metric} series in these experiments.`}
          />
          <ChartPanel
            name="compare-impact"
            what="impact spectra"
            status={spectra.status}
            error={spectra.error}
            option={impactChart}
            empty={!spectra.data?.some((s) => s.spectrum.groups.length > 0)}
            emptyText="No measured impact in these experiments yet."
          />
        </div>
      )}
    </>
  );
}
