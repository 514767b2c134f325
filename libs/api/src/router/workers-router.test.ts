import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, refusal, type Harness } from '../test/router-harness';
import { WORKERS_NEED_POSTGRES } from './workers-router';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
}, 60_000);
afterAll(async () => h?.close());

describe('workers.list on the embedded store', () => {
  it('answers no workers and says they need PostgreSQL', async () => {
    expect(await h.caller.workers.list()).toEqual({ workers: [], note: WORKERS_NEED_POSTGRES });
    expect(await h.caller.workers.list({ all: true, staleAfterMs: 10_000 })).toEqual({ workers: [], note: WORKERS_NEED_POSTGRES });
    expect(WORKERS_NEED_POSTGRES).toMatch(/PostgreSQL/);
  });

  it('refuses bad input by field, with the allowed range', async () => {
    expect(await refusal(h.caller.workers.list({ staleAfterMs: 10 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'staleAfterMs', allowed: 'an integer between 500 and 3600000' });
    expect(await refusal(h.caller.workers.list({ all: 'yes' as never }))).toMatchObject({ code: 'BAD_REQUEST', field: 'all', allowed: 'true or false' });
    expect(await refusal(h.caller.workers.list({ host: 'x' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
