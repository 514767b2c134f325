'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { eventDensityOption } from '../charts/event-density-option';
import { impactOption } from '../charts/impact-option';
import { importanceOption } from '../charts/importance-option';
import { lineageOption } from '../charts/lineage-option';
import { parallelOption } from '../charts/parallel-option';
import { timelineOption } from '../charts/timeline-option';
import { useDashboardApi } from '../lib/api-context';
import { formatDate, formatNumber } from '../lib/format';
import { shortTrialId } from '../lib/short-trial-id';
import { useLive } from '../lib/use-live';
import { useLoad } from '../lib/use-load';
import { useTheme } from '../lib/use-theme';
import { useUrlState } from '../lib/use-url-state';
import { ChartPanel } from './chart-panel';
import { ExperimentActions } from './experiment-actions';
import { FitnessPanel, MAX_LINES } from './fitness-panel';
import { LiveIndicator } from './live-indicator';
import { LoadState } from './load-state';
import { RegulationPanel } from './regulation-panel';
import { TrialTable } from './trial-table';

const FIELDS = { metric: 'string', param: 'string', trial: 'string', group: 'string', from: 'number', to: 'number', tq: 'string', tstatus: 'string' } as const;
/** Up to this many events in view, the timeline draws each; beyond, their counts per step bucket and level. */
const RAW_EVENTS = 2000;
/** Events of the chosen hyperparameter read for the regulation chart at most (zoom in for the rest). */
const PARAM_EVENTS = 5000;
/** Step buckets of the aggregated timeline. */
const EVENT_BUCKETS = 80;
/** Trials offered in the focus menu (the best by fitness; any other is focused from the trial table). */
const FOCUS_CHOICES = 100;

type SpaceSpec = Record<string, { kind?: string; log?: boolean }>;

