// A minimal server-sent-events reader over fetch, for tRPC's SSE subscriptions.

/** One SSE message: its `event` (default `message`), `id` and the parsed `data`. */
export interface SseMessage {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

/**
 * Opens `url` as an event stream (with `Last-Event-ID` when given) and yields its messages until
 * the server ends the stream or `signal` aborts (then it simply ends: a dropped connection).
 */
export async function* readSse(url: string, options: { lastEventId?: string; signal: AbortSignal; headers?: Record<string, string> }): AsyncGenerator<SseMessage> {
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...options.headers, ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}) },
    signal: options.signal,
  });
  if (res.status !== 200 || res.body === null) throw new Error(`event stream answered ${res.status}: ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        let id: string | undefined;
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon === 0) continue;
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'id') id = value;
          else if (field === 'data') data.push(value);
        }
        // (tRPC's closing `return` event carries an empty data line)
        const text = data.join('\n');
        if (data.length > 0) yield { event, id, data: text === '' ? undefined : (JSON.parse(text) as unknown) };
      }
    }
  } catch (error) {
    if (!options.signal.aborted) throw error;
  }
}
