import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidInputs } from './hostile-inputs';

describe('invalidInputs', () => {
  it('yields only inputs the schema refuses, many of them shaped like the schema', () => {
    const schema = z.object({ experimentId: z.string().min(1).max(200), limit: z.number().int().min(1).max(500).optional() }).strict();
    const samples = fc.sample(invalidInputs(schema), { numRuns: 300, seed: 7 });
    expect(samples).toHaveLength(300);
    for (const s of samples) expect(schema.safeParse(s).success).toBe(false);
    const shaped = samples.filter((s) => s !== null && typeof s === 'object' && !Array.isArray(s) && ('experimentId' in s || 'limit' in s));
    expect(shaped.length).toBeGreaterThan(60);
  });
});
