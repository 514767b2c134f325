import { describe, expect, it } from 'vitest';
import { askedWindow, zoomWindow, type ZoomModel } from './zoom-window';

/** A dataZoom model's two readings, as ECharts gives them for the current window. */
const model = (percent: [number, number], value: [number, number]): ZoomModel => ({ getPercentRange: () => percent, getValueRange: () => value });

describe('zoomWindow', () => {
  it('reads the window in axis units and whether it is the whole axis', () => {
    expect(zoomWindow(model([0, 100], [0, 1000]))).toEqual({ full: true, from: 0, to: 1000 });
    expect(zoomWindow(model([10, 20], [100, 200]))).toEqual({ full: false, from: 100, to: 200 });
    expect(zoomWindow(undefined)).toBeUndefined();
  });
});

describe('askedWindow (before ECharts processes the action)', () => {
  // The axis runs 500..10,500; the chart shows 2,500..4,500 (20 %..40 %).
  const current = model([20, 40], [2500, 4500]);

  it('takes the values an action asks for, ordered and clamped to the axis', () => {
    expect(askedWindow(current, { type: 'dataZoom', startValue: 3000, endValue: 4000 })).toEqual({ full: false, from: 3000, to: 4000 });
    expect(askedWindow(current, { type: 'dataZoom', startValue: 4000, endValue: 3000 })).toEqual({ full: false, from: 3000, to: 4000 });
    expect(askedWindow(current, { type: 'dataZoom', startValue: 0, endValue: 99_999 })).toEqual({ full: true, from: 500, to: 10_500 });
  });

  it('maps percentages (a slider) onto the axis through the current window', () => {
    expect(askedWindow(current, { type: 'dataZoom', start: 50, end: 75 })).toEqual({ full: false, from: 5500, to: 8000 });
    expect(askedWindow(current, { type: 'dataZoom', start: 0, end: 100 })).toEqual({ full: true, from: 500, to: 10_500 });
    // From the whole axis too.
    expect(askedWindow(model([0, 100], [0, 1000]), { start: 10, end: 30 })).toEqual({ full: false, from: 100, to: 300 });
  });

  it('says nothing when the action or the current window cannot tell', () => {
    expect(askedWindow(current, { type: 'dataZoom' })).toBeUndefined();
    expect(askedWindow(current, { type: 'dataZoom', startValue: 1 })).toBeUndefined();
    expect(askedWindow(model([20, 20], [2500, 2500]), { start: 0, end: 50 })).toBeUndefined();
    expect(askedWindow(model([0, 100], [Number.NaN, Number.NaN]), { start: 0, end: 50 })).toBeUndefined();
    expect(askedWindow(undefined, { start: 0, end: 50 })).toBeUndefined();
  });
});
