import { permutation } from '../data-utils';

/** Serializable position of a {@link BatchSampler}. */
export interface SamplerState {
  seed: number;
  /** Index of the permutation in use (one per pass over the data). */
  pass: number;
  cursor: number;
  size: number;
}

/** Batches without replacement from seeded per-pass permutations; fully determined by its state. */
export class BatchSampler {
  private perm: Int32Array | undefined;
  state: SamplerState;

  constructor(seed: number) {
    this.state = { seed, pass: -1, cursor: 0, size: 0 };
  }

  private permFor(pass: number, size: number): Int32Array {
    return permutation(size, (this.state.seed * 1_000_003 + pass * 7_919) % 2_147_483_647);
  }

  /** Indices of the next batch of `batch` rows out of `size` (a new pass starts when the rest is too short or `size` changed). */
  next(batch: number, size: number): Int32Array {
    const s = this.state;
    if (this.perm === undefined || s.size !== size || s.cursor + batch > size) {
      s.pass += 1;
      s.cursor = 0;
      s.size = size;
      this.perm = this.permFor(s.pass, size);
    }
    const out = this.perm.subarray(s.cursor, s.cursor + batch);
    s.cursor += batch;
    return out;
  }

  restore(state: SamplerState): void {
    this.state = { ...state };
    this.perm = state.pass >= 0 && state.size > 0 ? this.permFor(state.pass, state.size) : undefined;
  }
}
