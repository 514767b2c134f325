import { decodeValue, encodeValue, type ChoiceValue, type Config, type ParamSpec, type SearchSpace } from '@epigenome/core';

/** How one hyperparameter enters the GP. */
export interface EncodedParam {
  readonly name: string;
  readonly spec: ParamSpec;
  /** `float` and `int` (and `width`, encoded as an `int`): one feature; `choice`: one-hot features; `fixed`: none (zero-width or one value). */
  readonly kind: 'float' | 'int' | 'choice' | 'fixed';
  /** First feature column. */
  readonly offset: number;
  /** Feature columns. */
  readonly width: number;
}

/**
 * Mixed-space encoding for the GP: floats on their unit axis (log axes for log specs), ints on
 * their unit axis snapped to the centre of their cell (rounding inside the acquisition, Garrido-
 * Merchán & Hernández-Lobato 2020), choices one-hot, fixed parameters dropped.
 *
 * The optimiser's *search vector* u has one coordinate per non-fixed parameter (choices: ⌊u·k⌋).
 */
export class SpaceEncoding {
  readonly params: EncodedParam[];
  /** Non-fixed parameters, in space order (one search coordinate each). */
  readonly free: EncodedParam[];
  readonly featureDim: number;

  constructor(readonly space: SearchSpace) {
    let offset = 0;
    this.params = Object.entries(space).map(([name, spec]) => {
      let kind: EncodedParam['kind'];
      let width = 1;
      if (spec.kind === 'choice') {
        kind = spec.values.length > 1 ? 'choice' : 'fixed';
        width = kind === 'choice' ? spec.values.length : 0;
      } else {
        kind = spec.max > spec.min ? (spec.kind === 'float' ? 'float' : 'int') : 'fixed'; // a width is an int here
        width = kind === 'fixed' ? 0 : 1;
      }
      const p: EncodedParam = { name, spec, kind, offset, width };
      offset += width;
      return p;
    });
    this.free = this.params.filter((p) => p.kind !== 'fixed');
    this.featureDim = offset;
  }

  /** GP features of a configuration. */
  features(config: Readonly<Config>): Float64Array {
    const out = new Float64Array(this.featureDim);
    for (const p of this.params) {
      if (p.kind === 'fixed') continue;
      const v = config[p.name] as ChoiceValue;
      if (p.spec.kind === 'choice') {
        const i = p.spec.values.indexOf(v);
        out[p.offset + Math.max(0, i)] = 1;
      } else out[p.offset] = encodeValue(p.spec, v);
    }
    return out;
  }

  /** Search vector (one coordinate per free parameter) → GP features, ints snapped, choices one-hot. */
  searchToFeatures(u: ArrayLike<number>, out: Float64Array = new Float64Array(this.featureDim)): Float64Array {
    out.fill(0);
    this.free.forEach((p, j) => {
      const x = Math.min(1, Math.max(0, u[j] as number));
      if (p.spec.kind === 'choice') out[p.offset + Math.min(p.width - 1, Math.floor(x * p.width))] = 1;
      else if (p.kind === 'int') out[p.offset] = encodeValue(p.spec, decodeValue(p.spec, x));
      else out[p.offset] = x;
    });
    return out;
  }

  /** Search vector of a configuration (cell centres for ints and choices). */
  search(config: Readonly<Config>): number[] {
    return this.free.map((p) => encodeValue(p.spec, config[p.name] as ChoiceValue));
  }

  /** Configuration of a search vector; fixed parameters take their only value. */
  decode(u: ArrayLike<number>): Config {
    const out: Config = {};
    let j = 0;
    for (const p of this.params) {
      if (p.kind === 'fixed') out[p.name] = p.spec.kind === 'choice' ? (p.spec.values[0] as ChoiceValue) : p.spec.min;
      else out[p.name] = decodeValue(p.spec, u[j++] as number);
    }
    return out;
  }
}
