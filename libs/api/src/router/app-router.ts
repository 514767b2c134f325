import { aggregateRouter } from './aggregate-router';
import { analysisRouter } from './analysis-router';
import { catalogRouter } from './catalog-router';
import { eventsRouter } from './events-router';
import { experimentsRouter } from './experiments-router';
import { lineageRouter } from './lineage-router';
import { liveRouter } from './live-router';
import { marksRouter } from './marks-router';
import { seriesRouter } from './series-router';
import { trialsRouter } from './trials-router';
import { publicProcedure, router } from './trpc';
import { workersRouter } from './workers-router';

/**
 * The router of Epigenome. Clients (the dashboard, the CLI) import only its type, `AppRouter`.
 */
export const appRouter = router({
  /** Liveness: answers without touching the store. */
  health: publicProcedure.query(() => ({ ok: true as const })),
  experiments: experimentsRouter,
  trials: trialsRouter,
  series: seriesRouter,
  events: eventsRouter,
  lineage: lineageRouter,
  marks: marksRouter,
  analysis: analysisRouter,
  aggregate: aggregateRouter,
  live: liveRouter,
  workers: workersRouter,
  catalog: catalogRouter,
});

export type AppRouter = typeof appRouter;
