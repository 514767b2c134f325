import type { Split } from '@epigenome/engine-tfjs';

/** The rows `indices` of a split (features per row `features`), copied in that order. */
export function pickRows(split: Split, indices: readonly number[], features: number): Split {
  const x = new Float32Array(indices.length * features);
  const y = new Int32Array(indices.length);
  indices.forEach((j, k) => {
    x.set(split.x.subarray(j * features, (j + 1) * features), k * features);
    y[k] = split.y[j] as number;
  });
  return { x, y, count: indices.length };
}
