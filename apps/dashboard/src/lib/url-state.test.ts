import { describe, expect, it } from 'vitest';
import { readUrlState, writeUrlState } from './url-state';

const fields = { q: 'string', statuses: 'list', from: 'number' } as const;

describe('url state', () => {
  it('round-trips through the query string', () => {
    const state = { q: 'mnist run', statuses: ['running', 'failed'], from: 120 };
    const query = writeUrlState(fields, state);
    expect(query).toBe('q=mnist+run&statuses=running%2Cfailed&from=120');
    expect(readUrlState(fields, new URLSearchParams(query))).toEqual(state);
  });

  it('falls back to empty values on missing or malformed input, and leaves empty values out', () => {
    expect(readUrlState(fields, new URLSearchParams('from=abc&statuses='))).toEqual({ q: undefined, statuses: [], from: undefined });
    expect(writeUrlState(fields, { q: '', statuses: [], from: Number.NaN })).toBe('');
  });
});
