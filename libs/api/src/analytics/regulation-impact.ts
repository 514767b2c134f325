import { checkNumber, checkOneOf, describeValue, invalidArgument, isLevel, type Level } from '@epigenome/core';
import { searchStep } from './internal/search-step';
import { sortedQuantile } from './internal/sorted-quantile';

export { impactSpectrum } from './impact-spectrum';

/** A least-squares line needs this many finite points in [s − W, s]. */
const MIN_BEFORE = 3;
/** The mean after the event needs this many finite points in (s, s + W]. */
const MIN_AFTER = 2;
/** The default window spans this many typical spacings of the trial's series. */
const WINDOW_SPACINGS = 8;
/** At most this many points per side are read (evenly strided), so a huge window stays cheap. */
const MAX_POINTS_PER_SIDE = 1000;
/** Spacings sampled (evenly) to find a series' typical spacing. */
const SPACING_SAMPLES = 1025;

type Point = { readonly step: number; readonly value: number };

/** One regulation event as {@link regulationImpact} reads it (a stored `RegulationEvent` with its id). */
export interface ImpactEvent {
  readonly id: number;
  readonly trialId: string;
  /** The step at which the change takes effect; the metric point at this step is still before it. */
  readonly step: number;
  readonly kind: string;
  readonly regulator: string;
  readonly level: Level;
  readonly param: string;
}

/** Input of {@link regulationImpact}. */
export interface RegulationImpactInput {
  readonly events: readonly ImpactEvent[];
  /** Trial id → that trial's objective metric points, sorted by step (NaN and infinite values are skipped). */
  readonly series: ReadonlyMap<string, readonly Point[]>;
  /** Whether a larger (`max`) or smaller (`min`) objective is better; impact is signed so positive = better. */
  readonly mode: 'max' | 'min';
  /** W, in steps: the window on each side of the event. Default: 8 × the median spacing of the trial's series. */
  readonly window?: number;
  /** Exploit edges (who copied whom, when); an event of trial `childId` at `step` is then an exploit of `parentId`. */
  readonly lineage?: readonly { childId: string; parentId: string; step: number }[];
}

/** The measured impact of one event, in the objective's units; `null` with a `reason` when it cannot be measured. */
export interface EventImpact {
  eventId: number;
  impact: number | null;
  /** Why `impact` is null, or a flag on a measured one (a window shared by several events, an exploit). */
  reason?: string;
}

interface Prepared {
  readonly points: readonly Point[];
  /** W for this trial; 0 when the series has no spacing to derive it from. */
  readonly window: number;
}

function fail(field: string, value: unknown, allowed: string): never {
  throw invalidArgument(field, value, allowed);
}

function checkEvent(e: ImpactEvent, i: number): void {
  const f = `events[${i}]`;
  if (typeof e !== 'object' || e === null) fail(f, e, 'an object { id, trialId, step, kind, regulator, level, param }');
  if (typeof e.id !== 'number' || !Number.isFinite(e.id)) fail(`${f}.id`, e.id, 'a finite number');
  if (typeof e.trialId !== 'string') fail(`${f}.trialId`, e.trialId, 'a string');
  if (typeof e.step !== 'number' || !Number.isFinite(e.step)) fail(`${f}.step`, e.step, 'a finite number');
  if (typeof e.kind !== 'string') fail(`${f}.kind`, e.kind, 'a string');
  if (typeof e.regulator !== 'string') fail(`${f}.regulator`, e.regulator, 'a string');
  if (!isLevel(e.level)) fail(`${f}.level`, e.level, '"lineage", "population", "epoch" or "step"');
  if (typeof e.param !== 'string') fail(`${f}.param`, e.param, 'a string');
}

function lineageIndex(lineage: RegulationImpactInput['lineage']): Map<string, string> {
  const parents = new Map<string, string>();
  if (lineage === undefined) return parents;
  if (!Array.isArray(lineage)) fail('lineage', lineage, 'an array of { childId, parentId, step }');
  lineage.forEach((edge, i) => {
    const f = `lineage[${i}]`;
    if (typeof edge !== 'object' || edge === null) fail(f, edge, 'an object { childId, parentId, step }');
    if (typeof edge.childId !== 'string') fail(`${f}.childId`, edge.childId, 'a string');
    if (typeof edge.parentId !== 'string') fail(`${f}.parentId`, edge.parentId, 'a string');
    if (typeof edge.step !== 'number' || !Number.isFinite(edge.step)) fail(`${f}.step`, edge.step, 'a finite number');
    parents.set(`${edge.childId}\u0000${edge.step}`, edge.parentId);
  });
  return parents;
}

