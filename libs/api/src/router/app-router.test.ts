import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesRows } from '@epigenome/memory';
import { openHarness, refusal, tinySpec, type Harness } from '../test/router-harness';

let h: Harness;
let experimentId: string;

beforeAll(async () => {
  h = await openHarness();
  ({ experimentId } = await h.caller.experiments.start({ spec: tinySpec() }));
  await h.host.settled(experimentId);
}, 240_000);
afterAll(async () => h?.close());

describe('appRouter on a real run', () => {
  it('lists the experiment with its facts and details it', async () => {
    const { items, nextCursor } = await h.caller.experiments.list({ tag: 'tiny' });
    expect(nextCursor).toBeUndefined();
    const item = items.find((i) => i.id === experimentId)!;
    expect(item).toMatchObject({ name: 'tiny', status: 'completed', population: 2, tags: ['tiny'], trials: 2, running: false, objective: { metric: 'val_accuracy', mode: 'max' } });
    expect(item.regulators).toEqual({ lineage: ['inherit-marks'], population: ['pbt'], epoch: [], step: ['hypergradient'] });
    expect(item.best?.value).toBeGreaterThan(0);
    expect(item.durationMs).toBeGreaterThan(0);
    const detail = await h.caller.experiments.get({ experimentId });
    const counts = await h.memory.counts(experimentId);
    expect(detail).toMatchObject({ id: experimentId, status: 'completed', running: false, counts: { trials: 2, metrics: counts.metrics, events: counts.events } });
    expect(detail.counts.metrics).toBeGreaterThan(0);
  });

  it('gives trials, series (bucketed and raw), names, events, lineage and a comparison', async () => {
    const trials = await h.caller.trials.list({ experimentId });
    expect(trials).toHaveLength(2);
    expect(trials[0]).toMatchObject({ status: 'completed', step: 400 });
    expect(Object.keys(trials[0]!.config).sort()).toEqual(['batch_size', 'lr']);
    const names = await h.caller.series.names({ experimentId });
    expect(names).toEqual(expect.arrayContaining(['loss', 'val_accuracy']));
    const trialId = trials[0]!.id;
    const stored = (await h.memory.queries.series(trialId, 'loss', { maxPoints: 1_000_000 })).points;
    const raw = await h.caller.series.get({ trialId, name: 'loss', buckets: 5000 });
    expect(raw.method).toBe('raw');
    expect(seriesRows(raw)).toEqual({ points: stored, buckets: [] });
    const bucketed = await h.caller.series.get({ trialId, name: 'loss', buckets: 4 });
    expect(bucketed.method).toBe('buckets');
    for (const column of [bucketed.value, bucketed.fromStep, bucketed.n, bucketed.minStep, bucketed.minValue, bucketed.maxStep, bucketed.maxValue]) {
      expect(column).toHaveLength(bucketed.step.length);
    }
    expect(bucketed.step.length).toBeGreaterThan(0);
    expect(bucketed.step.length).toBeLessThanOrEqual(4);
    expect({ step: bucketed.step.at(-1), value: bucketed.value.at(-1) }).toEqual(stored.at(-1));
    expect(Math.min(...bucketed.minValue)).toBe(Math.min(...stored.map((p) => p.value)));
    expect(bucketed.n.reduce((a, b) => a + b, 0)).toBe(stored.length);
    const zoom = await h.caller.series.get({ trialId, name: 'loss', buckets: 100, fromStep: 100, toStep: 200 });
    expect(seriesRows(zoom).points).toEqual(stored.filter((p) => p.step >= 100 && p.step <= 200));

    const all = await h.memory.queries.events({ experimentId, limit: 100_000 });
    expect(all.length).toBeGreaterThan(0);
    const page = await h.caller.events.list({ experimentId, limit: 500 });
    expect(page.items.map((e) => e.id)).toEqual(all.map((e) => e.id).sort((a, b) => a - b));
    const hg = await h.caller.events.list({ experimentId, regulators: ['hypergradient'], levels: ['step'], trialId, fromStep: 50 });
    expect(hg.items.every((e) => e.regulator === 'hypergradient' && e.level === 'step' && e.trialId === trialId && e.step >= 50)).toBe(true);

    const lineage = await h.caller.lineage.get({ experimentId });
    expect(lineage.nodes.map((n) => n.id).sort()).toEqual(trials.map((t) => t.id).sort());
    const stats = await h.memory.queries.lineage(experimentId);
    expect(lineage.edges).toEqual(stats.edges.map((e) => ({ childId: e.childId, parentId: e.parentId, step: e.step })));

    const [cmp] = await h.caller.series.compare({ experimentIds: [experimentId], metric: 'val_accuracy', buckets: 50 });
    expect(cmp!.mode).toBe('max');
    const values = cmp!.bestSoFar.map((p) => p.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The best ever reached is at least the best trial's latest evaluation (what the list shows).
    const list = await h.caller.experiments.list({ tag: 'tiny' });
    expect(values.at(-1)).toBeGreaterThanOrEqual(list.items[0]!.best!.value);
    const bestSeries = (await h.memory.queries.series(cmp!.bestTrialId!, 'val_accuracy', { maxPoints: 10_000 })).points;
    expect(Math.max(...bestSeries.map((p) => p.value))).toBe(values.at(-1));
    // bestSeries is series.get's answer for the best trial, in columns.
    expect(cmp!.bestSeries).toEqual(await h.caller.series.get({ trialId: cmp!.bestTrialId!, name: 'val_accuracy', buckets: 50 }));
    const best = seriesRows(cmp!.bestSeries!);
    expect(Math.max(...best.points.map((p) => p.value), ...best.buckets.map((b) => b.max.value))).toBe(values.at(-1));
  });

  it('lists the marks for the context with their decay, and weakens and erases them', async () => {
    const { items } = await h.caller.marks.list({ experimentId });
    expect(items.length).toBeGreaterThan(0);
    const mark = items[0]!;
    expect(mark.sourceExperimentId).toBe(experimentId);
    expect(mark.decayPerDay).toBeCloseTo(Math.log(2) / mark.halfLifeDays);
    expect(mark.decayedStrength).toBeLessThanOrEqual(mark.strength);
    const weakened = await h.caller.marks.weaken({ id: mark.id, amount: 0.1 });
    expect(weakened.erased ? 0 : weakened.strength).toBeLessThan(mark.decayedStrength);
    await h.caller.marks.erase({ id: mark.id });
    expect((await h.memory.getMark(mark.id)).erased).toBe(true);
    const withErased = await h.caller.marks.list({ experimentId, includeErased: true });
    expect(withErased.items.find((m) => m.id === mark.id)?.erased).toBe(true);
  });

  it('measures hyperparameter importance and regulation impact', async () => {
    const importance = await h.caller.analysis.importance({ experimentId });
    expect(importance.importance.map((p) => p.param).sort()).toEqual(['batch_size', 'lr']);
    expect(importance.trials).toBe(2); // fewer than 8 evaluated trials: all 0 by PED-ANOVA's rule
    const impact = await h.caller.analysis.impact({ experimentId });
    const events = await h.memory.queries.events({ experimentId, limit: 100_000 });
    expect(impact.events.map((e) => e.eventId)).toEqual(events.map((e) => e.id));
    const measured = impact.events.filter((e) => e.impact !== null).length;
    expect(impact.byRegulator.groups.reduce((a, g) => a + g.counts.reduce((x, y) => x + y, 0), 0)).toBe(measured);
  });

  it('refuses to delete a running experiment, stops it resumable, resumes and deletes it with its data', async () => {
    const { experimentId: id } = await h.caller.experiments.start({ spec: tinySpec({ name: 'to-delete', budget: { steps: 4000 } }) });
    expect(h.host.isRunning(id)).toBe(true);
    expect(await refusal(h.caller.experiments.delete({ experimentId: id }))).toMatchObject({ code: 'CONFLICT', field: 'experimentId' });
    expect(await refusal(h.caller.experiments.resume({ experimentId: id }))).toMatchObject({ code: 'CONFLICT', field: 'experimentId' });
    expect(await h.caller.experiments.stop({ experimentId: id })).toEqual({ experimentId: id, status: 'interrupted' });
    expect(await refusal(h.caller.experiments.stop({ experimentId: id }))).toMatchObject({ code: 'CONFLICT' });
    await h.caller.experiments.resume({ experimentId: id });
    expect(h.host.isRunning(id)).toBe(true);
    await h.caller.experiments.stop({ experimentId: id });
    const trials = await h.memory.listTrials(id);
    await h.caller.experiments.delete({ experimentId: id });
    expect(await refusal(h.caller.experiments.get({ experimentId: id }))).toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
    expect(await h.memory.queries.seriesBuckets(trials[0]!.id, 'loss')).toMatchObject({ total: 0 });
    // The other experiment is whole.
    expect((await h.caller.experiments.get({ experimentId })).status).toBe('completed');
  }, 120_000);
});
