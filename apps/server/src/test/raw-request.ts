// Plain HTTP requests to the server, answers kept as they came (the body may not be JSON).

/** An answer: status, headers, body text and the body parsed as JSON when it is. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: { error?: { message?: unknown; data?: { field?: unknown; code?: unknown } }; result?: unknown } | undefined;
}

/** One request as a test writes it: the procedure path (may carry `?input=`), method, headers, body. */
export interface RawRequest {
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send the body in chunks without a `content-length`. */
  readonly chunked?: boolean;
}

/** The `?input=` URL of a query with `input` (undefined: none). */
export function queryPath(procedure: string, input: unknown): string {
  return input === undefined ? procedure : `${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

function chunks(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += 65_536)));
    },
  });
}

/** Sends `request` to `url` and reads the whole answer. */
export async function rawRequest(url: string, request: RawRequest): Promise<RawAnswer> {
  const method = request.method ?? (request.body === undefined ? 'GET' : 'POST');
  const res = await fetch(`${url}/${request.path}`, {
    method,
    headers: { ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    ...(request.body !== undefined && !request.chunked ? { body: request.body } : {}),
    ...(request.body !== undefined && request.chunked ? { body: chunks(request.body), duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(text) as RawAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * A subscription's refusal as a plain answer. Over SSE tRPC answers 200 and sends the error as a
 * `serialized-error` event (an EventSource cannot read the body of a non-200 answer), then ends
 * the stream: this reads that event's error as the answer, its status the error's `httpStatus`.
 */
export function sseRefusal(answer: RawAnswer): RawAnswer {
  if (answer.status !== 200 || !answer.headers.get('content-type')?.startsWith('text/event-stream')) return answer;
  const m = /^event: serialized-error\r?\ndata: (.*)$/m.exec(answer.text);
  if (m === null) return { ...answer, json: undefined };
  const error = JSON.parse(m[1] as string) as { message?: unknown; data?: { field?: unknown; code?: unknown; httpStatus?: unknown } };
  return { ...answer, status: typeof error.data?.httpStatus === 'number' ? error.data.httpStatus : 200, json: { error } };
}
