import { experimentControlRouter } from './experiment-control-router';
import { publicProcedure, router } from './trpc';

/**
 * The router of Epigenome. Clients (the dashboard, the CLI) import only its type, `AppRouter`.
 */
export const appRouter = router({
  /** Liveness: answers without touching the store. */
  health: publicProcedure.query(() => ({ ok: true as const })),
  experiments: experimentControlRouter,
});

export type AppRouter = typeof appRouter;
