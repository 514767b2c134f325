// The memory stores of the suite's memory arms: one per task (per concurrent seed), so an arm
// inherits from exactly the earlier experiment it is meant to.
import type { MemoryStore } from '@epigenome/core';
import { openMemory } from '@epigenome/memory';

/**
 * An empty in-memory PGlite store. (Stores on a PostgreSQL server, one database each, were tried
 * to avoid PGlite's open cost: under a load average of ~30 the memory library's 5 s connect timeout
 * fired while the event loop was busy training, and the run failed, so the suite stays embedded and
 * instead reuses each concurrent seed's stores.)
 */
export async function openStore(): Promise<{ store: MemoryStore; close: () => Promise<void> }> {
  const store = await openMemory({ inMemory: true });
  return { store, close: () => store.close() };
}
