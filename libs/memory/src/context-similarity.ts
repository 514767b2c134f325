import type { TaskContext } from '@epigenome/core';

/** Similarity of two positive magnitudes: min/max of (x + 1) and (y + 1), in (0, 1]. */
function ratio(x: number, y: number): number {
  const a = Math.abs(x) + 1;
  const b = Math.abs(y) + 1;
  return Math.min(a, b) / Math.max(a, b);
}

function shapeSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length)
    return (
      0.5 *
      ratio(
        a.reduce((p, d) => p * d, 1),
        b.reduce((p, d) => p * d, 1),
      ) *
      ratio(a.length, b.length)
    );
  return a.reduce((p, d, i) => p * ratio(d, b[i] as number), 1);
}

/** Mean similarity over the union of keys; a key on one side only scores 0. */
function recordSimilarity(a: Readonly<Record<string, string | number>>, b: Readonly<Record<string, string | number>>, skip: string): number | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== skip));
  if (keys.size === 0) return undefined;
  let sum = 0;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined) continue;
    if (typeof x === 'number' && typeof y === 'number') sum += ratio(x, y);
    else sum += x === y ? 1 : 0;
  }
  return sum / keys.size;
}

/** State features are on arbitrary scales near 0 (slopes, regimes): 1 / (1 + |a − b|) per key. */
function stateSimilarity(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): number | undefined {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  if (keys.size === 0) return undefined;
  let sum = 0;
  for (const k of keys) {
    const x = a?.[k];
    const y = b?.[k];
    if (x !== undefined && y !== undefined) sum += 1 / (1 + Math.abs(x - y));
  }
  return sum / keys.size;
}

/**
 * Similarity of two task contexts in [0, 1]; 1 for identical contexts. A weighted mean of:
 *
 * | component | weight | score |
 * | --- | --- | --- |
 * | dataset name | 2 | 1 if equal, else 0 |
 * | model family | 2 | 1 if equal, else 0 |
 * | samples, features, classes | 1 each | min/max of (x + 1, y + 1) |
 * | input shape | 1 | product of per-dimension ratios (same rank), else half the ratio of sizes × ratio of ranks |
 * | other model descriptors (depth, width, …) | 1, when either side has one | mean over the union of keys: ratio for numbers, equality for strings, 0 when missing on one side |
 * | training-state features | 1, when either side has one | mean over the union of keys of 1 / (1 + abs(a − b)), 0 when missing on one side |
 *
 * So identical > same dataset sizes and family under another name > unrelated task: e.g.
 * MNIST/MLP vs itself = 1, vs Fashion-MNIST/MLP ≈ 0.75, vs Iris/CNN ≈ 0.1.
 */
export function contextSimilarity(a: TaskContext, b: TaskContext): number {
  let sum = 0;
  let weight = 0;
  const add = (score: number | undefined, w: number) => {
    if (score === undefined) return;
    sum += score * w;
    weight += w;
  };
  add(a.dataset.name === b.dataset.name ? 1 : 0, 2);
  add(a.model.family === b.model.family ? 1 : 0, 2);
  add(ratio(a.dataset.samples, b.dataset.samples), 1);
  add(ratio(a.dataset.features, b.dataset.features), 1);
  add(ratio(a.dataset.classes, b.dataset.classes), 1);
  add(shapeSimilarity(a.dataset.inputShape, b.dataset.inputShape), 1);
  add(recordSimilarity(a.model, b.model, 'family'), 1);
  add(stateSimilarity(a.state, b.state), 1);
  return Math.min(1, Math.max(0, sum / weight));
}
