import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { immediateGetLink } from './immediate-get-link';

// A real tRPC router behind the real fetch adapter; `fetch` hands it the request in-process.
const t = initTRPC.create();
const router = t.router({
  double: t.procedure
    .input((raw: unknown) => {
      const n = (raw as { n?: unknown } | undefined)?.n;
      if (typeof n !== 'number' || n > 10) throw new Error('n must be a number ≤ 10');
      return { n };
    })
    .query(({ input }) => ({ twice: input.n * 2 })),
  bump: t.procedure.mutation(() => 1),
});

function setup() {
  const sent: string[] = [];
  const send = (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(String(input));
    const answer = fetchRequestHandler({ endpoint: '/trpc', req: new Request(new URL(String(input), 'http://dashboard.test'), init), router, createContext: () => ({}) });
    // As fetch does: an aborted signal rejects the call.
    return new Promise<Response>((resolve, reject) => {
      if (init?.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      answer.then(resolve, reject);
    });
  };
  const client = createTRPCClient<typeof router>({ links: [immediateGetLink({ url: '/trpc/', fetch: send as typeof fetch })] });
  return { client, sent };
}

describe('immediateGetLink', () => {
  it('sends the request within the call (before it returns) and answers the procedure’s data', async () => {
    const { client, sent } = setup();
    const answer = client.double.query({ n: 4 });
    expect(sent).toEqual([`/trpc/double?input=${encodeURIComponent('{"n":4}')}`]);
    await expect(answer).resolves.toEqual({ twice: 8 });
  });

  it('turns the server’s error into a TRPCClientError with its message and code', async () => {
    const { client } = setup();
    const error = await client.double.query({ n: 11 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<typeof router>).data?.code).toBe('BAD_REQUEST');
    expect((error as Error).message).toMatch(/10/);
  });

  it('refuses what is not a query, and aborts with the caller’s signal', async () => {
    const { client } = setup();
    await expect(client.bump.mutate()).rejects.toThrow(/queries only, not a mutation/);
    const controller = new AbortController();
    const answer = client.double.query({ n: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(answer).rejects.toThrow();
    // A signal aborted before the call: the request is aborted too.
    await expect(client.double.query({ n: 1 }, { signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
