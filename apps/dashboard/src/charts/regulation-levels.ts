import type { ChoiceValue, Level, StoredEvent } from '../lib/api-types';
import type { XY } from './chart-option';

/** One trial's numeric hyperparameter over time, split into each level's contribution. */
export interface LevelContributions {
  readonly trialId: string;
  /** The effective value after each change (starting at step 0). */
  readonly effective: XY[];
  /** The population base: initial value × every population/lineage change. */
  readonly base: XY[];
  /** Cumulative epoch-level modulation factor (1 = none). */
  readonly epoch: XY[];
  /** Cumulative step-level modulation factor (1 = none). */
  readonly step: XY[];
}

const num = (v: ChoiceValue | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Splits a numeric hyperparameter of one trial into the contribution of each level, from its
 * regulation events (each records the effective value `from` → `to` and the level that changed it):
 * effective = base × epoch factor × step factor, where a change at a level multiplies that level's
 * part by `to / from` (population and lineage changes set the base). The product of the parts
 * equals the recorded effective value after every event, so the picture adds up by construction.
 * `initial` is the trial's starting value (the first event's `from` when undefined).
 */
export function regulationLevels(
  trialId: string,
  events: readonly Pick<StoredEvent, 'step' | 'level' | 'from' | 'to' | 'kind'>[],
  initial?: number,
): LevelContributions | undefined {
  const changes = events.filter((e) => e.kind === 'change' && num(e.from) !== undefined && num(e.to) !== undefined).sort((a, b) => a.step - b.step);
  const start = initial ?? num(changes[0]?.from);
  if (start === undefined) return undefined;
  let base = start;
  const factor: Record<'epoch' | 'step', number> = { epoch: 1, step: 1 };
  const out: LevelContributions = { trialId, effective: [[0, start]], base: [[0, start]], epoch: [[0, 1]], step: [[0, 1]] };
  for (const e of changes) {
    const from = num(e.from)!;
    const to = num(e.to)!;
    const ratio = from === 0 ? Number.NaN : to / from;
    if (e.level === 'epoch' || e.level === 'step') {
      if (Number.isFinite(ratio)) factor[e.level] *= ratio;
    } else {
      // A population/lineage change sets the effective value; the base is what makes the product match it.
      base = to / (factor.epoch * factor.step);
    }
    const at = e.step;
    out.effective.push([at, to]);
    out.base.push([at, base]);
    out.epoch.push([at, factor.epoch]);
    out.step.push([at, factor.step]);
  }
  return out;
}

/** Which level a lane shows, for events whose level is one of the four. */
export const LEVEL_ORDER: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];
