import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossSiteRefusal, forwardToApi, isLoopback } from './forward-to-api';

// A real HTTP server stands in for the API: it echoes what reached it, and streams SSE.
let server: Server;
let url: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/trpc/live.experiment')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('id: 1\ndata: {"a":1}\n\n');
        res.end('id: 2\ndata: {"a":2}\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'secret=1' });
      res.end(JSON.stringify([{ result: { data: { ok: true } } }]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const dashboard = 'http://127.0.0.1:3000';

describe('forwardToApi', () => {
  it('forwards a query with its query string and the token, and returns the answer without the API’s cookies', async () => {
    const res = await forwardToApi(new Request(`${dashboard}/api/trpc/health?batch=1&input=%7B%7D`), 'health', { url, token: 's3cret' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ result: { data: { ok: true } } }]);
    expect(res.headers.get('set-cookie')).toBeNull();
    const last = seen.at(-1)!;
    expect(last.url).toBe('/trpc/health?batch=1&input=%7B%7D');
    expect(last.headers.authorization).toBe('Bearer s3cret');
  });

  it('asks Next not to compress answers for a browser on this machine, and only for it', async () => {
    const local = await forwardToApi(new Request(`${dashboard}/api/trpc/health`, { headers: { host: '127.0.0.1:3000' } }), 'health', { url });
    expect(local.headers.get('cache-control')).toBe('no-transform');
    const remote = await forwardToApi(new Request('http://dash.example:3000/api/trpc/health', { headers: { host: 'dash.example:3000' } }), 'health', { url });
    expect(remote.headers.get('cache-control')).toBeNull();
    expect(['localhost:3000', '127.0.0.1', '127.1.2.3:80', '[::1]:3000'].map((host) => isLoopback(new Request('http://x/', { headers: { host } })))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1:3000', '127.example.com', '[::2]:3000', '1270.0.0.1'].map((host) => isLoopback(new Request('http://x/', { headers: { host } })))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('forwards a same-origin mutation with its body', async () => {
    const request = new Request(`${dashboard}/api/trpc/marks.erase?batch=1`, {
      method: 'POST',
      headers: { origin: dashboard, host: '127.0.0.1:3000', 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: '{"0":{"id":"m1"}}',
    });
    const res = await forwardToApi(request, 'marks.erase', { url });
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"0":{"id":"m1"}}' });
  });

  it('refuses a cross-site mutation before forwarding it, with a tRPC error per call of the batch', async () => {
    const before = seen.length;
    const request = new Request(`${dashboard}/api/trpc/marks.erase,experiments.delete?batch=1`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', host: '127.0.0.1:3000', 'content-type': 'application/json' },
      body: '{}',
    });
    const res = await forwardToApi(request, 'marks.erase,experiments.delete', { url });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body).toHaveLength(2);
    expect(body[0].error.message).toMatch(/cross-site request refused: Origin "https:\/\/evil.example"/);
    expect(seen.length).toBe(before);
  });

  it('streams server-sent events and passes Last-Event-ID on', async () => {
    const res = await forwardToApi(
      new Request(`${dashboard}/api/trpc/live.experiment?input=%7B%7D`, { headers: { 'last-event-id': '7', accept: 'text/event-stream' } }),
      'live.experiment',
      { url },
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toBe('id: 1\ndata: {"a":1}\n\nid: 2\ndata: {"a":2}\n\n');
    expect(seen.at(-1)!.headers['last-event-id']).toBe('7');
  });

  it('says which API did not answer and how to fix it', async () => {
    const res = await forwardToApi(new Request(`${dashboard}/api/trpc/health?batch=1`), 'health', { url: 'http://127.0.0.1:9/trpc' });
    expect(res.status).toBe(502);
    const [envelope] = await res.json();
    expect(envelope.error.message).toMatch(
      /^the Epigenome API at http:\/\/127\.0\.0\.1:9\/trpc did not answer \(.+\); start it \(epigenome serve\) and point EPIGENOME_API_URL at it$/,
    );
  });
});

describe('crossSiteRefusal', () => {
  const req = (headers: Record<string, string>) => new Request(`${dashboard}/api/trpc/x`, { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });
  it('lets same-origin and header-less (non-browser) requests through', () => {
    expect(crossSiteRefusal(req({ origin: dashboard, 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
    expect(crossSiteRefusal(req({}))).toBeUndefined();
  });
  it('refuses another site by Sec-Fetch-Site or Origin, and a malformed Origin', () => {
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'cross-site' }))).toMatch(/Sec-Fetch-Site is "cross-site"/);
    expect(crossSiteRefusal(req({ 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:4000' }))).toMatch(/same-site/);
    expect(crossSiteRefusal(req({ origin: 'http://127.0.0.1:4000' }))).toMatch(/is not this dashboard \(127\.0\.0\.1:3000\)/);
    expect(crossSiteRefusal(req({ origin: 'null' }))).toMatch(/is not a URL/);
  });
});
