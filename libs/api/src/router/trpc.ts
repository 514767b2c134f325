import { initTRPC } from '@trpc/server';
import type { ApiContext } from '../api-context';
import { formatApiError } from './format-api-error';

/** The one tRPC instance of the router: every procedure gets an {@link ApiContext}. */
export const t = initTRPC.context<ApiContext>().create({
  // No stack trace, no internal message ever leaves the server: see formatApiError.
  isDev: false,
  errorFormatter: formatApiError,
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
