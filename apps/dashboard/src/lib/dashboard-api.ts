import type { AppRouter } from '@epigenome/api';
import { createTRPCClient, httpBatchStreamLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import type {
  BucketedSeries,
  CompareCurve,
  ExperimentDetail,
  ExperimentListInput,
  ExperimentPage,
  EventBuckets,
  ImpactResult,
  ImportanceResult,
  LineageGraph,
  LiveMessage,
  MarkList,
  PopulationBands,
  PopulationSeries,
  StoredEvent,
  TrialItem,
  Level,
  SpecCatalog,
} from './api-types';
import { immediateGetLink } from './immediate-get-link';

/** The browser's tRPC endpoint: the dashboard's own route handler, which forwards to the API (see `forward-to-api.ts`). */
export const TRPC_PATH = '/api/trpc';

/** A zoom's detail (`series.population` over a step range): sent alone, at once. */
const isZoomDetail = (op: { path: string; input: unknown }) => op.path === 'series.population' && (op.input as { fromStep?: unknown } | undefined)?.fromStep !== undefined;

/**
 * The typed tRPC client: subscriptions over server-sent events, everything else batched over HTTP
 * with each answer streamed as soon as it is ready (a slow analysis never holds back a chart's data).
 * A zoom's detail is the exception: the batch link sends on the next timer tick, after the page has
 * re-rendered for the zoom, so the detail goes alone and at once (`immediateGetLink`), asked by the
 * zoom itself before ECharts draws it (see `EChart`).
 */
export function createApiClient(url: string = TRPC_PATH): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: splitLink({ condition: isZoomDetail, true: immediateGetLink({ url }), false: httpBatchStreamLink({ url, maxItems: 10 }) }),
      }),
    ],
  });
}

/** Every call the dashboard makes, in one place. */
export interface DashboardApi {
  health(): Promise<{ ok: true }>;
  listExperiments(input: ExperimentListInput): Promise<ExperimentPage>;
  getExperiment(id: string): Promise<ExperimentDetail>;
  startExperiment(spec: unknown): Promise<{ experimentId: string }>;
  /** What a spec may use: datasets, model kinds, levels, built-in regulators with their options. */
  specCatalog(): Promise<SpecCatalog>;
  stopExperiment(id: string): Promise<unknown>;
  resumeExperiment(id: string): Promise<unknown>;
  deleteExperiment(id: string): Promise<unknown>;
  trials(experimentId: string): Promise<readonly TrialItem[]>;
  seriesNames(experimentId: string): Promise<readonly string[]>;
  series(input: { trialId: string; name: string; buckets: number; fromStep?: number; toStep?: number }): Promise<BucketedSeries>;
  /** Every trial's series of one metric (or of `trialIds`, at most 64) in one request, each as `series` answers it (`series.population`). */
  populationSeries(input: { experimentId: string; name: string; trialIds?: readonly string[]; buckets: number; fromStep?: number; toStep?: number }): Promise<PopulationSeries>;
  compare(input: { experimentIds: readonly string[]; metric: string; buckets: number }): Promise<readonly CompareCurve[]>;
  /** Events of an experiment, read page by page (500 a page) up to `max`. */
  events(input: { experimentId: string; levels?: readonly Level[]; params?: readonly string[]; fromStep?: number; toStep?: number; max: number }): Promise<readonly StoredEvent[]>;
  /** The population on a metric as quantile bands per step bucket (`aggregate.population`), for experiments with too many trials for a line each. */
  population(input: { experimentId: string; metric: string; buckets: number; fromStep?: number; toStep?: number }): Promise<PopulationBands>;
  /** Regulation events counted per step bucket and level (`aggregate.events`). */
  eventBuckets(input: { experimentId: string; params?: readonly string[]; buckets: number; fromStep?: number; toStep?: number }): Promise<EventBuckets>;
  lineage(experimentId: string): Promise<LineageGraph>;
  importance(experimentId: string): Promise<ImportanceResult>;
  impact(experimentId: string): Promise<ImpactResult>;
  marks(input: { experimentId: string; limit: number }): Promise<MarkList>;
  eraseMark(id: string): Promise<unknown>;
  weakenMark(id: string, amount: number): Promise<unknown>;
  /** Subscribes to an experiment's live changes; resumes from the last event id after a reconnect. Returns the unsubscribe function. */
  live(
    experimentId: string,
    handlers: {
      onData(message: LiveMessage, id: string | undefined): void;
      onError(error: Error): void;
      onState?(state: 'idle' | 'connecting' | 'pending', error?: Error): void;
      onComplete?(): void;
    },
  ): () => void;
}

export function createDashboardApi(client: TRPCClient<AppRouter> = createApiClient()): DashboardApi {
  // Typed end to end: each output must fit the dashboard's view types (api-types.ts), so a change
  // of the router's shapes fails the dashboard's typecheck.
  return {
    health: () => client.health.query(),
    listExperiments: (input) => client.experiments.list.query(input),
    getExperiment: (experimentId) => client.experiments.get.query({ experimentId }),
    startExperiment: (spec) => client.experiments.start.mutate({ spec }),
    specCatalog: () => client.catalog.spec.query(),
    stopExperiment: (experimentId) => client.experiments.stop.mutate({ experimentId }),
    resumeExperiment: (experimentId) => client.experiments.resume.mutate({ experimentId }),
    deleteExperiment: (experimentId) => client.experiments.delete.mutate({ experimentId }),
    trials: (experimentId) => client.trials.list.query({ experimentId }),
    seriesNames: (experimentId) => client.series.names.query({ experimentId }),
    series: (input) => client.series.get.query(input),
    populationSeries: ({ trialIds, ...input }) => client.series.population.query({ ...input, ...(trialIds ? { trialIds: [...trialIds] } : {}) }),
    compare: (input) => client.series.compare.query({ ...input, experimentIds: [...input.experimentIds] }),
    async events({ max, levels, params, ...filter }) {
      const out: StoredEvent[] = [];
      let afterId: number | undefined;
      while (out.length < max) {
        const page = await client.events.list.query({
          ...filter,
          ...(levels ? { levels: [...levels] } : {}),
          ...(params ? { params: [...params] } : {}),
          limit: Math.min(500, max - out.length),
          ...(afterId === undefined ? {} : { afterId }),
        });
        out.push(...page.items);
        if (page.nextAfterId === undefined || page.items.length === 0) break;
        afterId = page.nextAfterId;
      }
      return out;
    },
    population: (input) => client.aggregate.population.query(input),
    eventBuckets: ({ params, ...input }) => client.aggregate.events.query({ ...input, ...(params ? { params: [...params] } : {}) }),
    lineage: (experimentId) => client.lineage.get.query({ experimentId }),
    importance: (experimentId) => client.analysis.importance.query({ experimentId }),
    impact: (experimentId) => client.analysis.impact.query({ experimentId }),
    marks: (input) => client.marks.list.query(input),
    eraseMark: (id) => client.marks.erase.mutate({ id }),
    weakenMark: (id, amount) => client.marks.weaken.mutate({ id, amount }),
    live(experimentId, handlers) {
      const subscription = client.live.experiment.subscribe(
        { experimentId },
        {
          onData: ({ id, data }) => handlers.onData(data, id),
          onError: (error) => handlers.onError(error),
          onConnectionStateChange: (state) => handlers.onState?.(state.state, state.error ?? undefined),
          onComplete: () => handlers.onComplete?.(),
        },
      );
      return () => subscription.unsubscribe();
    },
  };
}
