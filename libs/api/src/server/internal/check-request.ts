import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RefusalCode } from './send-refusal';

/** A refusal: the HTTP status, tRPC-style code, message and extra headers. */
export interface Refusal {
  readonly status: number;
  readonly code: RefusalCode;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a presented bearer token with the expected one in constant time (both hashed first, so lengths leak nothing). */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Whether the request carries `Authorization: Bearer <token>`. */
export function checkToken(req: IncomingMessage, token: string): Refusal | undefined {
  const header = req.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m && tokenMatches(m[1] as string, token)) return undefined;
  return {
    status: 401,
    code: 'UNAUTHORIZED',
    message:
      header === undefined
        ? 'this server needs a token: send the header "Authorization: Bearer <EPIGENOME_TOKEN>"'
        : 'the Authorization header does not carry this server\'s token ("Bearer <EPIGENOME_TOKEN>")',
    headers: { 'www-authenticate': 'Bearer' },
  };
}

/**
 * Refuses a state-changing request from another site: a browser's `Origin` must be the server's
 * own (or listed in `allowedOrigins`), and `Sec-Fetch-Site` must say same-origin or none (typed
 * by the user). Clients that are not browsers send neither header and pass.
 */
export function checkSameOrigin(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): Refusal | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (allowedOrigins.has(origin)) return undefined;
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== undefined && host === req.headers.host) return undefined;
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: `cross-site request refused: Origin ${JSON.stringify(origin.slice(0, 200))} is not this server's (${req.headers.host ?? 'unknown host'}) nor an allowed origin`,
    };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, code: 'FORBIDDEN', message: `cross-site request refused: Sec-Fetch-Site is ${JSON.stringify(String(site).slice(0, 40))}, allowed same-origin or none` };
  }
  return undefined;
}

/** Refuses a body whose declared length is over `maxBytes` (a body without a length is cut by tRPC's own limit). */
export function checkBodySize(req: IncomingMessage, maxBytes: number): Refusal | undefined {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!(length > maxBytes)) return undefined;
  return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `request body of ${length} bytes is over this server's limit of ${maxBytes} bytes` };
}
