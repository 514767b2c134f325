import type { ServerResponse } from 'node:http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/** A tRPC error code the server answers with before tRPC sees the request. */
export type RefusalCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

/**
 * Answers a request the server refuses before tRPC sees it, in the shape of tRPC's own errors
 * (`{ error: { message, code, data: { code, httpStatus } } }`, so `@trpc/client` shows the
 * message), the message naming what was wrong.
 */
export function sendRefusal(res: ServerResponse, status: number, code: RefusalCode, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}
