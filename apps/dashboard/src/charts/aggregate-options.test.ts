import { describe, expect, it } from 'vitest';
import type { EventBuckets, PopulationBand } from '../lib/api-types';
import { eventDensityOption } from './event-density-option';
import { parallelOption, sampleByFitness } from './parallel-option';
import { mergeBands, populationOption } from './population-option';

const band = (fromStep: number, toStep: number, median: number): PopulationBand => ({
  fromStep,
  toStep,
  trials: 10,
  min: median - 0.4,
  p10: median - 0.3,
  p25: median - 0.1,
  median,
  p75: median + 0.1,
  p90: median + 0.3,
  max: median + 0.4,
});

describe('aggregated chart options', () => {
  it('population: stacked 10–90 and 25–75 bands, the median, the extreme and the best trial, titled with units', () => {
    const bands = [band(0, 63, 0.2), band(64, 127, 0.5)];
    const o = populationOption(
      {
        metric: 'val_accuracy',
        unit: 'fraction',
        mode: 'max',
        trials: 10_000,
        width: 64,
        bands,
        best: {
          id: 't7',
          points: [
            [0, 0.3],
            [127, 0.9],
          ],
        },
      },
      'light',
    );
    expect((o.title as { text: string; subtext: string }).text).toBe('Population fitness over time');
    expect((o.title as { subtext: string }).subtext).toContain("10,000 trials aggregated on the server: each trial's highest value per 64-step bucket");
    expect((o.yAxis as { name: string }).name).toBe('val_accuracy (fraction)');
    const [outerLow, outer, innerLow, inner, median, extreme, best] = o.series as any[];
    // Stacked: the lower edge, then the height; their sum is the upper edge.
    expect(outerLow.data).toEqual([
      [63, 0.2 - 0.3],
      [127, 0.5 - 0.3],
    ]);
    expect(outer.data.map(([, h]: number[]) => h)).toEqual(bands.map((b) => b.p90 - b.p10));
    expect(outer.stack).toBe(outerLow.stack);
    expect(innerLow.data.map(([, v]: number[]) => v)).toEqual(bands.map((b) => b.p25));
    expect(inner.data.map(([, h]: number[]) => h)).toEqual(bands.map((b) => b.p75 - b.p25));
    expect(median.data).toEqual([
      [63, 0.2],
      [127, 0.5],
    ]);
    expect(extreme.name).toBe('population max');
    expect(extreme.data.map(([, v]: number[]) => v)).toEqual(bands.map((b) => b.max));
    expect(best).toMatchObject({ name: 't7', z: 10 });
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    const min = populationOption({ metric: 'loss', mode: 'min', trials: 3, bands }, 'dark');
    expect((min.series as any[]).map((s) => s.name)).toContain('population min');
    expect(min.series).toHaveLength(6);
  });

  it('mergeBands keeps the overview outside the zoom and the detail inside', () => {
    const overview = [band(0, 99, 1), band(100, 199, 2), band(200, 299, 3)];
    const detail = [band(100, 149, 20), band(150, 199, 21)];
    expect(mergeBands(overview, detail, { from: 100, to: 199 }).map((b) => b.median)).toEqual([1, 20, 21, 3]);
  });

  it('event density: one series per lane with events, circle area by count, counts named', () => {
    const data: EventBuckets = {
      total: 131,
      width: 100,
      buckets: [
        { level: 'population', fromStep: 0, toStep: 99, n: 1, exploits: 1, trials: 1 },
        { level: 'step', fromStep: 0, toStep: 99, n: 100, exploits: 0, trials: 4 },
        { level: 'step', fromStep: 100, toStep: 199, n: 25, exploits: 0, trials: 2 },
        { level: 'epoch', fromStep: 100, toStep: 199, n: 5, exploits: 0, trials: 1 },
      ],
    };
    const o = eventDensityOption(data, 'dark', { from: 0, to: 150 });
    expect((o.series as any[]).map((s) => s.name)).toEqual(['population', 'epoch', 'step']);
    const step = (o.series as any[])[2];
    expect(step.data.map((d: any) => d.value)).toEqual([
      [49.5, 3, 100],
      [149.5, 3, 25],
    ]);
    // Area ∝ count: a quarter of the events, half the diameter.
    expect(step.data[1].symbolSize / step.data[0].symbolSize).toBeCloseTo(0.5, 9);
    expect(step.data[0].name).toBe('100 step events in steps 0–99 on 4 trials');
    expect((o.series as any[])[0].data[0].name).toContain('(1 exploits)');
    expect((o.title as { subtext: string }).subtext).toContain('131 events counted per 100-step bucket');
    expect((o.dataZoom as any[])[0]).toMatchObject({ startValue: 0, endValue: 150 });
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('parallel coordinates: beyond the limit a sample of the best and evenly spaced ranks, said in the subtitle', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `t${i}`, config: { lr: i / 5000 }, fitness: i / 5000 }));
    const o = parallelOption(rows, 'fitness', 'light', 1000);
    const data = (o.series as any[])[0].data as { name: string; value: number[] }[];
    expect(data).toHaveLength(1000);
    expect((o.title as { subtext: string }).subtext).toBe('sample of 1,000 of 5,000 trials with a fitness: the best 100, then evenly by fitness rank');
    // The colour scale spans every trial, not only the sample.
    expect(o.visualMap).toMatchObject({ min: 0, max: 4999 / 5000 });
    const sample = sampleByFitness(rows, 1000);
    expect(sample.slice(0, 100).map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => `t${4999 - i}`));
    expect(sample.at(-1)!.id).toBe('t0');
    expect(new Set(sample.map((r) => r.id)).size).toBe(1000);
    expect(parallelOption(rows.slice(0, 10), 'fitness', 'light', 1000).series[0]!.data).toHaveLength(10);
  });
});
