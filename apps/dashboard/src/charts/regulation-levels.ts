import type { ChoiceValue, Level, StoredEvent } from '../lib/api-types';
import type { XY } from './chart-option';

/** One trial's numeric hyperparameter over time, split into each level's contribution. */
export interface LevelContributions {
  readonly trialId: string;
  /** The effective value after each change (starting at step 0). */
  readonly effective: XY[];
  /** The population base: initial value × every population/lineage change (an exploit copies the donor's). */
  readonly base: XY[];
  /** Cumulative epoch-level modulation factor (1 = none). */
  readonly epoch: XY[];
  /** Cumulative step-level modulation factor (1 = none). */
  readonly step: XY[];
}

type LevelEvent = Pick<StoredEvent, 'trialId' | 'step' | 'level' | 'kind' | 'param' | 'from' | 'to'> & { readonly id?: number };

const num = (v: ChoiceValue | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Splits a numeric hyperparameter of every trial into the contribution of each level, from the
 * regulation events (each records the effective value `from` → `to` and the level that changed it):
 * effective = base × epoch factor × step factor. A change at the epoch or step level multiplies
 * that level's factor by `to / from`; a population or lineage change sets the base so the product
 * equals `to`; an exploit (`kind: 'exploit'`, `to` = the donor) copies the donor's base and factors,
 * as the regulome copies its genotype and modulation. The product of the parts equals the recorded
 * effective value after every change, so the picture adds up by construction.
 * `initial` gives a trial's starting value (else its first change's `from`).
 */
export function regulationLevels(
  param: string,
  trialIds: readonly string[],
  events: readonly LevelEvent[],
  initial: (trialId: string) => number | undefined = () => undefined,
): LevelContributions[] {
  const sorted = [...events].filter((e) => (e.kind === 'change' && e.param === param) || e.kind === 'exploit').sort((a, b) => a.step - b.step || (a.id ?? 0) - (b.id ?? 0));
  const state = new Map<string, { base: number; epoch: number; step: number; out: LevelContributions }>();
  for (const trialId of trialIds) {
    const first = sorted.find((e) => e.trialId === trialId && e.kind === 'change' && num(e.from) !== undefined);
    const start = initial(trialId) ?? num(first?.from);
    if (start === undefined) continue;
    state.set(trialId, { base: start, epoch: 1, step: 1, out: { trialId, effective: [[0, start]], base: [[0, start]], epoch: [[0, 1]], step: [[0, 1]] } });
  }
  const record = (s: { base: number; epoch: number; step: number; out: LevelContributions }, at: number, effective: number) => {
    s.out.effective.push([at, effective]);
    s.out.base.push([at, s.base]);
    s.out.epoch.push([at, s.epoch]);
    s.out.step.push([at, s.step]);
  };
  for (const e of sorted) {
    const s = state.get(e.trialId);
    if (!s) continue;
    if (e.kind === 'exploit') {
      const donor = typeof e.to === 'string' ? state.get(e.to) : undefined;
      if (!donor) continue;
      s.base = donor.base;
      s.epoch = donor.epoch;
      s.step = donor.step;
      record(s, e.step, s.base * s.epoch * s.step);
      continue;
    }
    const from = num(e.from);
    const to = num(e.to);
    if (from === undefined || to === undefined) continue;
    if (e.level === 'epoch' || e.level === 'step') {
      if (from !== 0) s[e.level] *= to / from;
    } else {
      s.base = to / (s.epoch * s.step);
    }
    record(s, e.step, to);
  }
  return trialIds.flatMap((id) => {
    const s = state.get(id);
    return s ? [s.out] : [];
  });
}

/** The levels top to bottom, as swim lanes. */
export const LEVEL_ORDER: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];
