/**
 * Page state kept in the query string, so a shared URL restores the same view. Each page
 * declares its fields with defaults; absent or malformed values fall back to the default.
 */
export type FieldKind = 'string' | 'number' | 'list';
export type FieldValue<K extends FieldKind> = K extends 'number' ? number | undefined : K extends 'list' ? string[] : string | undefined;
export type Fields = Record<string, FieldKind>;
export type StateOf<F extends Fields> = { [K in keyof F]: FieldValue<F[K]> };

export function readUrlState<F extends Fields>(fields: F, params: { get(name: string): string | null }): StateOf<F> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(fields)) {
    const raw = params.get(name);
    if (kind === 'list') out[name] = raw ? raw.split(',').filter((s) => s.length > 0) : [];
    else if (kind === 'number') {
      const n = raw === null || raw === '' ? Number.NaN : Number(raw);
      out[name] = Number.isFinite(n) ? n : undefined;
    } else out[name] = raw === null || raw === '' ? undefined : raw;
  }
  return out as StateOf<F>;
}

/** The query string for `state` (empty values left out, keys in declaration order), without `?`. */
export function writeUrlState<F extends Fields>(fields: F, state: Partial<StateOf<F>>): string {
  const params = new URLSearchParams();
  for (const [name, kind] of Object.entries(fields)) {
    const value = state[name as keyof F] as unknown;
    if (value === undefined || value === null) continue;
    if (kind === 'list') {
      if ((value as string[]).length > 0) params.set(name, (value as string[]).join(','));
    } else if (kind === 'number') {
      if (Number.isFinite(value as number)) params.set(name, String(value));
    } else if (value !== '') params.set(name, String(value));
  }
  return params.toString();
}
