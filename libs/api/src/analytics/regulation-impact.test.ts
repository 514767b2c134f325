import { createRng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { errorOf } from './internal/error-of';
import { regulationImpact, type ImpactEvent } from './regulation-impact';

type Point = { step: number; value: number };

/** Points every 10 steps from 0 to `last`, value f(step). */
function seriesOf(f: (step: number) => number, last = 2000): Point[] {
  return Array.from({ length: last / 10 + 1 }, (_, i) => ({ step: i * 10, value: f(i * 10) }));
}

function event(id: number, trialId: string, step: number, more: Partial<ImpactEvent> = {}): ImpactEvent {
  return { id, trialId, step, kind: 'change', regulator: 'plateau', level: 'epoch', param: 'lr', ...more };
}

const trend = (step: number): number => 0.5 + 0.001 * step;
const jump = (delta: number, at: number) => (step: number) => trend(step) + (step > at ? delta : 0);

describe('regulationImpact', () => {
  it('measures a step jump of +Δ right after the event as Δ (exactly without noise)', () => {
    const [r] = regulationImpact({ events: [event(7, 't1', 1000)], series: new Map([['t1', seriesOf(jump(0.2, 1000))]]), mode: 'max' });
    expect(r).toEqual({ eventId: 7, impact: expect.closeTo(0.2, 10) });
  });

  it('measures Δ within 5 standard errors under noise', () => {
    // Default W = 8 spacings: 9 points before (x = −80…0), 8 after. The mean residual's variance is
    // σ² (1/8 + 1/9 + (x̄_after − x̄_before)² / Sxx + …) ≈ σ² (0.24 + 85² / 6000) ≈ 1.45 σ², so its
    // standard error is ≈ 1.2 σ = 0.006 for σ = 0.005; 5 of them is 0.03.
    const rng = createRng(11);
    const events = Array.from({ length: 20 }, (_, i) => event(i, `t${i}`, 1000));
    const series = new Map(events.map((e) => [e.trialId, seriesOf((s) => jump(0.2, 1000)(s) + rng.normal(0, 0.005))]));
    for (const r of regulationImpact({ events, series, mode: 'max' })) expect(Math.abs((r.impact as number) - 0.2)).toBeLessThan(0.03);
  });

  it('gives ≈ 0 for an event on a series that just continues its trend', () => {
    const rng = createRng(12);
    const exact = regulationImpact({ events: [event(1, 't', 700)], series: new Map([['t', seriesOf(trend)]]), mode: 'max' });
    expect(exact[0]!.impact).toBeCloseTo(0, 10);
    const noisy = regulationImpact({ events: [event(1, 't', 700)], series: new Map([['t', seriesOf((s) => trend(s) + rng.normal(0, 0.005))]]), mode: 'max' });
    expect(Math.abs(noisy[0]!.impact as number)).toBeLessThan(0.03);
  });

  it('signs a drop of a decreasing-is-better metric as a gain in min mode', () => {
    const loss = (step: number): number => 2 - 0.001 * step - (step > 1000 ? 0.3 : 0);
    const series = new Map([['t', seriesOf(loss)]]);
    expect(regulationImpact({ events: [event(1, 't', 1000)], series, mode: 'min' })[0]!.impact).toBeCloseTo(0.3, 10);
    expect(regulationImpact({ events: [event(1, 't', 1000)], series, mode: 'max' })[0]!.impact).toBeCloseTo(-0.3, 10);
  });

  it('measures an exploit that jumps to the parent level as the jump, shared with the explore change of the same step', () => {
    const parent = (step: number): number => 0.9 + 0.001 * step;
    const child = (step: number): number => (step > 1200 ? parent(step) : trend(step));
    const series = new Map([
      ['p', seriesOf(parent)],
      ['c', seriesOf(child)],
    ]);
    const events = [
      event(1, 'c', 1200, { kind: 'exploit', param: '@weights', regulator: 'pbt', level: 'population' }),
      event(2, 'c', 1200, { regulator: 'pbt', level: 'population' }),
    ];
    const before = structuredClone({ events, series });
    const out = regulationImpact({ events, series, mode: 'max', lineage: [{ childId: 'c', parentId: 'p', step: 1200 }] });
    expect({ events, series }).toEqual(before);
    expect(out.map((r) => r.eventId)).toEqual([1, 2]);
    for (const r of out) {
      expect(r.impact).toBeCloseTo(0.4, 10);
      expect(r.reason).toContain('exploit of "p"');
      expect(r.reason).toContain('2 events of this trial at step 1200 share one window');
    }
    const byLineageOnly = regulationImpact({ events: [event(3, 'c', 1200)], series, mode: 'max', lineage: [{ childId: 'c', parentId: 'p', step: 1200 }] });
    expect(byLineageOnly[0]!.reason).toContain('exploit of "p"');
    expect(regulationImpact({ events: [event(4, 'c', 1200)], series, mode: 'max' })[0]).toEqual({ eventId: 4, impact: expect.closeTo(0.4, 10) });
  });

  it('is null with a reason when there are too few points before or after, or no series', () => {
    const series = new Map([['t', seriesOf(trend, 200)]]);
    const out = regulationImpact({ events: [event(1, 't', 10), event(2, 't', 200), event(3, 't', 190), event(4, 'gone', 100), event(5, 't', 100)], series, mode: 'max' });
    expect(out[0]).toMatchObject({ eventId: 1, impact: null, reason: expect.stringContaining('too few points before step 10: 2 finite') });
    expect(out[1]).toMatchObject({ eventId: 2, impact: null, reason: expect.stringContaining('too few points after step 200: 0 finite') });
    expect(out[2]).toMatchObject({ eventId: 3, impact: null, reason: expect.stringContaining('too few points after step 190: 1 finite') });
    expect(out[3]).toMatchObject({ eventId: 4, impact: null, reason: 'no metric series for trial "gone"' });
    expect(out[4]).toEqual({ eventId: 5, impact: expect.closeTo(0, 10) });
    const single = regulationImpact({ events: [event(1, 't', 0)], series: new Map([['t', [{ step: 0, value: 1 }]]]), mode: 'max' });
    expect(single[0]).toMatchObject({ impact: null, reason: expect.stringContaining('derive a window') });
  });

  it('skips non-finite points and honours an explicit window', () => {
    const points = seriesOf(jump(0.2, 1000)).map((p) => (p.step === 1010 || p.step === 990 ? { ...p, value: Number.NaN } : p));
    const out = regulationImpact({ events: [event(1, 't', 1000)], series: new Map([['t', points]]), mode: 'max', window: 30 });
    expect(out[0]!.impact).toBeCloseTo(0.2, 10);
    const tooNarrow = regulationImpact({ events: [event(1, 't', 1000)], series: new Map([['t', points]]), mode: 'max', window: 20 });
    expect(tooNarrow[0]).toMatchObject({ impact: null, reason: expect.stringContaining('before step 1000: 2 finite in [980, 1000]') });
  });

  it('refuses bad input with an EpigenomeError naming the field and what is allowed', () => {
    const series = new Map([['t', seriesOf(trend)]]);
    const ok = { events: [event(1, 't', 1000)], series, mode: 'max' as const };
    expect(errorOf(() => regulationImpact({ ...ok, mode: 'maximise' as never })).field).toBe('mode');
    expect(errorOf(() => regulationImpact({ ...ok, mode: undefined as never })).field).toBe('mode');
    for (const window of [0, -5, Number.NaN, Infinity]) {
      const e = errorOf(() => regulationImpact({ ...ok, window }));
      expect(e.field).toBe('window');
      expect(e.message).toContain('> 0');
    }
    expect(errorOf(() => regulationImpact({ ...ok, events: [event(1, 't', 5), event(2, 't', Number.NaN)] })).field).toBe('events[1].step');
    expect(errorOf(() => regulationImpact({ ...ok, events: [event(1, 't', 5, { level: 'trial' as never })] })).field).toBe('events[0].level');
    const unsorted = seriesOf(trend);
    [unsorted[2], unsorted[3]] = [unsorted[3]!, unsorted[2]!];
    const e = errorOf(() => regulationImpact({ ...ok, series: new Map([['t', unsorted]]) }));
    expect(e.field).toBe('series.get("t")[3].step');
    expect(e.message).toContain('sorted by step');
    expect(errorOf(() => regulationImpact({ ...ok, series: { t: [] } as never })).field).toBe('series');
    expect(errorOf(() => regulationImpact({ ...ok, lineage: [{ childId: 3, parentId: 'p', step: 1 }] as never })).field).toBe('lineage[0].childId');
  });

  it('computes 20,000 events over 64 series of 100,000 points', () => {
    const rng = createRng(13);
    const points: Point[] = Array.from({ length: 100_000 }, (_, i) => ({ step: i * 10, value: 1 - Math.exp(-i / 20_000) + 0.01 * Math.sin(i) }));
    const series = new Map(Array.from({ length: 64 }, (_, t) => [`t${t}`, points] as const));
    const events = Array.from({ length: 20_000 }, (_, i) => event(i, `t${i % 64}`, 10 * rng.int(100_000)));
    const out = regulationImpact({ events, series, mode: 'max' });
    expect(out).toHaveLength(20_000);
    expect(out.filter((r) => r.impact !== null).length).toBeGreaterThan(19_900);
  });
});
