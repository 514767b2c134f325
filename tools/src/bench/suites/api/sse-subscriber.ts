/** A message of `live.experiment` as it arrives over SSE (the router's `LiveMessage`). */
export type LiveData =
  | { type: 'metrics'; trialId: string; name: string; points: { step: number; value: number }[] }
  | { type: 'events'; events: { id: number }[] }
  | { type: 'trial'; trial: { id: string; status: string; step: number; fitness: number | null; config: unknown; parentId: string | null; generation: number } }
  | { type: 'status'; status: string; running: boolean };

/** What one subscriber received until the server ended the subscription. */
export interface Received {
  readonly messages: LiveData[];
  /** Whether the stream ended with tRPC's `return` event (the generator finished). */
  readonly returned: boolean;
  readonly error?: string;
}

/**
 * Subscribes to `live.experiment` with a raw `fetch` SSE reader and collects every data message
 * until the `return` event (or an error event, or the end of the stream).
 */
export async function subscribe(url: string, experimentId: string, signal: AbortSignal): Promise<Received> {
  const messages: LiveData[] = [];
  const t0 = performance.now();
  const res = await fetch(`${url}/live.experiment?input=${encodeURIComponent(JSON.stringify({ experimentId }))}`, { headers: { accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) {
    const body = (await res.text()).slice(0, 300);
    return { messages, returned: false, error: `answered ${res.status} after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${body || '(empty body)'}` };
  }
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (event === 'return' || event === 'serialized-error') {
        await reader.cancel();
        return event === 'return' ? { messages, returned: true } : { messages, returned: false, error: data.join('\n') };
      }
      if (event === 'message' && data.length > 0) messages.push(JSON.parse(data.join('\n')) as LiveData);
    }
  }
  return { messages, returned: false, error: 'the stream ended without a return event' };
}