/** One experiment: its charts and trials, following it live while it runs; metric, parameter, focused trial and zoom live in the URL. */
export function ExperimentView({ id }: { id: string }) {
  const api = useDashboardApi();
  const theme = useTheme();
  const [state, update] = useUrlState(FIELDS);
  const label = useCallback((trialId: string) => shortTrialId(trialId, id), [id]);
  const detail = useLoad(`${id}`, () => api.getExperiment(id));
  const running = detail.data?.running === true || detail.data?.status === 'running';
  const live = useLive(id, running);
  const refresh = live.tick;

  const names = useLoad(`${id}|${refresh > 0 ? 'live' : ''}`, () => api.seriesNames(id));
  // The fitness chart needs only the record, the metric names and its own one request. The other
  // panels' reads and the analyses are asked once its data is in, so none of them delays it
  // (PGlite answers one query at a time: reads started first would queue the chart's behind them).
  // The trials too, when the chart draws a line per trial: drawing their table and charts takes the
  // page ~300 ms (64 trials), which came before the chart's request when the trials arrived with the
  // metric names. A chart of quantile bands (more trials) draws the best trial on them: it needs the
  // trials first.
  const [chartsIn, setChartsIn] = useState(false);
  const onChartsIn = useCallback(() => setChartsIn(true), []);
  const fitnessIn = chartsIn || (names.data !== undefined && names.data.length === 0) || names.status === 'error';
  const after = (key: string) => (fitnessIn ? key : undefined);
  const bands = (detail.data?.counts.trials ?? 0) > MAX_LINES;
  const trials = useLoad(detail.data === undefined && detail.status !== 'error' ? undefined : bands ? `${id}|${refresh}` : after(`${id}|${refresh}`), () => api.trials(id));
  const lineage = useLoad(after(`${id}|${refresh}`), () => api.lineage(id));
  // The events in view are counted per bucket and level on the server first; only when few enough
  // are they read one by one, so 20,000 events cost a few hundred rows until the user zooms in.
  // After a zoom they read the range once the fitness chart's detail is in (its request goes first).
  const zoomed = state.from !== undefined && state.to !== undefined && state.to > state.from;
  const [detailIn, setDetailIn] = useState('');
  const panelZoom = zoomed && detailIn === `${state.from}-${state.to}` ? detailIn : zoomed ? undefined : '';
  const [panelRange, setPanelRange] = useState('');
  useEffect(() => {
    if (panelZoom !== undefined) setPanelRange(panelZoom);
  }, [panelZoom]);
  const [panelFrom, panelTo] = panelRange ? panelRange.split('-').map(Number) : [];
  const range = panelRange ? { fromStep: panelFrom!, toStep: panelTo! } : {};
  const rangeKey = `${id}|${refresh}|${panelRange}`;
  const eventCounts = useLoad(after(rangeKey), () => api.eventBuckets({ experimentId: id, buckets: EVENT_BUCKETS, ...range }));
  const fewEvents = eventCounts.data !== undefined && eventCounts.data.total <= RAW_EVENTS;
  const events = useLoad(fewEvents ? rangeKey : undefined, () => api.events({ experimentId: id, max: RAW_EVENTS, ...range }));
  const analysisKey = after(`${id}|${live.connection === 'ended' ? 'final' : ''}`);
  const importance = useLoad(analysisKey, () => api.importance(id));
  const impact = useLoad(analysisKey, () => api.impact(id));
  // When the run ends, read the final status once more.
  const reloadDetail = detail.reload;
  useEffect(() => {
    if (live.connection === 'ended') reloadDetail();
  }, [live.connection, reloadDetail]);

  const spec = (detail.data?.spec ?? {}) as { space?: SpaceSpec; objective?: { metric?: string } };
  const space: SpaceSpec = spec.space ?? {};
  const numericParams = Object.entries(space)
    .filter(([, s]) => s.kind !== 'choice')
    .map(([p]) => p);
  const param = state.param && space[state.param] ? state.param : numericParams[0];
  // The regulation chart needs the chosen parameter's changes and the exploits (`@weights`) only.
  const paramEvents = useLoad(param ? after(`${rangeKey}|${param}`) : undefined, () => api.events({ experimentId: id, params: [param!, '@weights'], max: PARAM_EVENTS, ...range }));
  const metric = useMemo(() => {
    const all = names.data ?? [];
    if (state.metric && all.includes(state.metric)) return state.metric;
    const objective = spec.objective?.metric ?? 'val_accuracy';
    return all.includes(objective) ? objective : (all.find((n) => n.startsWith('val_')) ?? all[0]);
  }, [names.data, state.metric, spec.objective?.metric]);
  const best = useMemo(() => [...(trials.data ?? [])].filter((t) => typeof t.fitness === 'number').sort((a, b) => (b.fitness as number) - (a.fitness as number))[0], [trials.data]);
  const focus = state.trial && trials.data?.some((t) => t.id === state.trial) ? state.trial : best?.id;
  const focusChoices = useMemo(() => {
    const ranked = [...(trials.data ?? [])].sort((a, b) => (b.fitness ?? -Infinity) - (a.fitness ?? -Infinity));
    const top = ranked.slice(0, FOCUS_CHOICES);
    const focused = ranked.find((t) => t.id === focus);
    return focused && !top.includes(focused) ? [...top, focused] : top;
  }, [trials.data, focus]);
  // One object per range: the charts' options depend on it, and a new object each render would
  // set each of them again (on the 64 × 100k page, ~100 ms for the fitness chart alone).
  const zoom = useMemo(
    () => (state.from !== undefined && state.to !== undefined && state.to > state.from ? { from: state.from, to: state.to } : undefined),
    [state.from, state.to],
  );
  const onZoom = (range: { from: number; to: number } | undefined) => update({ from: range?.from, to: range?.to });
  // The other zoomable charts follow once the fitness chart's detail is in (as their reads do): the
  // chart the user zoomed gets the machine first.
  const followZoom = useMemo(() => {
    if (!panelRange) return undefined;
    const [from, to] = panelRange.split('-').map(Number);
    return { from: from!, to: to! };
  }, [panelRange]);

  const timeline = useMemo(() => {
    if (!eventCounts.data) return undefined;
    if (!fewEvents) return eventDensityOption(eventCounts.data, theme, followZoom);
    return events.data
      ? timelineOption(
          events.data.map((e) => ({ ...e, trialId: label(e.trialId) })),
          theme,
          followZoom,
        )
      : undefined;
  }, [eventCounts.data, fewEvents, events.data, theme, followZoom, label]);
  const timelineLoad = fewEvents ? events : eventCounts;
  const lineageChart = useMemo(
    () =>
      lineage.data
        ? lineageOption(
            {
              nodes: lineage.data.nodes.map((n) => ({ ...n, id: label(n.id) })),
              edges: lineage.data.edges.map((e) => ({ ...e, childId: label(e.childId), parentId: label(e.parentId) })),
            },
            theme,
          )
        : undefined,
    [lineage.data, theme, label],
  );
  const parallel = useMemo(
    () =>
      trials.data
        ? parallelOption(
            trials.data.map((t) => ({ ...t, id: label(t.id) })),
            'fitness',
            theme,
          )
        : undefined,
    [trials.data, theme, label],
  );
  const importanceChart = useMemo(() => (importance.data ? importanceOption(importance.data.importance, theme) : undefined), [importance.data, theme]);
  const group = state.group === 'kind' ? 'kind' : 'regulator';
  const spectrum = impact.data ? (group === 'kind' ? impact.data.byKind : impact.data.byRegulator) : undefined;
  const impactChart = useMemo(() => (spectrum ? impactOption([{ spectrum }], theme, impact.data?.metric ?? 'objective') : undefined), [spectrum, theme, impact.data?.metric]);

  if (!detail.data) return <LoadState status={detail.status} error={detail.error} what={`experiment ${id}`} />;
  const record = detail.data;
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0 }} data-testid="experiment-name">
          {record.name}
        </h1>
        <span className={`badge ${record.status}`} data-testid="experiment-status">
          {record.status}
        </span>
        <LiveIndicator live={live} />
        <span className="muted">
          {record.backend ? `${record.backend} · ` : ''}created {formatDate(record.createdAt)} · best {formatNumber(best?.fitness)} {best ? `(${label(best.id)})` : ''}
        </span>
        <span style={{ marginLeft: 'auto' }}>
          <ExperimentActions id={id} status={record.status} running={running} onDone={detail.reload} />
        </span>
      </div>
      <div className="toolbar">
        <label>
          metric{' '}
          <select value={metric ?? ''} onChange={(e) => update({ metric: e.target.value })} aria-label="metric">
            {(names.data ?? []).map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          hyperparameter{' '}
          <select value={param ?? ''} onChange={(e) => update({ param: e.target.value })} aria-label="hyperparameter">
            {numericParams.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label title={(trials.data ?? []).length > FOCUS_CHOICES ? `the best ${FOCUS_CHOICES} by fitness; focus any other from the trial table` : undefined}>
          trial{' '}
          <select value={focus ?? ''} onChange={(e) => update({ trial: e.target.value })} aria-label="focused trial">
            {focusChoices.map((t) => (
              <option key={t.id} value={t.id}>
                {label(t.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          impact by{' '}
          <select value={group} onChange={(e) => update({ group: e.target.value })} aria-label="impact grouped by">
            <option value="regulator">regulator</option>
            <option value="kind">event kind</option>
          </select>
        </label>
        {zoom && (
          <button type="button" onClick={() => onZoom(undefined)}>
            Reset zoom ({zoom.from}–{zoom.to})
          </button>
        )}
      </div>
      <div className="grid2">
        <FitnessPanel
          onLoaded={onChartsIn}
          onDetail={setDetailIn}
          experimentId={id}
          label={label}
          trials={trials.data ?? []}
          trialCount={detail.data?.counts.trials ?? 0}
          lineage={lineage.data}
          metric={metric}
          bestTrialId={best?.id}
          zoom={zoom}
          onZoom={onZoom}
          refresh={refresh}
        />
        <RegulationPanel
          param={param}
          log={param ? space[param]?.log === true : false}
          trials={trials.data ?? []}
          events={paramEvents.data ?? []}
          capped={(paramEvents.data ?? []).length >= PARAM_EVENTS}
          label={label}
          focusTrialId={focus}
          zoom={followZoom}
          onZoom={onZoom}
          status={paramEvents.status}
          error={paramEvents.error}
        />
        <ChartPanel
          name="timeline"
          what="regulation events"
          status={timelineLoad.status}
          error={timelineLoad.error}
          option={timeline}
          empty={eventCounts.data?.total === 0}
          emptyText="No regulation event recorded yet."
          onZoom={onZoom}
        />
        <ChartPanel
          name="lineage"
          what="lineage"
          status={lineage.status}
          error={lineage.error}
          option={lineageChart}
          empty={(lineage.data?.nodes ?? []).length === 0}
          emptyText="No trial yet."
        />
        <ChartPanel
          name="parallel"
          what="trial configurations"
          status={trials.status}
          error={trials.error}
          option={parallel}
          empty={!trials.data?.some((t) => typeof t.fitness === 'number')}
          emptyText="No trial has a fitness yet."
        />
        <ChartPanel
          name="importance"
          what="hyperparameter importance"
          status={importance.status}
          error={importance.error}
          option={importanceChart}
          empty={!importance.data || importance.data.importance.every((i) => !(i.importance > 0))}
          emptyText="Importance needs at least 8 evaluated trials with different configurations."
        />
        <ChartPanel
          name="impact"
          what="regulation impact"
          status={impact.status}
          error={impact.error}
          option={impactChart}
          empty={!spectrum?.groups.length}
          emptyText="No regulation event with a measured impact yet."
        />
      </div>
      <h2>Trials</h2>
      <LoadState status={trials.status} error={trials.error} empty={(trials.data ?? []).length === 0} what="trials" />
      {(trials.data ?? []).length > 0 && (
        <TrialTable
          label={label}
          trials={trials.data!}
          focus={focus}
          onFocus={(trial) => update({ trial })}
          query={state.tq ?? ''}
          status={state.tstatus ?? ''}
          onFilter={(filter) => update({ tq: filter.query || undefined, tstatus: filter.status || undefined })}
        />
      )}
    </>
  );
}
