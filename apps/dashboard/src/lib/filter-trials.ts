import type { TrialItem } from './api-types';

/** The trials matching a text filter (id, parent id or `param=value`, case-insensitive) and a status (`''` for any). */
export function filterTrials(trials: readonly TrialItem[], query: string, status: string): readonly TrialItem[] {
  const q = query.trim().toLowerCase();
  if (!q && !status) return trials;
  return trials.filter((t) => {
    if (status && t.status !== status) return false;
    if (!q) return true;
    if (t.id.toLowerCase().includes(q) || (t.parentId ?? '').toLowerCase().includes(q)) return true;
    return Object.entries(t.config).some(([k, v]) => `${k}=${String(v)}`.toLowerCase().includes(q));
  });
}
