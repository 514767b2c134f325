import { describe, expect, it } from 'vitest';
import { compareOption } from './compare-option';
import { decayOption } from './decay-option';
import { fitnessOption } from './fitness-option';
import { impactOption } from './impact-option';
import { importanceOption } from './importance-option';
import { lineageOption } from './lineage-option';
import { parallelOption } from './parallel-option';
import { regulationLevels } from './regulation-levels';
import { regulationOption } from './regulation-option';
import { timelineOption } from './timeline-option';

// Every chart has a title, named axes with units and the series the data calls for; options are
// plain data (JSON round-trips), so the browser draws exactly what is tested here.
const titled = (o: Record<string, unknown>) => (o.title as { text: string }).text;
const axisNames = (axis: unknown) => (Array.isArray(axis) ? axis : [axis]).map((a: { name?: string }) => a.name);

describe('chart options', () => {
  it('fitness: one line per trial, the best on top and thick, exploits marked on the trial that copied', () => {
    const o = fitnessOption(
      {
        metric: 'val_accuracy',
        unit: 'fraction',
        trials: [
          {
            id: 't0',
            points: [
              [0, 0.1],
              [10, 0.5],
            ],
          },
          {
            id: 't1',
            points: [
              [0, 0.2],
              [10, 0.4],
            ],
          },
        ],
        bestTrialId: 't0',
        exploits: [{ trialId: 't1', from: 't0', step: 10 }],
      },
      'dark',
      { from: 2, to: 8 },
    );
    expect(titled(o)).toBe('Population fitness over time');
    expect(axisNames(o.xAxis)).toEqual(['step (optimiser steps)']);
    expect(axisNames(o.yAxis)).toEqual(['val_accuracy (fraction)']);
    expect(o.series).toHaveLength(2);
    const [best, other] = o.series as any[];
    expect(best.lineStyle.width).toBeGreaterThan(other.lineStyle.width);
    expect(best.z).toBeGreaterThan(other.z);
    expect(other.markPoint.data).toEqual([{ name: 'exploit from t0', coord: [10, 0.4], value: '← t0' }]);
    expect((o.dataZoom as any[])[0]).toMatchObject({ startValue: 2, endValue: 8 });
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('regulation: effective per trial, the focused trial’s three levels and one series per level with events', () => {
    const events = [
      { step: 10, level: 'step', kind: 'change', param: 'lr', from: 0.1, to: 0.2, trialId: 't0' },
      { step: 20, level: 'population', kind: 'change', param: 'lr', from: 0.2, to: 0.05, trialId: 't0' },
    ] as const;
    const [t0, t1] = regulationLevels('lr', ['t0', 't1'], [...events, { trialId: 't1', step: 5, level: 'step', kind: 'change', param: 'lr', from: 1, to: 2 }] as any);
    const o = regulationOption(
      {
        param: 'lr',
        log: true,
        trials: [t0!, t1!],
        focusTrialId: 't0',
        events: events.map((e) => ({ step: e.step, level: e.level, trialId: e.trialId, value: e.to, label: 'x' })),
      },
      'light',
    );
    expect(titled(o)).toBe('Multi-level regulation of lr');
    expect(axisNames(o.yAxis)).toEqual(['lr (effective value)', 'modulation factor (×)']);
    expect(o.series.map((s) => s.name)).toEqual(['t0 effective', 't1 effective', 'population base', 'epoch factor ×', 'step factor ×', 'population events', 'step events']);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('timeline: one lane per level that has events', () => {
    const e = (level: string, step: number) => ({ level, step, trialId: 't0', param: 'lr', kind: 'change', from: 1, to: 2, regulator: 'r' }) as const;
    const o = timelineOption([e('step', 1), e('step', 2), e('population', 3)] as any, 'dark');
    expect(o.series.map((s) => s.name)).toEqual(['population', 'step']);
    expect((o.series[1] as any).data).toHaveLength(2);
    expect((o.yAxis as any).data).toEqual(['lineage', 'population', 'epoch', 'step']);
    expect(axisNames(o.xAxis)).toEqual(['step (optimiser steps)']);
  });

  it('lineage: a life line per trial and an arrow per exploit', () => {
    const node = (id: string, step: number) => ({ id, step, status: 'completed' as const, fitness: 1, parentId: null, generation: 0, config: {} });
    const o = lineageOption({ nodes: [node('a', 100), node('b', 100)], edges: [{ childId: 'b', parentId: 'a', step: 40 }] }, 'light');
    const graph = o.series[0] as any;
    expect(o.series).toHaveLength(1);
    expect(graph.links).toHaveLength(3);
    expect(graph.links[2]).toMatchObject({ source: 'exploit0@a', target: 'exploit0@b', symbol: ['none', 'arrow'] });
    expect(graph.data.find((n: any) => n.name === 'exploit0@b').value).toEqual([40, 1]);
  });

  it('parallel: an axis per hyperparameter plus the objective, lines only for trials with a fitness', () => {
    const o = parallelOption(
      [
        { id: 'a', config: { lr: 0.1, opt: 'adam' }, fitness: 0.9 },
        { id: 'b', config: { lr: 0.01, opt: 'sgd' }, fitness: null },
      ],
      'val_accuracy',
      'dark',
    );
    expect((o.parallelAxis as any[]).map((a) => [a.name, a.type])).toEqual([
      ['lr', 'value'],
      ['opt', 'category'],
      ['val_accuracy', 'value'],
    ]);
    expect((o.series[0] as any).data).toEqual([{ name: 'a', value: [0.1, 'adam', 0.9] }]);
  });

  it('importance: bars sorted with the largest on top, axis from 0 to 1', () => {
    const o = importanceOption(
      [
        { param: 'lr', importance: 0.7 },
        { param: 'dropout', importance: 0.3 },
      ],
      'light',
    );
    expect((o.yAxis as any).data).toEqual(['dropout', 'lr']);
    expect((o.series[0] as any).data).toEqual([0.3, 0.7]);
    expect(axisNames(o.xAxis)).toEqual(['importance (share of 1)']);
  });

  it('impact spectrum: one curve per group and run, x at bin centres', () => {
    const spectrum = {
      edges: [-1, 0, 1],
      groups: [
        { group: 'change', counts: [2, 5] },
        { group: 'exploit', counts: [0, 1] },
      ],
    };
    const o = impactOption(
      [
        { label: 'run A', spectrum },
        { label: 'run B', spectrum },
      ],
      'dark',
      'val_accuracy',
    );
    expect(o.series.map((s) => s.name)).toEqual(['run A · change', 'run A · exploit', 'run B · change', 'run B · exploit']);
    expect((o.series[0] as any).data).toEqual([
      [-0.5, 2],
      [0.5, 5],
    ]);
    expect(axisNames(o.yAxis)).toEqual(['events (count)']);
  });

  it('compare: one line per experiment', () => {
    const o = compareOption(
      [
        { experimentId: 'e1', name: 'one', bestSoFar: [{ step: 0, value: 1 }] },
        { experimentId: 'e2', name: '', bestSoFar: [] },
      ],
      'val_loss',
      'light',
    );
    expect(o.series.map((s) => s.name)).toEqual(['one (e1)', 'e2']);
    expect(axisNames(o.yAxis)).toEqual(['best val_loss']);
  });
});

describe('large experiments', () => {
  it('lineage draws the best 200 trials of 10,000 and says so', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => ({ id: `t${i}`, step: 100, status: 'completed' as const, fitness: i, parentId: null, generation: 0, config: {} }));
    const edges = [
      { childId: 't9999', parentId: 't9998', step: 50 },
      { childId: 't0', parentId: 't9999', step: 60 },
    ];
    const o = lineageOption({ nodes, edges }, 'dark');
    expect((o.yAxis as any).data).toHaveLength(200);
    expect((o.yAxis as any).data[0]).toBe('t9800');
    expect((o.series[0] as any).links).toHaveLength(201);
    expect((o.title as any).subtext).toBe('200 of 10000 trials (best by fitness) · 1 exploits among them');
  });

  it('timeline says when it shows only the first events', () => {
    const o = timelineOption([{ level: 'step', step: 1, trialId: 't', param: 'lr', kind: 'change', from: 1, to: 2, regulator: 'r' }] as any, 'light', undefined, true);
    expect((o.title as any).subtext).toBe('first 1 events (zoom in for the rest)');
  });
});

describe('decay', () => {
  it('draws each mark halving every half-life from its strength, with today marked at its decayed strength', () => {
    const day = 86_400_000;
    const mark = { id: 'abcdefghijk', fitness: 1, strength: 0.8, decayedStrength: 0.4, halfLifeDays: 30, updatedAt: 0 } as any;
    const o = decayOption([mark], 30 * day, 'light', 60);
    const s = o.series[0] as any;
    expect(s.name).toBe('abcdefgh');
    expect(s.data[0]).toEqual([0, 0.8]);
    expect(s.data.find((p: number[]) => p[0] === 30)[1]).toBeCloseTo(0.4, 5);
    expect(s.markPoint.data[0].coord).toEqual([30, 0.4]);
    expect((o.yAxis as any).name).toBe('strength (0–1)');
  });
});
