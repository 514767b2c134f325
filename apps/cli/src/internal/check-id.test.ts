import { describe, expect, it } from 'vitest';
import { checkId, shortId } from './check-id';

describe('checkId', () => {
  it('accepts a uuid', () => {
    expect(checkId('id', '9f633ca5-df63-459c-839d-2e9d7f9bb56c')).toBe('9f633ca5-df63-459c-839d-2e9d7f9bb56c');
  });
  it('refuses an empty id, spaces and control characters', () => {
    expect(() => checkId('id', '')).toThrow('id must be 1–200 printable characters without spaces; got ""');
    expect(() => checkId('id', 'a b')).toThrow(/got "a b"$/);
    expect(() => checkId('id', 'a\u0007')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  it('accepts 200 characters, refuses 201, and never echoes a long id whole', () => {
    expect(checkId('id', 'x'.repeat(200))).toHaveLength(200);
    const huge = 'y'.repeat(100_000);
    let message = '';
    try {
      checkId('id', huge);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`id must be 1–200 printable characters without spaces; got "${'y'.repeat(79)}…" (100000 characters)`);
    expect(() => checkId('id', 'x'.repeat(201))).toThrow(/\(201 characters\)$/);
  });
});

describe('shortId', () => {
  it('cuts to 80 characters with an ellipsis', () => {
    expect(shortId('a'.repeat(80))).toBe('a'.repeat(80));
    expect(shortId('a'.repeat(81))).toBe(`${'a'.repeat(79)}…`);
  });
});
