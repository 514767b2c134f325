import { invalidArgument } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { errorLine } from './error-line';

describe('errorLine', () => {
  it('prints one line for an EpigenomeError and for an unexpected error, no stack', () => {
    expect(errorLine(invalidArgument('options.every', 0, 'an integer ≥ 1'), {})).toBe('error: options.every must be an integer ≥ 1; got 0\n');
    expect(errorLine(new TypeError('boom\n  on two lines'), {})).toBe('error: boom on two lines\n');
    expect(errorLine('a thrown string', {})).toBe('error: a thrown string\n');
    // a driver's plain object: its message, never "[object Object]"
    expect(errorLine({ message: 'database is locked', code: 'X' }, {})).toBe('error: database is locked\n');
    expect(errorLine({ code: 'X' }, {})).toBe("error: { code: 'X' }\n");
  });
  it('adds the stack with EPIGENOME_DEBUG=1', () => {
    const text = errorLine(new TypeError('boom'), { EPIGENOME_DEBUG: '1' });
    expect(text.split('\n')[0]).toBe('error: boom');
    expect(text).toMatch(/\n\s+at /);
  });
  it('cuts a huge message', () => {
    const text = errorLine(new Error('z'.repeat(10_000)), {});
    expect([...text.trimEnd()]).toHaveLength(2000);
    expect(text.trimEnd().endsWith('…')).toBe(true);
  });
});