function prepare(trialId: string, points: unknown, window: number | undefined): Prepared {
  const f = `series.get(${describeValue(trialId)})`;
  if (!Array.isArray(points)) fail(f, points, 'an array of { step, value } sorted by step');
  let prev = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    if (typeof p !== 'object' || p === null) fail(`${f}[${i}]`, p, 'an object { step, value }');
    if (!(typeof p.step === 'number' && p.step >= prev && Number.isFinite(p.step)))
      fail(`${f}[${i}].step`, p.step, `a finite number ≥ the previous point's step (${prev}): points sorted by step`);
    if (typeof p.value !== 'number') fail(`${f}[${i}].value`, p.value, 'a number');
    prev = p.step;
  }
  return { points, window: window ?? WINDOW_SPACINGS * typicalSpacing(points) };
}

/** Median of (up to {@link SPACING_SAMPLES}, evenly picked) positive gaps between consecutive steps; 0 when there is none. */
function typicalSpacing(points: readonly Point[]): number {
  const gaps = points.length - 1;
  const stride = Math.max(1, Math.ceil(gaps / SPACING_SAMPLES));
  const sample: number[] = [];
  for (let i = 1; i < points.length; i += stride) {
    const d = (points[i] as Point).step - (points[i - 1] as Point).step;
    if (d > 0) sample.push(d);
  }
  if (sample.length === 0) return 0;
  sample.sort((a, b) => a - b);
  return sortedQuantile(sample, 0.5);
}

type Measured = { impact: number; reason?: undefined } | { impact: null; reason: string };

/**
 * The mean, over the finite points in (s, s + W], of the metric minus the least-squares line
 * fitted to the finite points in [s − W, s] and extrapolated (x centred on s for precision).
 */
function measure(p: Prepared, s: number): Measured {
  const { points } = p;
  const w = p.window;
  if (!(w > 0)) return { impact: null, reason: 'too few points in the series to derive a window from its spacing' };
  const a = searchStep(points, s - w, false);
  const b = searchStep(points, s, true);
  const c = searchStep(points, s + w, true);
  const strideBefore = Math.max(1, Math.ceil((b - a) / MAX_POINTS_PER_SIDE));
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = a; i < b; i += strideBefore) {
    const q = points[i] as Point;
    if (!Number.isFinite(q.value)) continue;
    n++;
    mx += q.step - s;
    my += q.value;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = a; i < b; i += strideBefore) {
    const q = points[i] as Point;
    if (!Number.isFinite(q.value)) continue;
    const dx = q.step - s - mx;
    sxx += dx * dx;
    sxy += dx * (q.value - my);
  }
  if (n < MIN_BEFORE || !(sxx > 0))
    return { impact: null, reason: `too few points before step ${s}: ${n} finite in [${s - w}, ${s}], at least ${MIN_BEFORE} at 2 distinct steps needed` };
  const slope = sxy / sxx;
  const strideAfter = Math.max(1, Math.ceil((c - b) / MAX_POINTS_PER_SIDE));
  let m = 0;
  let residual = 0;
  for (let i = b; i < c; i += strideAfter) {
    const q = points[i] as Point;
    if (!Number.isFinite(q.value)) continue;
    m++;
    residual += q.value - (my + slope * (q.step - s - mx));
  }
  if (m < MIN_AFTER) return { impact: null, reason: `too few points after step ${s}: ${m} finite in (${s}, ${s + w}], at least ${MIN_AFTER} needed` };
  return { impact: residual / m };
}

