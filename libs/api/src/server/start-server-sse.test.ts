import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './start-server';

/** The real store, with `getExperiment` held until `open()`: a store busy for as long as the test likes. */
function gated(memory: Memory): { store: Memory; open(): void; waiting(): number } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let waiting = 0;
  const store = new Proxy(memory, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (name !== 'getExperiment' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        waiting++;
        await gate;
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { store, open: release, waiting: () => waiting };
}

describe('live.experiment over SSE', () => {
  let memory: Memory;
  let server: RunningServer;
  let gate: ReturnType<typeof gated>;
  let experimentId: string;
  beforeAll(async () => {
    memory = await openMemory({ inMemory: true });
    experimentId = (await memory.createExperiment({ name: 'sse-headers', spec: null, seed: 1, backend: 'cpu' })).id;
    await memory.updateExperiment(experimentId, { status: 'completed' });
    gate = gated(memory);
    server = await startServer({ memory: gate.store, log: () => {} });
  }, 300_000);
  afterAll(async () => {
    gate?.open();
    await server?.close();
    await memory?.close();
  });

  it('sends its headers and a first event before any store read answers, so no subscriber waits for headers', async () => {
    const res = await fetch(`${server.url}/live.experiment?input=${encodeURIComponent(JSON.stringify({ experimentId }))}`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(text).toMatch(/^event: connected/);
    // The subscription's first store read is asked and still unanswered: the headers did not wait for it.
    for (let i = 0; i < 200 && gate.waiting() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(gate.waiting()).toBeGreaterThan(0);
    expect(text).not.toMatch(/"type":/);
    gate.open();
    while (!text.includes('event: return')) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toMatch(/"type":"status","status":"completed"/);
    expect(text).toMatch(/event: return/);
  }, 120_000);
});
