import { AsyncLocalStorage } from 'node:async_hooks';

/** What one tracked piece of work read: checks that each still answer the same, or `cacheable: false`. */
export interface ReadSet {
  /** Each is true while what was read then would still read the same now (emptied when not cacheable). */
  readonly checks: (() => boolean)[];
  /** False once the work read something unversioned (or wrote): its result may not be reused. */
  cacheable: boolean;
}

/**
 * Records, per piece of asynchronous work, what it read, so its result can be reused exactly as
 * long as nothing it read has changed (the server's response cache). Readers that know their
 * data's version call {@link ReadTracker.depend} with a check of it; readers that cannot tell
 * (clock-dependent or unversioned reads, writes) call {@link ReadTracker.taint}. Outside
 * {@link ReadTracker.track} both do nothing.
 */
export interface ReadTracker {
  /** Runs `fn` and everything it starts asynchronously under a fresh read set; returns the set. */
  track(fn: () => void): ReadSet;
  /** The work being tracked read something that stays the same while `check()` is true. */
  depend(check: () => boolean): void;
  /** The work being tracked read or did something no check covers. */
  taint(): void;
  /** True when every check of `set` still holds (and it is cacheable). */
  current(set: ReadSet): boolean;
  /** Runs `fn` (and what it starts) outside any tracked work: its reads count for nobody. */
  untracked<T>(fn: () => T): T;
}

/** Checks kept per read set at most. */
const MAX_CHECKS = 1_000;

/** A {@link ReadTracker} on `AsyncLocalStorage` (the set follows the work's promises and callbacks). */
export function createReadTracker(): ReadTracker {
  const storage = new AsyncLocalStorage<ReadSet>();
  return {
    track(fn) {
      const set: ReadSet = { checks: [], cacheable: true };
      storage.run(set, fn);
      return set;
    },
    depend(check) {
      const set = storage.getStore();
      if (!set?.cacheable) return;
      // Long-lived work (a subscription) reads without end: past a bound it is simply not reusable.
      if (set.checks.length < MAX_CHECKS) set.checks.push(check);
      else {
        set.cacheable = false;
        set.checks.length = 0;
      }
    },
    taint() {
      const set = storage.getStore();
      if (!set) return;
      set.cacheable = false;
      set.checks.length = 0;
    },
    current(set) {
      return set.cacheable && set.checks.every((check) => check());
    },
    untracked(fn) {
      return storage.exit(fn);
    },
  };
}