/**
 * The measured impact of each regulation event on the objective.
 *
 * Estimator: for an event at step s of trial T with window W, fit a least-squares line to T's
 * objective metric over [s − W, s] (the point at s is measured before the change takes effect),
 * extrapolate it over (s, s + W], and take the mean of the metric minus that line over
 * (s, s + W] — signed so that positive is better for `mode` (`min` flips the sign). A step jump of
 * +Δ in a linear trend gives Δ; a series that just continues its trend gives 0; units are the
 * objective's. Curvature of the learning curve shows up as bias (a decelerating loss curve makes
 * the extrapolated line too optimistic); windows of close events overlap, so their effects mix.
 *
 * Exploits (`kind === 'exploit'`, or an event of trial `childId` at the step of a `lineage` edge):
 * the runner keeps the trial id and loads the donor's weights at step s, so the metric after s is
 * the copy's and the line before s is the trial that was replaced — the same estimator measures
 * "copy versus the replaced trial's own trend"; the `reason` names the parent when known.
 *
 * Events of one trial at one step (a PBT exploit with its explore changes, several regulators at
 * once) share one window and cannot be told apart: each gets the same impact, flagged in `reason`.
 * `impact` is null, with a `reason`, when fewer than 3 finite points (at 2 distinct steps) lie in
 * [s − W, s] or fewer than 2 in (s, s + W], or the trial has no series.
 *
 * Cost: O(E log N) binary searches plus the points inside the windows (at most 1,000 per side,
 * evenly strided), and one pass over each series an event refers to (checking its order).
 *
 * @returns one entry per event, in the order of `input.events`.
 * @throws EpigenomeError `INVALID_ARGUMENT` naming the field (`mode`, `window`, `events[3].step`,
 *   `series.get("t1")[9].step`, `lineage[0].childId`, …) and what is allowed.
 */
export function regulationImpact(input: RegulationImpactInput): EventImpact[] {
  if (typeof input !== 'object' || input === null) fail('input', input, 'an object { events, series, mode, window?, lineage? }');
  if (input.mode === undefined) fail('mode', input.mode, '"max" or "min"');
  const mode = checkOneOf('mode', input.mode, ['max', 'min'] as const, 'max');
  const window = input.window === undefined ? undefined : checkNumber('window', input.window, 0, { min: 0, minOpen: true });
  const { events, series } = input;
  if (!Array.isArray(events)) fail('events', events, 'an array of regulation events');
  if (typeof series !== 'object' || series === null || typeof series.get !== 'function' || typeof series.has !== 'function')
    fail('series', series, 'a Map of trial id → metric points sorted by step');
  const parents = lineageIndex(input.lineage);
  const sign = mode === 'max' ? 1 : -1;

  // Grouped by trial, then by step in ascending order: one window per (trial, step), and the
  // windows of one trial are visited in memory order.
  const byTrial = new Map<string, Map<number, number[]>>();
  events.forEach((e, i) => {
    checkEvent(e, i);
    let steps = byTrial.get(e.trialId);
    if (!steps) byTrial.set(e.trialId, (steps = new Map()));
    const group = steps.get(e.step);
    if (group) group.push(i);
    else steps.set(e.step, [i]);
  });

  const out: EventImpact[] = new Array(events.length);
  for (const [trialId, steps] of byTrial) {
    const p = series.has(trialId) ? prepare(trialId, series.get(trialId), window) : null;
    for (const step of [...steps.keys()].sort((a, b) => a - b)) {
      const indices = steps.get(step) as number[];
      const measured: Measured = p ? measure(p, step) : { impact: null, reason: `no metric series for trial ${describeValue(trialId)}` };
      const flags: string[] = [];
      if (measured.reason) flags.push(measured.reason);
      const parent = parents.get(`${trialId}\u0000${step}`);
      if (parent !== undefined || indices.some((i) => (events[i] as ImpactEvent).kind === 'exploit')) {
        flags.push(`exploit${parent === undefined ? '' : ` of ${describeValue(parent)}`}: the copy against the replaced trial's own trend`);
      }
      if (indices.length > 1) flags.push(`${indices.length} events of this trial at step ${step} share one window and this impact`);
      const impact = measured.impact === null ? null : sign * measured.impact + 0;
      for (const i of indices) {
        const item: EventImpact = { eventId: (events[i] as ImpactEvent).id, impact };
        if (flags.length > 0) item.reason = flags.join('; ');
        out[i] = item;
      }
    }
  }
  return out;
}
