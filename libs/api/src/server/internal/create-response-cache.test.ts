import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadTracker } from '../../create-read-tracker';
import { createResponseCache } from './create-response-cache';

/**
 * A real HTTP server whose handler reads a "store" (a value with a version) through the tracker,
 * answers after `delayMs`, and counts its calls; the response cache sits in front of it.
 */
function fixture() {
  const tracker = createReadTracker();
  const store = { value: 1, version: 0, epoch: 0, delayMs: 20, calls: 0, status: 200, type: 'application/json', unversioned: false };
  const write = (value: number) => {
    store.value = value;
    store.version++;
    store.epoch++;
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    store.calls++;
    const version = store.version;
    tracker.depend(() => store.version === version);
    if (store.unversioned) tracker.taint();
    const body = JSON.stringify({ url: req.url, value: store.value, calls: store.calls });
    setTimeout(() => {
      res.statusCode = store.status;
      res.setHeader('content-type', store.type);
      res.write(Buffer.from(body.slice(0, 5)));
      res.end(body.slice(5));
    }, store.delayMs);
  };
  const cache = createResponseCache({ tracker, epoch: () => store.epoch });
  const server = createServer((req, res) => cache.serve(req, res, handler));
  return { store, write, cache, server };
}

describe('createResponseCache', () => {
  const f = fixture();
  let url = '';
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { url: string; value: number; calls: number } };
  };
  beforeAll(async () => {
    await new Promise<void>((r) => f.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (f.server as Server).close(() => r()));
  });

  it('answers repeated and concurrent identical GETs with one handler call, byte for byte', async () => {
    const before = f.store.calls;
    const answers = await Promise.all(Array.from({ length: 30 }, () => get('/a?input=1')));
    expect(f.store.calls - before).toBe(1);
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.type).toBe('application/json');
    const again = await get('/a?input=1');
    expect(again).toEqual(answers[0]);
    expect(f.store.calls - before).toBe(1);
    // Another URL is another answer.
    expect((await get('/a?input=2')).body.url).toBe('/a?input=2');
    expect(f.store.calls - before).toBe(2);
  });

  it('never answers from before a completed write', async () => {
    f.write(2);
    expect((await get('/a?input=1')).body.value).toBe(2);
    // A write while a request is in flight: that answer is not kept, and a request arriving
    // after the write does not join it.
    f.store.delayMs = 100;
    const first = get('/b');
    await new Promise((r) => setTimeout(r, 30));
    f.write(3);
    const late = get('/b');
    const [a, b] = await Promise.all([first, late]);
    expect(b.body.value).toBe(3);
    expect(a.body.calls).not.toBe(b.body.calls);
    const callsNow = f.store.calls;
    expect((await get('/b')).body.value).toBe(3);
    expect(f.store.calls).toBe(callsNow);
    f.store.delayMs = 20;
  });

  it('keeps nothing but 200 JSON answers of work that read only versioned data', async () => {
    const count = async (path: string) => {
      const before = f.store.calls;
      await get(path);
      await get(path);
      return f.store.calls - before;
    };
    f.store.status = 404;
    expect(await count('/missing')).toBe(2);
    f.store.status = 200;
    f.store.type = 'text/event-stream';
    expect(await count('/stream')).toBe(2);
    f.store.type = 'application/json';
    f.store.unversioned = true;
    expect(await count('/clock')).toBe(2);
    f.store.unversioned = false;
    expect(await count('/fine')).toBe(1);
    // Not a GET: always the handler.
    const before = f.store.calls;
    await fetch(`${url}/fine`, { method: 'POST', body: '{}' });
    expect(f.store.calls - before).toBe(1);
  });

  it('keys on the response format the client asked for (trpc-accept)', async () => {
    const before = f.store.calls;
    await get('/fmt');
    await get('/fmt', { headers: { 'trpc-accept': 'application/jsonl' } });
    expect(f.store.calls - before).toBe(2);
  });
});
