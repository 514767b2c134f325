// A real router for tests: a PGlite store in a temp folder, the in-process host, a caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemory, type Memory } from '@epigenome/memory';
import { tinySpec as sharedSpec } from '@epigenome/runner/testing';
import { TRPCError } from '@trpc/server';
import type { ApiContext } from '../api-context';
import { createChangeFeed } from '../create-change-feed';
import { createInProcessHost, type InProcessHost } from '../in-process-host';
import { appRouter } from '../router/app-router';
import { formatApiError } from '../router/format-api-error';
import { createCallerFactory } from '../router/trpc';

export interface Harness {
  readonly memory: Memory;
  readonly host: InProcessHost;
  readonly ctx: ApiContext;
  readonly caller: ReturnType<typeof appRouter.createCaller>;
  callerWith(signal: AbortSignal): Harness['caller'];
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'epigenome-api-'));
  const memory = await openMemory({ dir: join(dir, 'db'), metrics: { flushIntervalMs: 50 } });
  const changes = createChangeFeed();
  const host = createInProcessHost({ memory, changes });
  const ctx: ApiContext = { memory, host, changes };
  const factory = createCallerFactory(appRouter);
  return {
    memory,
    host,
    ctx,
    caller: factory(ctx),
    callerWith: (signal) => factory(ctx, { signal }),
    async close() {
      await host.close();
      await memory.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The workspace's tiny spec, tagged `tiny` (the listing tests find it by its tag). */
export function tinySpec(overrides: Record<string, unknown> = {}) {
  return sharedSpec({ tags: ['tiny'], ...overrides });
}

/** What a client of the HTTP server would read: the TRPCError formatted by the router's formatter. */
export async function refusal(call: Promise<unknown>, input?: unknown): Promise<{ code: string; message: string; field?: string; allowed?: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = { code: -32600, message: error.message, data: { code: error.code, httpStatus: 400 } };
    const formatted = formatApiError({ shape: shape as never, error, input });
    return {
      code: error.code,
      message: formatted.message,
      ...(formatted.data.field ? { field: formatted.data.field } : {}),
      ...(formatted.data.allowed ? { allowed: formatted.data.allowed } : {}),
    };
  }
  throw new Error('expected the call to be refused');
}
