import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
let clock = 1_000_000;
const N = 1000;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ now: () => clock, metrics: { flushIntervalMs: 0 } }));
  // Bulk rows through SQL: the page query is what is under test, not the insert path.
  await memory.db.execute(`insert into experiments (id, name, status, spec, seed, backend, created_at, updated_at)
    select 'e' || lpad(i::text, 4, '0'), case when i % 10 = 0 then 'Alpha ' || i else 'beta ' || i end,
      (array['running','completed','failed','interrupted'])[1 + i % 4],
      jsonb_build_object('population', 1 + i % 3, 'tags', case when i % 5 = 0 then '["five"]'::jsonb else '[]'::jsonb end,
        'regulators', jsonb_build_object('population', jsonb_build_array(jsonb_build_object('use', 'pbt')), 'step', jsonb_build_array(jsonb_build_object('use', 'hypergradient', 'name', 'hg')))),
      i, 'cpu', 1000 + (i / 2), 1000 + (i / 2) + i * 7
    from generate_series(0, ${N - 1}) i`);
  // Best trials for three experiments, by fitness (the objective of the latest evaluation).
  for (const [id, fitness] of [
    ['e0001', [0.5, 0.9]],
    ['e0002', [0.7]],
    ['e0003', [0.95, 0.1]],
  ] as const) {
    for (const [i, f] of fitness.entries()) {
      await memory.createTrial({ id: `${id}-t${i}`, experimentId: id, config: {}, seed: 1 });
      await memory.updateTrial(`${id}-t${i}`, { fitness: f });
    }
  }
  await memory.flush();
}, 120_000);
afterAll(async () => cleanup?.());

async function all(options: Parameters<Memory['queries']['experimentPage']>[0]) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await memory.queries.experimentPage({ ...options, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('experimentPage', () => {
  it(`pages over ${N} experiments newest first, each once`, async () => {
    const { ids, pages } = await all({ limit: 37 });
    expect(pages).toBe(Math.ceil(N / 37));
    expect(new Set(ids).size).toBe(N);
    // created_at = 1000 + i/2: ties broken by id, descending.
    const expected = Array.from({ length: N }, (_, i) => i)
      .sort((a, b) => Math.floor(b / 2) - Math.floor(a / 2) || b - a)
      .map((i) => `e${String(i).padStart(4, '0')}`);
    expect(ids).toEqual(expected);
  });

  it('filters by status, name substring and tag in SQL, and sorts by name and duration', async () => {
    const { ids } = await all({ statuses: ['failed'], name: 'ALPHA', tag: 'five', sort: 'name', order: 'asc', limit: 500 });
    const expected = Array.from({ length: N }, (_, i) => i)
      .filter((i) => i % 4 === 2 && i % 10 === 0 && i % 5 === 0)
      .map((i) => ({ id: `e${String(i).padStart(4, '0')}`, name: `Alpha ${i}` }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(ids).toEqual(expected.map((e) => e.id));
    const byDuration = await memory.queries.experimentPage({ sort: 'duration', order: 'desc', limit: 3 });
    expect(byDuration.items.map((i) => i.durationMs)).toEqual([(N - 1) * 7, (N - 2) * 7, (N - 3) * 7]);
  });

  it('sorts by the best objective value with experiments without one last, and gives each item its facts', async () => {
    const page = await memory.queries.experimentPage({ sort: 'best', order: 'desc', limit: 4 });
    expect(page.items.map((i) => [i.id, i.best?.value])).toEqual([
      ['e0003', 0.95],
      ['e0001', 0.9],
      ['e0002', 0.7],
      ['e0999', undefined], // ties (no value) by id, in the sort's direction
    ]);
    const asc = await memory.queries.experimentPage({ sort: 'best', order: 'asc', limit: 3 });
    expect(asc.items.map((i) => i.id)).toEqual(['e0002', 'e0001', 'e0003']);
    expect(page.items[0]).toMatchObject({
      name: 'beta 3',
      status: 'interrupted',
      population: 1,
      tags: [],
      trials: 2,
      best: { trialId: 'e0003-t0', value: 0.95 },
      regulators: { lineage: [], population: ['pbt'], epoch: [], step: ['hg'] },
      objective: { metric: 'val_accuracy', mode: 'max' },
    });
  });

  it("gives a minimising objective's best in its own sign", async () => {
    await memory.createExperiment({ id: 'min-one', name: 'min', spec: { objective: { metric: 'val_loss', mode: 'min' } }, seed: 1, backend: 'cpu' });
    for (const [i, loss] of [0.4, 0.2, 0.3].entries()) {
      await memory.createTrial({ id: `min-one-t${i}`, experimentId: 'min-one', config: {}, seed: 1 });
      await memory.updateTrial(`min-one-t${i}`, { fitness: -loss }); // the runner's fitness: −value for `min`
    }
    const { items } = await memory.queries.experimentPage({ name: 'min', statuses: ['running'] });
    expect(items.find((i) => i.id === 'min-one')).toMatchObject({ objective: { metric: 'val_loss', mode: 'min' }, best: { trialId: 'min-one-t1', value: 0.2 } });
    await memory.deleteExperiment('min-one');
  });

  it('keeps its place when experiments are added between pages', async () => {
    const first = await memory.queries.experimentPage({ sort: 'created', order: 'asc', limit: 10 });
    clock += 1;
    await memory.createExperiment({ id: 'new-one', name: 'new', spec: {}, seed: 1, backend: 'cpu' });
    await memory.db.execute(`update experiments set created_at = 999 where id = 'new-one'`); // before the cursor
    const second = await memory.queries.experimentPage({ sort: 'created', order: 'asc', limit: 10, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBe('e0010');
    await memory.deleteExperiment('new-one');
  });

  it('refuses a forged cursor, one of other filters, and bad options, naming the field', async () => {
    const { nextCursor } = await memory.queries.experimentPage({ limit: 5 });
    const [body, mac] = nextCursor!.split('.');
    const forged = `${Buffer.from(JSON.stringify({ v: 1, q: 'x', n: 0, k: 1, id: 'e' })).toString('base64url')}.${mac}`;
    for (const cursor of [forged, `${body}x.${mac}`, 'garbage', '']) {
      await expect(memory.queries.experimentPage({ limit: 5, cursor })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'cursor' });
    }
    await expect(memory.queries.experimentPage({ limit: 5, sort: 'name', cursor: nextCursor! })).rejects.toThrow(/other filters or another sort/);
    await expect(memory.queries.experimentPage({ limit: 0 })).rejects.toMatchObject({ field: 'limit', allowed: 'an integer in [1, 500]' });
    await expect(memory.queries.experimentPage({ statuses: ['done' as never] })).rejects.toMatchObject({ field: 'statuses[0]' });
    await expect(memory.queries.experimentPage({ name: 'x'.repeat(201) })).rejects.toMatchObject({ field: 'name' });
    await expect(memory.queries.experimentPage({ sort: 'size' as never })).rejects.toMatchObject({ field: 'sort' });
    await expect(memory.queries.experimentPage({ extra: 1 } as never)).rejects.toMatchObject({ field: 'extra' });
  });
});
