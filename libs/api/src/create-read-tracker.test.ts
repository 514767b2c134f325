import { describe, expect, it } from 'vitest';
import { createReadTracker } from './create-read-tracker';

describe('createReadTracker', () => {
  it('holds a read set current only while every check still holds', () => {
    const tracker = createReadTracker();
    let version = 1;
    const set = tracker.track(() => {
      const seen = version;
      tracker.depend(() => version === seen);
    });
    expect(tracker.current(set)).toBe(true);
    version = 2;
    expect(tracker.current(set)).toBe(false);
  });

  it('never holds a tainted set current', () => {
    const tracker = createReadTracker();
    const set = tracker.track(() => {
      tracker.depend(() => true);
      tracker.taint();
    });
    expect(set.cacheable).toBe(false);
    expect(tracker.current(set)).toBe(false);
  });
});
