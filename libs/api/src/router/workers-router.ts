import type { PgPoolLike } from '@epigenome/memory';
import { z } from 'zod';
import { input, int } from './input-parts';
import { publicProcedure, router } from './trpc';

/** Why the list is empty on the embedded store. */
export const WORKERS_NEED_POSTGRES = 'scale-out workers need a PostgreSQL store: start the server with --database-url postgres://… and run `epigenome worker` on each machine';

/** `workers.*`: the scale-out workers (`epigenome worker`) registered on the server's PostgreSQL store. */
export const workersRouter = router({
  /**
   * The registered workers (backend, cores, throughput in steps/s, last heartbeat, alive), alive
   * first. `all` includes stopped and silent ones; `staleAfterMs` (default 5000) is how long
   * without a heartbeat a worker stays alive. On PGlite: no workers and a `note` saying why.
   */
  list: publicProcedure
    .input(input({ all: z.boolean({ error: 'true or false' }).optional(), staleAfterMs: int(500, 3_600_000).optional() }).optional())
    .query(async ({ ctx, input: o = {} }) => {
      if (ctx.memory.driver !== 'postgres') return { workers: [], note: WORKERS_NEED_POSTGRES };
      // Loaded only here: clients of the router and PGlite servers never load pg-boss's side.
      const { listWorkers } = await import('@epigenome/workers');
      const pool = (ctx.memory.db as unknown as { $client: PgPoolLike }).$client;
      const workers = await listWorkers({ pool, ...(o.all !== undefined ? { all: o.all } : {}), ...(o.staleAfterMs !== undefined ? { staleAfterMs: o.staleAfterMs } : {}) });
      return {
        workers: workers.map((w) => ({
          id: w.id,
          host: w.host,
          pid: w.pid,
          backend: w.backend,
          cores: w.cores,
          throughput: w.throughput,
          segments: w.segments,
          busy: w.busy,
          alive: w.alive,
          startedAt: w.startedAt.toISOString(),
          lastHeartbeat: w.seenAt.toISOString(),
          stoppedAt: w.stoppedAt?.toISOString() ?? null,
        })),
        note: null,
      };
    }),
});
