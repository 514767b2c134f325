import { TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable } from '@trpc/server/observable';

/**
 * A terminating tRPC link for queries that sends each one as a plain GET (`<url>/<path>?input=…`,
 * the format `httpLink` uses) **in the call itself**: `client.x.query(…)` has its request on the
 * wire before it returns. `httpLink` first awaits its headers, so its request leaves only once the
 * caller's whole task is over — for a zoom's detail, asked inside ECharts' dataZoom action, after
 * ECharts has processed and drawn every line for the new window. No transformer, no batching; the
 * answer's `{ result }` or `{ error }` envelope is read as `httpLink` reads it.
 */
export function immediateGetLink<TRouter extends AnyRouter>(opts: { url: string; fetch?: typeof fetch }): TRPCLink<TRouter> {
  const send = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = opts.url.replace(/\/+$/, '');
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type !== 'query') {
          observer.error(new TRPCClientError(`immediateGetLink sends queries only, not a ${op.type} (${op.path})`));
          return () => undefined;
        }
        const controller = new AbortController();
        const abort = () => controller.abort();
        if (op.signal?.aborted) abort();
        op.signal?.addEventListener('abort', abort);
        const url = `${base}/${op.path}${op.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(op.input))}`}`;
        let done = false;
        send(url, { method: 'GET', signal: controller.signal })
          .then(async (response) => {
            const json = (await response.json()) as { result?: { data?: unknown }; error?: unknown };
            if (json.error !== undefined || json.result === undefined) {
              throw TRPCClientError.from(json.error !== undefined ? { error: json.error } : new Error(`${op.path}: HTTP ${response.status} without a tRPC answer`), {
                meta: { response, responseJSON: json },
              });
            }
            done = true;
            observer.next({ result: { type: 'data', data: json.result.data }, context: { response } });
            observer.complete();
          })
          .catch((cause: unknown) => {
            done = true;
            observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
          });
        return () => {
          op.signal?.removeEventListener('abort', abort);
          if (!done) controller.abort();
        };
      });
}
