import type { LineageGraph } from '../lib/api-types';
import { baseOption, themeColors, valueAxis, type ChartOption, type ChartTheme } from './chart-option';

/**
 * The lineage tree on a step × trial grid: each trial is a horizontal life line from step 0 to
 * its last step; each exploit is an arrow from the donor's line to the trial that copied it, at the
 * step it happened. One graph series on cartesian coordinates.
 */
export function lineageOption(whole: LineageGraph, theme: ChartTheme, maxTrials = MAX_LINEAGE_TRIALS): ChartOption {
  const c = themeColors(theme);
  const graph = largestFirst(whole, maxTrials);
  const rows = graph.nodes.map((n) => n.id);
  const row = new Map(rows.map((id, i) => [id, i]));
  const nodes: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  graph.nodes.forEach((n, i) => {
    const color = c.palette[i % c.palette.length];
    nodes.push({ name: `${n.id}@start`, value: [0, i], symbolSize: 8, itemStyle: { color }, label: { show: false } });
    nodes.push({ name: `${n.id}@end`, value: [Math.max(n.step, 0), i], symbolSize: 4, itemStyle: { color } });
    links.push({ source: `${n.id}@start`, target: `${n.id}@end`, lineStyle: { color, width: 2, opacity: 0.8 }, symbol: ['none', 'none'] });
  });
  graph.edges.forEach((e, k) => {
    const from = row.get(e.parentId);
    const to = row.get(e.childId);
    if (from === undefined || to === undefined) return;
    const a = `exploit${k}@${e.parentId}`;
    const b = `exploit${k}@${e.childId}`;
    nodes.push({ name: a, value: [e.step, from], symbolSize: 3, itemStyle: { color: c.muted } });
    nodes.push({ name: b, value: [e.step, to], symbolSize: 5, itemStyle: { color: c.highlight } });
    links.push({ source: a, target: b, lineStyle: { color: c.highlight, width: 1, opacity: 0.55 }, symbol: ['none', 'arrow'] });
  });
  return {
    ...baseOption(
      theme,
      'Lineage: who exploited whom, when',
      graph.nodes.length < whole.nodes.length
        ? `${graph.nodes.length} of ${whole.nodes.length} trials (best by fitness) · ${graph.edges.length} exploits among them`
        : `${graph.nodes.length} trials · ${graph.edges.length} exploits`,
    ),
    grid: { left: 90, right: 24, top: 60, bottom: 48 },
    xAxis: valueAxis(theme, 'step (optimiser steps)', { scale: false, min: 0 }),
    yAxis: { ...valueAxis(theme, 'trial', { nameGap: 70 }), type: 'category', data: rows, scale: false, inverse: true },
    series: [{ type: 'graph', coordinateSystem: 'cartesian2d', layout: 'none', edgeSymbolSize: 8, data: nodes, links, animation: false, emphasis: { disabled: true } }],
  };
}

/** Trials drawn at most: beyond it the best by fitness (a lineage of 10,000 trials would be ink, not information). */
export const MAX_LINEAGE_TRIALS = 200;

function largestFirst(graph: LineageGraph, max: number): LineageGraph {
  if (graph.nodes.length <= max) return graph;
  const kept = [...graph.nodes].sort((a, b) => (b.fitness ?? -Infinity) - (a.fitness ?? -Infinity)).slice(0, max);
  const ids = new Set(kept.map((n) => n.id));
  return { nodes: graph.nodes.filter((n) => ids.has(n.id)), edges: graph.edges.filter((e) => ids.has(e.childId) && ids.has(e.parentId)) };
}
