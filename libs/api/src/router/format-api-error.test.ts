import { EpigenomeError } from '@epigenome/core';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatApiError } from './format-api-error';
import { int } from './input-parts';

const shape = (code: string, httpStatus: number) => ({ code: -32600, message: 'raw', data: { code, httpStatus } }) as never;

describe('formatApiError', () => {
  it('names the field of a zod input error (as the HTTP adapter leaves it) with the allowed range', () => {
    const input = { page: { limit: 0 } };
    const result = z.object({ page: z.object({ limit: int(1, 500) }) }).safeParse(input);
    const error = new TRPCError({ code: 'BAD_REQUEST', cause: result.error });
    expect(formatApiError({ shape: shape('BAD_REQUEST', 400), error, input })).toEqual({
      message: 'page.limit must be an integer between 1 and 500; got 0',
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400, field: 'page.limit', allowed: 'an integer between 1 and 500' },
    });
  });

  it("keeps an EpigenomeError's field and allowed text, and hides every internal error's message", () => {
    const cause = new EpigenomeError({ code: 'NOT_FOUND', message: 'experiment "x" not found (experimentId)', field: 'experimentId', allowed: 'a stored id' });
    expect(formatApiError({ shape: shape('NOT_FOUND', 404), error: new TRPCError({ code: 'NOT_FOUND', cause }) }).data).toMatchObject({
      field: 'experimentId',
      allowed: 'a stored id',
    });
    const store = new EpigenomeError({ code: 'STORE_FAILURE', message: 'memory.x() failed: password authentication failed for user "root"' });
    const formatted = formatApiError({ shape: shape('INTERNAL_SERVER_ERROR', 500), error: new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: store }) });
    expect(formatted).toEqual({ message: 'internal error', code: -32600, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } });
  });
});
