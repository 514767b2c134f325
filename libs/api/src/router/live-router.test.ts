import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, refusal, tinySpec, type Harness } from '../test/router-harness';
import type { LiveMessage } from './live-router';

let h: Harness;
afterAll(async () => h?.close());
beforeAll(async () => {
  h = await openHarness();
}, 60_000);

/** Reads a subscription: each message with its tracked id; stops after `take` messages (then aborts) or at its end. */
async function consume(experimentId: string, lastEventId: string | undefined, take = Infinity) {
  const abort = new AbortController();
  const iterable = await h.callerWith(abort.signal).live.experiment({ experimentId, ...(lastEventId ? { lastEventId } : {}) });
  const got: { id: string; message: LiveMessage }[] = [];
  let ended = true;
  for await (const item of iterable as AsyncIterable<unknown>) {
    const [id, message] = item as [string, LiveMessage];
    got.push({ id, message });
    if (got.length >= take) {
      ended = false;
      abort.abort();
      break;
    }
  }
  return { got, ended };
}

describe('live.experiment', () => {
  it('resumes after a dropped connection with every stored record exactly once, then ends after the final status', async () => {
    const { experimentId } = await h.caller.experiments.start({ spec: tinySpec({ name: 'live', budget: { steps: 800 } }) });
    const first = await consume(experimentId, undefined, 4);
    expect(first.ended).toBe(false);
    expect(h.host.isRunning(experimentId)).toBe(true); // dropped mid-run
    const second = await consume(experimentId, first.got.at(-1)!.id);
    expect(second.ended).toBe(true);
    await h.host.settled(experimentId);
    const messages = [...first.got, ...second.got].map((g) => g.message);
    expect(messages.at(-1)).toEqual({ type: 'status', status: 'completed', running: false });

    const events = messages.flatMap((m) => (m.type === 'events' ? m.events : []));
    const stored = await h.memory.queries.events({ experimentId, limit: 100_000 });
    expect(events.map((e) => e.id)).toEqual(stored.map((e) => e.id).sort((a, b) => a - b));
    expect(stored.length).toBeGreaterThan(0);

    const points = new Map<string, { step: number; value: number }[]>();
    for (const m of messages) if (m.type === 'metrics') points.set(`${m.trialId}/${m.name}`, [...(points.get(`${m.trialId}/${m.name}`) ?? []), ...m.points]);
    const trials = await h.memory.listTrials(experimentId);
    const names = await h.memory.queries.metricNames(experimentId);
    let total = 0;
    for (const t of trials) {
      for (const name of names) {
        const series = (await h.memory.queries.series(t.id, name, { maxPoints: 1_000_000 })).points;
        total += series.length;
        expect(points.get(`${t.id}/${name}`) ?? []).toEqual(series);
      }
    }
    expect(total).toBe((await h.memory.counts(experimentId)).metrics);

    const lastTrial = new Map<string, unknown>();
    for (const m of messages) if (m.type === 'trial') lastTrial.set(m.trial.id, m.trial);
    for (const t of trials)
      expect(lastTrial.get(t.id)).toEqual({
        id: t.id,
        status: t.status,
        step: t.step,
        fitness: t.fitness ?? null,
        config: t.config,
        parentId: t.parentId ?? null,
        generation: t.generation,
      });

    // Reconnecting after the end: nothing new, and it ends at once.
    const again = await consume(experimentId, second.got.at(-1)!.id);
    expect(again).toEqual({ got: [], ended: true });
  }, 180_000);

  it('ends when the client goes away while it waits for changes', async () => {
    // A running experiment no host runs (as if another process wrote it): the feed would wait forever.
    await h.memory.createExperiment({ id: 'waiting', name: 'waiting', spec: {}, seed: 1, backend: 'cpu' });
    const abort = new AbortController();
    const iterable = (await h.callerWith(abort.signal).live.experiment({ experimentId: 'waiting' })) as AsyncIterable<[string, LiveMessage]>;
    const iterator = iterable[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.[1]).toEqual({ type: 'status', status: 'running', running: false });
    const pending = iterator.next();
    abort.abort();
    expect(await pending).toMatchObject({ done: true });
  });

  it('refuses a malformed or foreign lastEventId and an unknown experiment, naming the field', async () => {
    const { experimentId } = await h.caller.experiments.start({ spec: tinySpec({ name: 'other' }) });
    await h.host.settled(experimentId);
    const { got } = await consume(experimentId, undefined, 1);
    const read = (input: Record<string, unknown>) => (async () => consume(input.experimentId as string, input.lastEventId as string))();
    for (const lastEventId of ['not a cursor', 'e30', Buffer.from('{"x":"zz","e":0,"s":{},"t":[],"st":""}').toString('base64url'), 'x'.repeat(70_000)]) {
      expect(await refusal(read({ experimentId, lastEventId }))).toMatchObject({ code: 'BAD_REQUEST', field: 'lastEventId' });
    }
    const all = await h.caller.experiments.list({});
    const other = all.items.find((i) => i.id !== experimentId)!.id;
    expect(await refusal(read({ experimentId: other, lastEventId: got[0]!.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'lastEventId',
      message: expect.stringMatching(/another experiment/),
    });
    expect(await refusal(read({ experimentId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
  }, 120_000);
});
