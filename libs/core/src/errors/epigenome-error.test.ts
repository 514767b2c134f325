import { describe, expect, it } from 'vitest';
import { EpigenomeError, describeValue, invalidArgument } from './epigenome-error';

describe('EpigenomeError', () => {
  it('names field, value and allowed range, and keeps the cause', () => {
    const cause = new Error('root');
    const error = invalidArgument('space.lr.min', -1, 'a finite number > 0', { cause });
    expect(error.message).toBe('space.lr.min must be a finite number > 0; got -1');
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.field).toBe('space.lr.min');
    expect(error.value).toBe(-1);
    expect(error.allowed).toBe('a finite number > 0');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('recognises instances across copies by marker, not by prototype', () => {
    const foreign = { [Symbol.for('epigenome.error')]: true, code: 'INTERNAL' };
    expect(EpigenomeError.isInstance(foreign)).toBe(true);
    expect(EpigenomeError.isInstance(new Error('x'))).toBe(false);
    expect(EpigenomeError.isInstance(null)).toBe(false);
  });

  it('describes values unambiguously', () => {
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue('adam')).toBe('"adam"');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue('x'.repeat(200)).length).toBeLessThanOrEqual(202);
  });
});
