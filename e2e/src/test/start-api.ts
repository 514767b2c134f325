import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The API the e2e drives. */
export interface RunningApi {
  readonly url: string;
  close(): Promise<void>;
}

type StartServer = (options: { dir: string; port?: number }) => Promise<{ url: string; close(): Promise<void> }>;

/**
 * Starts the real server (`startServer` of `@epigenome/api/server`) on a fresh PGlite store in a
 * temp folder. `EPIGENOME_E2E_API_URL` points the tests at an API already running instead.
 * Resolves undefined when this build of `@epigenome/api` has no server yet (the reason is returned).
 */
export async function startApi(): Promise<RunningApi | string> {
  const external = process.env.EPIGENOME_E2E_API_URL;
  if (external) return { url: external, close: async () => {} };
  const mod = (await import('@epigenome/api/server')) as { startServer?: StartServer };
  if (typeof mod.startServer !== 'function') return '@epigenome/api/server does not export startServer yet (the HTTP server of issue 15)';
  const dir = mkdtempSync(join(tmpdir(), 'epigenome-e2e-'));
  const server = await mod.startServer({ dir: join(dir, 'db'), port: 0 });
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A query of the API over plain HTTP (what the test checks the page against). */
export async function apiQuery<T>(url: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result.data;
}

/** A mutation of the API over plain HTTP. */
export async function apiMutation<T>(url: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result.data;
}
