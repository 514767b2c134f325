/**
 * A deep JSON copy of `value` in which NaN, Infinity and −Infinity survive as `{ $num: 'NaN' }`,
 * `{ $num: 'Infinity' }`, `{ $num: '-Infinity' }` (plain JSON would turn them into `null`). The
 * regulome's snapshots use the same encoding, so a state encoded here survives being nested in
 * one. Everything else follows `JSON.stringify` (functions and undefined fields are dropped).
 *
 * @example JSON.stringify(toFiniteJson({ best: Infinity })) // '{"best":{"$num":"Infinity"}}'
 */
export function toFiniteJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * Inverse of {@link toFiniteJson}: a deep copy of `json` with every `{ $num }` object (and no
 * other key) turned back into its number. Values that were never encoded pass unchanged.
 */
export function fromFiniteJson<T = unknown>(json: unknown): T {
  const text = JSON.stringify(json);
  if (text === undefined) return undefined as T;
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && typeof v.$num === 'string' && Object.keys(v).length === 1 ? Number(v.$num) : v)) as T;
}
