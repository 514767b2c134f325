import type { ChangeFeed } from './api-context';

/** An in-process {@link ChangeFeed}: `notify` wakes every waiter of the experiment at once. */
export function createChangeFeed(): ChangeFeed {
  const waiters = new Map<string, Set<() => void>>();
  return {
    notify(experimentId) {
      const set = waiters.get(experimentId);
      if (set === undefined) return;
      waiters.delete(experimentId);
      for (const wake of set) wake();
    },
    next(experimentId, { timeoutMs, signal }) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        let set = waiters.get(experimentId);
        if (set === undefined) waiters.set(experimentId, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          const current = waiters.get(experimentId);
          current?.delete(done);
          if (current?.size === 0) waiters.delete(experimentId);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal?.addEventListener('abort', done, { once: true });
        set.add(done);
      });
    },
  };
}
