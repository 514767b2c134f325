import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng';
import { choice, float, int, validateSpace, width, type ParamSpec, type SearchSpace } from './param-spec';
import {
  clampConfig,
  clampValue,
  decodeConfig,
  decodeValue,
  encodeConfig,
  encodeValue,
  perturbConfig,
  perturbValue,
  sampleConfig,
  sampleValue,
  validateConfig,
} from './search-space';

const floatSpec = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([a, w]) => float(a, a + w));
const logFloatSpec = fc.tuple(fc.double({ min: 1e-8, max: 1e3, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true })).map(([a, r]) => float(a, a * r, { log: true }));
const intSpec = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 })).map(([a, w]) => int(a, a + w));
const logIntSpec = fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5000 })).map(([a, w]) => int(a, a + w, { log: true }));
const widthSpec = fc.tuple(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 2048 }), fc.boolean()).map(([a, w, log]) => width(a, a + w, { log }));
const choiceSpec = fc.uniqueArray(fc.oneof(fc.string(), fc.integer(), fc.boolean()), { minLength: 1, maxLength: 8 }).map((v) => choice(v));
const anySpec: fc.Arbitrary<ParamSpec> = fc.oneof(floatSpec, logFloatSpec, intSpec, logIntSpec, widthSpec, choiceSpec);
const space: fc.Arbitrary<SearchSpace> = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'lr', 'dropout'), anySpec, { minKeys: 1 });

function inDomain(spec: ParamSpec, v: unknown): boolean {
  if (spec.kind === 'choice') return spec.values.includes(v as never);
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if ((spec.kind === 'int' || spec.kind === 'width') && !Number.isInteger(v)) return false;
  return v >= spec.min && v <= spec.max;
}

describe('search spaces', () => {
  it('samples valid configurations', () => {
    fc.assert(
      fc.property(space, fc.integer(), (s, seed) => {
        const config = sampleConfig(s, createRng(seed));
        validateConfig(s, config);
        return Object.entries(s).every(([k, spec]) => inDomain(spec, config[k]));
      }),
    );
  });

  it('clamps into the domain, idempotently', () => {
    fc.assert(
      fc.property(anySpec, fc.oneof(fc.double(), fc.string(), fc.boolean()), (spec, raw) => {
        const once = clampValue(spec, raw);
        return inDomain(spec, once) && clampValue(spec, once) === once;
      }),
    );
  });

  it('perturbs without leaving the bounds; ints stay ints; choices stay members', () => {
    fc.assert(
      fc.property(space, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (s, seed, p) => {
        const rng = createRng(seed);
        let config = sampleConfig(s, rng);
        for (let i = 0; i < 10; i++) config = perturbConfig(s, config, rng, { resampleProbability: p });
        return Object.entries(s).every(([k, spec]) => inDomain(spec, config[k]));
      }),
    );
  });

  it('moves a choice to a neighbour when it does not resample', () => {
    fc.assert(
      fc.property(choiceSpec, fc.integer(), (spec, seed) => {
        const rng = createRng(seed);
        const v = sampleValue(spec, rng);
        const next = perturbValue(spec, v, rng, { resampleProbability: 0 });
        const d = Math.abs(spec.values.indexOf(next) - spec.values.indexOf(v));
        return spec.values.length === 1 ? d === 0 : d === 1;
      }),
    );
  });

  it('multiplies numbers by 0.8 or 1.2 when it does not resample (clamped)', () => {
    fc.assert(
      fc.property(floatSpec, fc.integer(), (spec, seed) => {
        const rng = createRng(seed);
        const v = sampleValue(spec, rng) as number;
        const next = perturbValue(spec, v, rng, { resampleProbability: 0 }) as number;
        const candidates = [0.8, 1.2].map((f) => clampValue(spec, v * f));
        return candidates.includes(next);
      }),
    );
  });

  it('moves an int at least one step when the factor would round back', () => {
    const spec = int(0, 10);
    const rng = createRng(1);
    for (let i = 0; i < 20; i++) {
      const next = perturbValue(spec, 2, rng, { resampleProbability: 0 });
      expect([1, 3]).toContain(next);
    }
  });

  it('encodes into the unit cube and decodes back', () => {
    fc.assert(
      fc.property(space, fc.integer(), (s, seed) => {
        const config = sampleConfig(s, createRng(seed));
        const point = encodeConfig(s, config);
        const back = decodeConfig(s, point);
        return (
          point.every((u) => u >= 0 && u <= 1) &&
          Object.entries(s).every(([k, spec]) => {
            const a = config[k];
            const b = back[k];
            if (spec.kind !== 'float') return a === b;
            return Math.abs((a as number) - (b as number)) <= 1e-9 * Math.max(1, Math.abs(a as number));
          })
        );
      }),
    );
  });

  it('decodes any coordinate into the domain', () => {
    fc.assert(fc.property(anySpec, fc.double(), (spec, u) => inDomain(spec, decodeValue(spec, u))));
  });

  it('gives every int and choice an equal share of the axis', () => {
    const spec = int(1, 4);
    expect([1, 2, 3, 4].map((v) => encodeValue(spec, v))).toEqual([0.125, 0.375, 0.625, 0.875]);
    const c = choice(['a', 'b']);
    expect(encodeValue(c, 'b')).toBe(0.75);
    expect(decodeValue(c, 0.49)).toBe('a');
  });

  it('handles zero-width bounds', () => {
    const spec = float(0.3, 0.3);
    expect(encodeValue(spec, 0.3)).toBe(0.5);
    expect(decodeValue(spec, 0.9)).toBe(0.3);
    expect(perturbValue(spec, 0.3, createRng(1))).toBe(0.3);
  });

  it('drops unknown keys when clamping a config', () => {
    const s = { lr: float(0, 1) };
    expect(clampConfig(s, { lr: 3, other: 1 })).toEqual({ lr: 1 });
  });
});

