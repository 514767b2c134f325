import { initTRPC } from '@trpc/server';
import type { ApiContext } from '../api-context';
import { formatApiError } from './format-api-error';
import { toTrpcError } from './to-trpc-error';

/** The one tRPC instance of the router: every procedure gets an {@link ApiContext}. */
export const t = initTRPC.context<ApiContext>().create({
  // No stack trace, no internal message ever leaves the server: see formatApiError.
  isDev: false,
  errorFormatter: formatApiError,
});

export const router = t.router;
/** A procedure whose errors (its input's zod errors included) reach the client through {@link toTrpcError}. */
export const publicProcedure = t.procedure.use(async ({ next, getRawInput }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error, await getRawInput().catch(() => undefined));
  return result;
});
export const createCallerFactory = t.createCallerFactory;
