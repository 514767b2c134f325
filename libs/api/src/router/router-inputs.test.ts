import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, refusal, tinySpec, type Harness } from '../test/router-harness';

let h: Harness;
const N = 1000;

async function dump(): Promise<string> {
  const tables = ['experiments', 'trials', 'metric_series', 'metrics', 'metric_rollups', 'regulation_events', 'lineage', 'checkpoints', 'marks'];
  const rows = await Promise.all(tables.map((t) => h.memory.db.execute(`select * from ${t} order by 1, 2`).then((r) => (r as unknown as { rows: unknown[] }).rows)));
  return JSON.stringify(rows);
}

beforeAll(async () => {
  h = await openHarness();
  // Experiments written directly in the store: the paging is under test, not the runner.
  await h.memory.db.execute(`insert into experiments (id, name, status, spec, seed, backend, created_at, updated_at)
    select 'x' || lpad(i::text, 4, '0'), 'exp ' || i, (array['running','completed','failed','interrupted'])[1 + i % 4],
      jsonb_build_object('population', 2, 'tags', case when i % 3 = 0 then '["three"]'::jsonb else '[]'::jsonb end), i, 'cpu', 5000 + i, 5000 + i + (i % 17)
    from generate_series(0, ${N - 1}) i`);
  await h.memory.createTrial({ id: 'x0001-t0', experimentId: 'x0001', config: { lr: 0.1 }, seed: 1 });
  h.memory.appendMetrics([{ trialId: 'x0001-t0', step: 1, name: 'loss', value: 1 }]);
  await h.memory.flush();
  await h.memory.mark({
    context: { dataset: { name: 'spirals', samples: 600, features: 2, classes: 2, inputShape: [2] }, model: { family: 'mlp' } },
    regulation: { kind: 'config', config: { lr: 0.1 } },
    fitness: 0.5,
  });
}, 60_000);
afterAll(async () => h?.close());

describe('experiments.list paging', () => {
  it(`pages over ${N} experiments by cursor, each once, in order, with filters and sorts in SQL`, async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.caller.experiments.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => `x${String(N - 1 - i).padStart(4, '0')}`));
    const three = await h.caller.experiments.list({ tag: 'three', statuses: ['running'], sort: 'duration', order: 'asc', limit: 500 });
    expect(three.items.every((i) => i.tags.includes('three') && i.status === 'running')).toBe(true);
    expect(three.items.length).toBe(Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 === 0 && i % 4 === 0).length);
    const durations = three.items.map((i) => i.durationMs);
    expect(durations).toEqual([...durations].sort((a, b) => a - b));
  });
});

