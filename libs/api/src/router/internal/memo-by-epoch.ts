import type { Memory } from '@epigenome/memory';

/** The data version of a store wrapped by `createReadCache` (moves on every write through it). */
function epochOf(memory: Memory): number | undefined {
  const epoch = (memory as Memory & { epoch?: unknown }).epoch;
  return typeof epoch === 'number' ? epoch : undefined;
}

/**
 * Keeps the answers of a costly read per store and key under the store's data version: the next
 * caller with the same key gets the same answer (or joins its computation) until a write moves the
 * version. Only on an embedded store wrapped by `createReadCache` (its `epoch` sees every write,
 * as the store has one owner); elsewhere (PostgreSQL, where other processes write; a store without
 * `epoch`) every call computes. At most `maxEntries` keys per store, least recently used dropped.
 */
export function memoByEpoch<T>(maxEntries = 16): (memory: Memory, key: string, compute: () => Promise<T>) => Promise<T> {
  const stores = new WeakMap<Memory, Map<string, { epoch: number; answer: Promise<T> }>>();
  return (memory, key, compute) => {
    // The answer depends on data no versioned read covers: reading `pendingMetrics` tells the read
    // cache's tracker so (it taints the work), so the server never keeps a response served from here.
    void memory.pendingMetrics;
    const epoch = epochOf(memory);
    if (epoch === undefined || memory.driver !== 'pglite') return compute();
    let entries = stores.get(memory);
    if (!entries) stores.set(memory, (entries = new Map()));
    const kept = entries.get(key);
    entries.delete(key);
    if (kept && kept.epoch === epoch) {
      entries.set(key, kept);
      return kept.answer;
    }
    const answer = compute();
    const entry = { epoch, answer };
    entries.set(key, entry);
    // A failed computation is not kept.
    answer.catch(() => entries.get(key) === entry && entries.delete(key));
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return answer;
  };
}
