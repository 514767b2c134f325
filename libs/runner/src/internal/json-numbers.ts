// The regulome's convention for non-finite numbers in JSON ({ $num: "NaN" }), so a stored runner
// state keeps a NaN loss or an infinite fitness that plain JSON would turn into null.

/** A JSON-safe copy of `value` with every non-finite number as `{ $num: "NaN" | "Infinity" | "-Infinity" }`. */
export function encodeNumbers<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v)));
}

/** Reverses {@link encodeNumbers}. */
export function decodeNumbers<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (v && typeof v === 'object' && typeof v.$num === 'string' && Object.keys(v).length === 1 ? Number(v.$num) : v)) as T;
}
