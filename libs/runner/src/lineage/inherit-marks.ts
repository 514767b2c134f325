import { checkInteger, checkNumber, checkOptions, clampValue, type Config, type InheritedMark, type Regulator, type TrialResult } from '@epigenome/core';
import { foreignChoice } from './foreign-choice';
import { MARK_STRENGTH_STEP, MIN_MARK_SCORE } from './lineage-constants';

/** Options of {@link inheritMarks}. */
export interface InheritMarksOptions {
  /** How many marks to consider (the k of `inherit`). Default 4. */
  k?: number;
  /** Fraction of the population started from inherited configurations; the rest explore. In [0, 1]. Default 0.5. */
  fraction?: number;
  /** Minimum score (similarity × decayed strength) a mark needs to be used. Default 0.05 ({@link MIN_MARK_SCORE}). */
  minScore?: number;
  /** Strength added to or taken from a mark after the experiment, in (0, 1]. Default 0.2 ({@link MARK_STRENGTH_STEP}). */
  amount?: number;
  /** Regulator name. Default `inherit-marks`. */
  name?: string;
}

const INHERIT_MARKS_OPTION_KEYS = ['k', 'fraction', 'minScore', 'amount', 'name'] as const;

/** What `inheritMarks` did, for reports. */
export interface InheritanceReport {
  readonly marks: readonly { id: string; score: number; kind: string }[];
  /** Marks left unused because they come from another regime: mark id → why. */
  readonly ignored: Readonly<Record<string, string>>;
  readonly seeded: Readonly<Record<string, string>>;
  readonly verdicts: Readonly<Record<string, 'reinforced' | 'weakened'>>;
}

/**
 * Lineage-level regulator: at experiment start it inherits the k best marks of similar earlier
 * contexts and starts up to `fraction` of the population from their configurations (configuration
 * marks first, then the last point of schedule marks); at the end it reinforces every mark whose trials finished at
 * or above the population's median fitness and weakens the others (below the store's floor a
 * mark is erased). A mark whose configuration holds a choice this space does not admit (e.g. `optimizer:
 * 'adam'` where the space allows only `'sgd'`) comes from another regime: its numbers were found
 * together with that choice (an Adam rate is 10–100× below an SGD one), so none of its values
 * carry over and it seeds no trial (see `report().ignored`). It controls every hyperparameter of the space (`controls` is a function of the
 * space, resolved by the regulome when it is built); as a lineage regulator it only proposes, so it
 * never conflicts with other levels.
 */
export function inheritMarks(input: InheritMarksOptions = {}): Regulator & { report(): InheritanceReport } {
  // a misspelt option must not pass silently (the spec path checks the same list)
  const options = checkOptions<InheritMarksOptions>('options', input, INHERIT_MARKS_OPTION_KEYS);
  const k = checkInteger('options.k', options.k, 4, 1);
  const fraction = checkNumber('options.fraction', options.fraction, 0.5, { min: 0, max: 1 });
  const minScore = checkNumber('options.minScore', options.minScore, MIN_MARK_SCORE, { min: 0, max: 1 });
  const amount = checkNumber('options.amount', options.amount, MARK_STRENGTH_STEP, { min: 0, minOpen: true, max: 1 });
  let marks: InheritedMark[] = [];
  let proposed = 0;
  const seeded: Record<string, string> = {};
  const results: TrialResult[] = [];
  const verdicts: Record<string, 'reinforced' | 'weakened'> = {};
  const ignored: Record<string, string> = {};

  const configOf = (m: InheritedMark): Config | undefined => {
    const r = m.regulation;
    if (r.kind === 'config') return { ...r.config };
    // A schedule's last point is what its lineage ended with; its first is often a random draw
    // that an exploit replaced early on.
    if (r.kind === 'schedule' && r.points.length > 0) return { ...(r.points.at(-1)?.config ?? {}) };
    return undefined;
  };

  const regulator: Regulator & { report(): InheritanceReport } = {
    specificationVersion: 'v1',
    name: options.name ?? 'inherit-marks',
    level: 'lineage',
    controls: (space) => Object.keys(space),
    async setup(ctx) {
      if (!ctx.lineage) return;
      const usable = (await ctx.lineage.inherit(k)).filter((m) => {
        const config = configOf(m);
        if (m.score < minScore || config === undefined) return false;
        const foreign = foreignChoice(ctx.space, config);
        if (foreign !== undefined) ignored[m.id] = foreign;
        return foreign === undefined;
      });
      // configurations first, schedules after, each by score (inherit's order is kept within a kind)
      marks = [...usable.filter((m) => m.regulation.kind === 'config'), ...usable.filter((m) => m.regulation.kind !== 'config')];
    },
    propose(ctx) {
      // Bresenham spread: trial i is seeded when ⌈(i+1)·fraction⌉ > ⌈i·fraction⌉, so the first trial
      // is seeded and seeded trials stay evenly spaced whatever the final population size.
      const i = proposed++;
      const seededSoFar = Math.ceil(i * fraction);
      if (marks.length === 0 || Math.ceil((i + 1) * fraction) <= seededSoFar) return undefined;
      const mark = marks[seededSoFar % marks.length] as InheritedMark;
      const config = configOf(mark) ?? {};
      const out: Config = {};
      for (const [name, spec] of Object.entries(ctx.space)) {
        const v = config[name];
        if (v === undefined) continue;
        if (spec.kind === 'choice' ? spec.values.includes(v) : typeof v === 'number' && Number.isFinite(v)) out[name] = clampValue(spec, v);
      }
      if (ctx.trial) seeded[ctx.trial.id] = mark.id;
      return out;
    },
    conclude(result) {
      results.push(result);
    },
    async finish(_summary, ctx) {
      if (!ctx.lineage || Object.keys(seeded).length === 0) return;
      const fitness = results
        .map((r) => r.fitness)
        .filter((f) => Number.isFinite(f))
        .sort((a, b) => a - b);
      const median = fitness.length ? (fitness[Math.floor((fitness.length - 1) / 2)] as number) : Number.NEGATIVE_INFINITY;
      const byMark = new Map<string, number>();
      for (const [trialId, markId] of Object.entries(seeded)) {
        const f = results.find((r) => r.trialId === trialId)?.fitness ?? Number.NEGATIVE_INFINITY;
        byMark.set(markId, Math.max(byMark.get(markId) ?? Number.NEGATIVE_INFINITY, f));
      }
      for (const [markId, best] of byMark) {
        if (best >= median) {
          await ctx.lineage.reinforce(markId, amount);
          verdicts[markId] = 'reinforced';
        } else {
          await ctx.lineage.weaken(markId, amount);
          verdicts[markId] = 'weakened';
        }
      }
    },
    report: () => ({ marks: marks.map((m) => ({ id: m.id, score: m.score, kind: m.regulation.kind })), ignored: { ...ignored }, seeded: { ...seeded }, verdicts: { ...verdicts } }),
    snapshot: () => ({ marks, ignored, proposed, seeded, results }),
    restore(state) {
      const s = state as { marks: InheritedMark[]; ignored?: Record<string, string>; proposed: number; seeded: Record<string, string>; results: TrialResult[] };
      marks = s.marks;
      Object.assign(ignored, s.ignored ?? {});
      proposed = s.proposed;
      Object.assign(seeded, s.seeded);
      results.splice(0, results.length, ...s.results);
    },
  };
  return regulator;
}