describe('bad input', () => {
  it('names the field and the allowed range', () => {
    expect(() => float(1, 0)).toThrow('float.max must be ≥ min (1); got 0');
    expect(() => float(0, 1, { log: true })).toThrow('float.min must be > 0 on a log scale; got 0');
    expect(() => float(Number.NaN, 1)).toThrow('float.min must be a finite number; got NaN');
    expect(() => int(0.5, 2)).toThrow('int.min must be an integer; got 0.5');
    expect(() => int(0, 8, { log: true })).toThrow(/int.min must be > 0 on a log scale/);
    expect(() => choice([])).toThrow('choice.values must be a non-empty array; got []');
    expect(() => choice(['a', 'a'])).toThrow(/distinct values/);
    expect(() => validateSpace({})).toThrow(/at least one hyperparameter/);
    expect(() => validateSpace({ lr: { kind: 'float', min: 2, max: 1 } })).toThrow('space.lr.max must be ≥ min (2); got 1');
    expect(() => validateSpace({ lr: { kind: 'x' } as never })).toThrow(/space.lr.kind must be "float", "int", "width" or "choice"/);
    expect(() => width(0, 8)).toThrow('width.min must be an integer ≥ 1 (a layer has at least one unit); got 0');
    expect(() => width(8.5, 16)).toThrow('width.min must be an integer; got 8.5');
    expect(() => width(16, 8)).toThrow('width.max must be ≥ min (16); got 8');
    expect(() => validateSpace({ 'width.0': { kind: 'width', min: 8, max: 64.5 } })).toThrow('space.width.0.max must be an integer; got 64.5');
  });

  it('handles a width like an int: integer values, a unit-cube share per width, a clear message', () => {
    const s = { 'width.0': width(8, 256, { log: true }) };
    expect(validateSpace(s)).toBe(s);
    expect(clampValue(s['width.0'], 300)).toBe(256);
    expect(clampValue(s['width.0'], 20.4)).toBe(20);
    expect(decodeValue(s['width.0'], 0)).toBe(8);
    expect(decodeValue(s['width.0'], 1)).toBe(256);
    expect(decodeValue(s['width.0'], encodeValue(s['width.0'], 37))).toBe(37);
    expect(perturbValue(s['width.0'], 8, createRng(1), { resampleProbability: 0, factors: [1.05] })).toBe(9); // rounds back to itself: one unit up
    expect(() => validateConfig(s, { 'width.0': 12.5 })).toThrow('config.width.0 must be an integer width in [8, 256] (log); got 12.5');
  });

  it('validates configurations field by field', () => {
    const s = { lr: float(1e-4, 1e-1, { log: true }), opt: choice(['adam', 'sgd']), bs: int(8, 64) };
    expect(() => validateConfig(s, { lr: -1, opt: 'adam', bs: 8 })).toThrow('config.lr must be a number in [0.0001, 0.1] (log); got -1');
    expect(() => validateConfig(s, { lr: 0.01, opt: 'rmsprop', bs: 8 })).toThrow('config.opt must be one of "adam", "sgd"; got "rmsprop"');
    expect(() => validateConfig(s, { lr: 0.01, opt: 'adam', bs: 8.5 })).toThrow(/config.bs must be an integer in \[8, 64\]/);
    expect(() => validateConfig(s, { lr: 0.01, opt: 'adam', bs: 8, x: 1 })).toThrow(/config.x must be one of the space's hyperparameters \(lr, opt, bs\)/);
    expect(() => validateConfig(s, { lr: 0.01, opt: 'adam' })).toThrow(/config.bs must be a value/);
    expect(() => perturbConfig(s, { lr: 0.01, opt: 'adam', bs: 8 }, createRng(1), { resampleProbability: 2 })).toThrow(/resampleProbability must be a number in \[0, 1\]/);
  });
});
