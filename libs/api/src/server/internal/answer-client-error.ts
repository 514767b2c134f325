import type { Duplex } from 'node:stream';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/**
 * Answers a request Node's HTTP parser refused before the server saw it (by default an empty
 * `431` or `400`) in the JSON shape of the server's other refusals, naming what was wrong: a
 * request line and headers over Node's limit (a query whose `?input=` is too long for a URL:
 * send less) or a malformed request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, maxHeaderBytes: number): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLong ? 431 : 400;
  const message = tooLong ? `request line and headers are over this server's limit of ${maxHeaderBytes} bytes (a query's input is too long for a URL)` : 'malformed HTTP request';
  const code = tooLong ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  const body = JSON.stringify({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } });
  const reason = tooLong ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
