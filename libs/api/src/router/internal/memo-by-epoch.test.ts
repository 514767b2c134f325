import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadCache } from '../../create-read-cache';
import { createReadTracker } from '../../create-read-tracker';
import { memoByEpoch } from './memo-by-epoch';

let plain: Memory;
let cached: Memory;

beforeAll(async () => {
  plain = await openMemory({ inMemory: true });
  cached = createReadCache(await openMemory({ inMemory: true }));
}, 120_000);
afterAll(async () => {
  await plain?.close();
  await cached?.close();
});

describe('memoByEpoch', () => {
  it('computes once per key and data version on a read-cached embedded store', async () => {
    const memo = memoByEpoch<number>();
    let runs = 0;
    const compute = () => Promise.resolve(++runs);
    expect(await Promise.all([memo(cached, 'a', compute), memo(cached, 'a', compute)])).toEqual([1, 1]);
    expect(await memo(cached, 'b', compute)).toBe(2);
    expect(await memo(cached, 'a', compute)).toBe(1);
    await cached.createExperiment({ id: 'x', name: 'x', spec: {}, seed: 1, backend: 'cpu' });
    expect(await memo(cached, 'a', compute)).toBe(3);
    expect(await memo(cached, 'a', compute)).toBe(3);
  });

  it('keeps no failure, and computes every time on a store without a data version', async () => {
    const memo = memoByEpoch<number>();
    let runs = 0;
    await expect(memo(cached, 'f', () => Promise.reject(new Error(`fail ${++runs}`)))).rejects.toThrow('fail 1');
    expect(await memo(cached, 'f', () => Promise.resolve(++runs))).toBe(2);
    expect(await memo(plain, 'a', () => Promise.resolve(++runs))).toBe(3);
    expect(await memo(plain, 'a', () => Promise.resolve(++runs))).toBe(4);
  });

  it('keeps at most maxEntries keys, dropping the least recently used', async () => {
    const memo = memoByEpoch<string>(2);
    let runs = 0;
    const compute = (k: string) => () => Promise.resolve(`${k}${++runs}`);
    await memo(cached, 'p', compute('p'));
    await memo(cached, 'q', compute('q'));
    await memo(cached, 'p', compute('p'));
    await memo(cached, 'r', compute('r'));
    expect(await memo(cached, 'p', compute('p'))).toBe('p1');
    expect(await memo(cached, 'q', compute('q'))).toBe('q4');
  });

  it('marks the work untracked, so a response served from it is never kept', async () => {
    const tracker = createReadTracker();
    const store = createReadCache(await openMemory({ inMemory: true }), { tracker });
    try {
      const memo = memoByEpoch<number>();
      await memo(store, 'a', () => Promise.resolve(1));
      let hit: Promise<number> | undefined;
      const set = tracker.track(() => void (hit = memo(store, 'a', () => Promise.resolve(2))));
      expect(await hit).toBe(1);
      expect(set.cacheable).toBe(false);
    } finally {
      await store.close();
    }
  });
});