describe('bad inputs', () => {
  it('are refused on every procedure with BAD_REQUEST naming the field, and nothing stored changes', async () => {
    const before = await dump();
    const c = h.caller;
    const cases: [string, () => Promise<unknown>, string, RegExp?][] = [
      ['list limit 0', () => c.experiments.list({ limit: 0 }), 'limit', /^limit must be an integer between 1 and 500; got 0$/],
      ['list limit huge', () => c.experiments.list({ limit: 1e9 }), 'limit'],
      ['list limit float', () => c.experiments.list({ limit: 1.5 }), 'limit'],
      ['list unknown key', () => c.experiments.list({ limitt: 5 } as never), 'limitt', /limitt is not an option/],
      ['list status', () => c.experiments.list({ statuses: ['done' as never] }), 'statuses[0]'],
      ['list statuses too many', () => c.experiments.list({ statuses: Array.from({ length: 65 }, () => 'running' as const) }), 'statuses'],
      ['list name long', () => c.experiments.list({ name: 'x'.repeat(201) }), 'name'],
      ['list sort', () => c.experiments.list({ sort: 'name; drop table experiments; --' as never }), 'sort'],
      ['list forged cursor', () => c.experiments.list({ cursor: 'eyJ2IjoxfQ.abc' }), 'cursor'],
      ['get no id', () => c.experiments.get({} as never), 'experimentId'],
      ['get id type', () => c.experiments.get({ experimentId: 5 as never }), 'experimentId'],
      ['get input type', () => c.experiments.get('x' as never), 'input'],
      ['start spec', () => c.experiments.start({ spec: { ...tinySpec(), population: 0 } }), 'spec.population'],
      ['start spec key', () => c.experiments.start({ spec: { ...tinySpec(), populaton: 2 } }), 'spec.populaton', /did you mean "population"/],
      ['start regulator', () => c.experiments.start({ spec: tinySpec({ regulators: { step: [{ use: 'no-such-plugin' }] } }) }), 'spec.regulators.step[0].use'],
      ['start no spec', () => c.experiments.start({} as never), 'spec'],
      ['stop id', () => c.experiments.stop({ experimentId: '' }), 'experimentId'],
      ['resume id', () => c.experiments.resume({ experimentId: 'x'.repeat(201) }), 'experimentId'],
      ['delete key', () => c.experiments.delete({ experimentId: 'x0001', force: true } as never), 'force'],
      ['trials id', () => c.trials.list({ experimentId: [] as never }), 'experimentId'],
      ['series buckets', () => c.series.get({ trialId: 'x0001-t0', name: 'loss', buckets: 1 }), 'buckets', /^buckets must be an integer between 2 and 5000; got 1$/],
      ['series buckets big', () => c.series.get({ trialId: 'x0001-t0', name: 'loss', buckets: 5001 }), 'buckets'],
      ['series step', () => c.series.get({ trialId: 'x0001-t0', name: 'loss', fromStep: -1 }), 'fromStep'],
      ['series name', () => c.series.get({ trialId: 'x0001-t0', name: '' }), 'name'],
      ['names', () => c.series.names({ experimentId: null as never }), 'experimentId'],
      ['compare many', () => c.series.compare({ experimentIds: Array.from({ length: 9 }, (_, i) => `x000${i}`), metric: 'loss' }), 'experimentIds'],
      ['compare none', () => c.series.compare({ experimentIds: [], metric: 'loss' }), 'experimentIds'],
      ['events level', () => c.events.list({ experimentId: 'x0001', levels: ['cell' as never] }), 'levels[0]'],
      ['events limit', () => c.events.list({ experimentId: 'x0001', limit: 501 }), 'limit'],
      ['events after', () => c.events.list({ experimentId: 'x0001', afterId: -1 }), 'afterId'],
      ['events params', () => c.events.list({ experimentId: 'x0001', params: ['x'.repeat(201)] }), 'params[0]'],
      ['lineage', () => c.lineage.get({ experimentId: 1 as never }), 'experimentId'],
      ['marks limit', () => c.marks.list({ experimentId: 'x0001', limit: 0 }), 'limit'],
      ['marks erase', () => c.marks.erase({ id: '' }), 'id'],
      ['marks weaken amount', () => c.marks.weaken({ id: 'm', amount: 2 }), 'amount', /^amount must be a number between 0 and 1; got 2$/],
      ['marks weaken NaN', () => c.marks.weaken({ id: 'm', amount: Number.NaN }), 'amount'],
      ['importance', () => c.analysis.importance({ experimentId: '' }), 'experimentId'],
      ['impact window', () => c.analysis.impact({ experimentId: 'x0001', window: 0 }), 'window'],
    ];
    for (const [name, call, field, message] of cases) {
      const got = await refusal(call());
      expect({ name, code: got.code, field: got.field }).toEqual({ name, code: 'BAD_REQUEST', field });
      expect(got.message).toContain(field);
      if (message) expect(got.message).toMatch(message);
    }
    expect(await dump()).toBe(before);
  });

  it('answers unknown ids NOT_FOUND naming the field, and conflicts CONFLICT, changing nothing', async () => {
    const before = await dump();
    const c = h.caller;
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => c.experiments.get({ experimentId: 'nope' }), 'NOT_FOUND', 'experimentId'],
      [() => c.experiments.delete({ experimentId: 'nope' }), 'NOT_FOUND', 'experimentId'],
      [() => c.experiments.stop({ experimentId: 'x0002' }), 'CONFLICT', 'experimentId'],
      [() => c.experiments.resume({ experimentId: 'x0001' }), 'CONFLICT', 'experimentId'], // completed
      [() => c.trials.list({ experimentId: 'nope' }), 'NOT_FOUND', 'experimentId'],
      [() => c.series.get({ trialId: 'nope', name: 'loss' }), 'NOT_FOUND', 'trialId'],
      [() => c.series.compare({ experimentIds: ['x0001', 'nope'], metric: 'loss' }), 'NOT_FOUND', 'experimentId'],
      [() => c.events.list({ experimentId: 'nope' }), 'NOT_FOUND', 'experimentId'],
      [() => c.lineage.get({ experimentId: 'nope' }), 'NOT_FOUND', 'experimentId'],
      [() => c.marks.erase({ id: 'nope' }), 'NOT_FOUND', 'id'],
      [() => c.marks.weaken({ id: 'nope', amount: 0.1 }), 'NOT_FOUND', 'id'],
      [() => c.analysis.importance({ experimentId: 'x0001' }), 'BAD_REQUEST', 'experimentId'], // no search space in its spec
    ];
    for (const [call, code, field] of cases) expect(await refusal(call())).toMatchObject({ code, field });
    expect(await dump()).toBe(before);
  });

  it('hides internal errors: a server error reads "internal error", never a driver message or stack', async () => {
    const broken = { ...h.ctx, memory: { ...h.memory, getExperiment: () => Promise.reject(new Error('relation "secret" does not exist')) } };
    const { createCallerFactory } = await import('./trpc');
    const { appRouter } = await import('./app-router');
    const got = await refusal(createCallerFactory(appRouter)(broken).experiments.get({ experimentId: 'x0001' }));
    expect(got).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
  });
});
