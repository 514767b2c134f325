import { initTRPC } from '@trpc/server';
import type { ApiContext } from '../api-context';
import { formatApiError } from './format-api-error';
import { toTrpcError } from './to-trpc-error';

/** The one tRPC instance of the router: every procedure gets an {@link ApiContext}. */
export const t = initTRPC.context<ApiContext>().create({
  // No stack trace, no internal message ever leaves the server: see formatApiError.
  isDev: false,
  errorFormatter: formatApiError,
  // SSE subscriptions: a ping well within the client's reconnect-after-inactivity timeout, so an
  // idle but healthy stream is never torn down, and a dead one is noticed in seconds.
  sse: { ping: { enabled: true, intervalMs: 5_000 }, client: { reconnectAfterInactivityMs: 15_000 } },
});

export const router = t.router;
/** A procedure whose errors (its input's zod errors included) reach the client through {@link toTrpcError}. */
export const publicProcedure = t.procedure.use(async ({ next, getRawInput }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error, await getRawInput().catch(() => undefined));
  return result;
});
export const createCallerFactory = t.createCallerFactory;
