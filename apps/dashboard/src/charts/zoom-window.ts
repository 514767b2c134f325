/** What a dataZoom action carries (the part read here). */
export type ZoomPayload = { type?: string; batch?: unknown; animation?: unknown; start?: unknown; end?: unknown; startValue?: unknown; endValue?: unknown };

/** What is read of an ECharts dataZoom model: its window in percent of the axis and in axis units. */
export interface ZoomModel {
  getPercentRange(): number[];
  getValueRange(): number[];
}

/** An x window in axis units; `full` when it is the whole axis. */
export type ZoomWindow = { full: boolean; from: number; to: number };

/**
 * A chart's current x window, from its dataZoom model — not `getOption()`, which copies every
 * series' data (tens of ms on the 64 × 100k page). Undefined without a dataZoom.
 */
export function zoomWindow(model: ZoomModel | undefined): ZoomWindow | undefined {
  if (!model) return undefined;
  const [start = 0, end = 100] = model.getPercentRange();
  const [from = Number.NaN, to = Number.NaN] = model.getValueRange();
  return { full: start <= 0 && end >= 100, from, to };
}

/**
 * The window a dataZoom action asks for — its `startValue`/`endValue`, or its `start`/`end`
 * percentages mapped onto the axis — read before ECharts processes it: the percentages and values
 * of the chart's current window give the axis' extent (the data's, which a zoom does not change).
 * Clamped to that extent. Undefined when the action says neither, or the current window cannot tell.
 */
export function askedWindow(model: ZoomModel | undefined, payload: ZoomPayload): ZoomWindow | undefined {
  if (!model) return undefined;
  const [p0 = 0, p1 = 100] = model.getPercentRange();
  const [v0 = Number.NaN, v1 = Number.NaN] = model.getValueRange();
  const perPercent = (v1 - v0) / (p1 - p0);
  if (!(p1 > p0) || !Number.isFinite(perPercent) || !(perPercent > 0)) return undefined;
  const min = v0 - p0 * perPercent;
  const max = min + 100 * perPercent;
  let from: number;
  let to: number;
  if (typeof payload.startValue === 'number' && typeof payload.endValue === 'number') [from, to] = [payload.startValue, payload.endValue];
  else if (typeof payload.start === 'number' && typeof payload.end === 'number') [from, to] = [min + payload.start * perPercent, min + payload.end * perPercent];
  else return undefined;
  [from, to] = [Math.max(min, Math.min(from, to)), Math.min(max, Math.max(from, to))];
  return { full: from <= min && to >= max, from, to };
}
