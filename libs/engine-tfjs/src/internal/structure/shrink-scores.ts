import type { ParamArrays } from './resize-layer';

/** ‖outgoing weights of unit j‖₂ × mean |activation of unit j|: a shrink removes the units with the smallest. */
export function shrinkScores(params: ParamArrays, li: number, activity: Float32Array): Float32Array {
  const n = activity.length;
  const next = params.shapes[2 * li + 2] as number[];
  const w = params.weights[2 * li + 2] as Float32Array;
  const [outer, inner] = next.length === 4 ? [(next[0] as number) * (next[1] as number), next[3] as number] : [(next[0] as number) / n, next[1] as number];
  const scores = new Float32Array(n);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < inner; k++) {
        const v = w[(o * n + j) * inner + k] as number;
        scores[j] = (scores[j] as number) + v * v;
      }
  return scores.map((s, j) => Math.sqrt(s) * (activity[j] as number));
}
