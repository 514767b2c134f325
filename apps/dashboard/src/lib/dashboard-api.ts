import type { AppRouter } from '@epigenome/api';
import { createTRPCClient, getUntypedClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import type {
  BucketedSeries,
  CompareCurve,
  ExperimentDetail,
  ExperimentListInput,
  ExperimentPage,
  ImpactResult,
  ImportanceResult,
  LineageGraph,
  LiveMessage,
  MarkList,
  StoredEvent,
  TrialItem,
  Level,
} from './api-types';

/** The browser's tRPC endpoint: the dashboard's own route handler, which forwards to the API (see `forward-to-api.ts`). */
export const TRPC_PATH = '/api/trpc';

/** The typed tRPC client: subscriptions over server-sent events, everything else batched over HTTP. */
export function createApiClient(url: string = TRPC_PATH): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url, maxItems: 10 }),
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
  stopExperiment(id: string): Promise<unknown>;
  resumeExperiment(id: string): Promise<unknown>;
  deleteExperiment(id: string): Promise<unknown>;
  trials(experimentId: string): Promise<readonly TrialItem[]>;
  seriesNames(experimentId: string): Promise<readonly string[]>;
  series(input: { trialId: string; name: string; buckets: number; fromStep?: number; toStep?: number }): Promise<BucketedSeries>;
  compare(input: { experimentIds: readonly string[]; metric: string; buckets: number }): Promise<readonly CompareCurve[]>;
  /** Events of an experiment, read page by page (500 a page) up to `max`. */
  events(input: { experimentId: string; levels?: readonly Level[]; params?: readonly string[]; fromStep?: number; toStep?: number; max: number }): Promise<readonly StoredEvent[]>;
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
  // The router's procedures are called by path through the untyped client; the outputs are typed
  // by `api-types.ts`, which follows the router's documented shapes.
  const raw = getUntypedClient(client);
  const query = <T>(path: string, input?: unknown) => raw.query(path, input) as Promise<T>;
  const mutation = <T>(path: string, input?: unknown) => raw.mutation(path, input) as Promise<T>;
  return {
    health: () => query('health'),
    listExperiments: (input) => query('experiments.list', input),
    getExperiment: (experimentId) => query('experiments.get', { experimentId }),
    startExperiment: (spec) => mutation('experiments.start', { spec }),
    stopExperiment: (experimentId) => mutation('experiments.stop', { experimentId }),
    resumeExperiment: (experimentId) => mutation('experiments.resume', { experimentId }),
    deleteExperiment: (experimentId) => mutation('experiments.delete', { experimentId }),
    trials: (experimentId) => query('trials.list', { experimentId }),
    seriesNames: (experimentId) => query('series.names', { experimentId }),
    series: (input) => query('series.get', input),
    compare: (input) => query('series.compare', input),
    async events({ max, ...filter }) {
      const out: StoredEvent[] = [];
      let afterId: number | undefined;
      while (out.length < max) {
        const page = await query<{ items: StoredEvent[]; nextAfterId?: number }>('events.list', {
          ...filter,
          limit: Math.min(500, max - out.length),
          ...(afterId === undefined ? {} : { afterId }),
        });
        out.push(...page.items);
        if (page.nextAfterId === undefined || page.nextAfterId === null || page.items.length === 0) break;
        afterId = page.nextAfterId;
      }
      return out;
    },
    lineage: (experimentId) => query('lineage.get', { experimentId }),
    importance: (experimentId) => query('analysis.importance', { experimentId }),
    impact: (experimentId) => query('analysis.impact', { experimentId }),
    marks: (input) => query('marks.list', input),
    eraseMark: (id) => mutation('marks.erase', { id }),
    weakenMark: (id, amount) => mutation('marks.weaken', { id, amount }),
    live(experimentId, handlers) {
      const subscription = raw.subscription(
        'live.experiment',
        { experimentId },
        {
          onData: (data: unknown) => {
            // tracked() messages arrive as { id, data }
            const tracked = data as { id?: string; data: LiveMessage };
            handlers.onData(tracked.data, tracked.id);
          },
          onError: (error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))),
          onConnectionStateChange: (state: { state: 'idle' | 'connecting' | 'pending'; error?: unknown }) =>
            handlers.onState?.(state.state, state.error instanceof Error ? state.error : undefined),
          onComplete: () => handlers.onComplete?.(),
        },
      );
      return () => subscription.unsubscribe();
    },
  };
}
