import { describe, expect, it } from 'vitest';
import { fromFiniteJson, toFiniteJson } from './finite-json';

describe('finite JSON codec', () => {
  it('keeps NaN and ±Infinity through JSON text, nested anywhere', () => {
    const value = { best: Infinity, worst: -Infinity, list: [1, Number.NaN, { x: -0.5 }], name: 'a' };
    const text = JSON.stringify(toFiniteJson(value));
    expect(text).toBe('{"best":{"$num":"Infinity"},"worst":{"$num":"-Infinity"},"list":[1,{"$num":"NaN"},{"x":-0.5}],"name":"a"}');
    expect(fromFiniteJson(JSON.parse(text))).toEqual(value);
  });

  it('copies deeply and leaves ordinary objects alone', () => {
    const value = { a: { $num: 'Infinity', other: 1 }, b: [1, 2] };
    const copy = fromFiniteJson<typeof value>(toFiniteJson(value));
    expect(copy).toEqual(value);
    expect(copy.b).not.toBe(value.b);
    expect(toFiniteJson(undefined)).toBeUndefined();
  });
});
