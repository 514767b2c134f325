import fc from 'fast-check';
import type { z } from 'zod';

/** Strings an attacker or a careless client sends. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  "'; drop table experiments; --",
  '1 OR 1=1',
  "' union select * from marks --",
  '%',
  '_',
  '\\',
  '\u0000',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  '\u202e\u0301\ud83d\ude00',
  'x'.repeat(10_000),
];

/** Numbers at and past every bound a page size, a step or an id could have. */
export const HOSTILE_NUMBERS: readonly number[] = [-1, 0, 0.5, -0.5, 1e-300, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5001, 1e6];

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, ...HOSTILE_STRINGS, ...HOSTILE_NUMBERS),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, with hostile leaves, a few levels deep. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const s = schema as unknown as { shape?: Record<string, z.ZodType>; unwrap?: () => z.ZodType };
  if (s.shape !== undefined && typeof s.shape === 'object') return s.shape;
  if (typeof s.unwrap === 'function') return shapeOf(s.unwrap());
  return undefined;
}

/**
 * Inputs the schema refuses, built from its own shape: objects with the schema's keys (and
 * sometimes an unknown one) holding hostile values, plus arbitrary hostile JSON. Each is kept
 * only if `schema.safeParse` fails, so the server must answer every one with a 4xx.
 */
export function invalidInputs(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = shapeOf(schema);
  const candidates: fc.Arbitrary<unknown>[] = [hostileJson];
  if (shape !== undefined) {
    const keys = Object.keys(shape);
    if (keys.length > 0) {
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(hostileLeaf, hostileJson)])), { requiredKeys: [] });
      candidates.push(
        record,
        fc.tuple(record, fc.string({ minLength: 1, maxLength: 10 }), hostileLeaf).map(([r, k, v]) => ({ ...(r as object), [`${k}_`]: v })),
      );
    }
  }
  return fc.oneof(...candidates).filter((v) => !schema.safeParse(v).success);
}
