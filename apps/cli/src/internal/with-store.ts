import type { Memory } from '@epigenome/memory';
import { openStore, type StoreOptions } from '../open-store';

/** Opens the store, runs `use`, and closes the store whatever happens. */
export async function withStore<T>(options: StoreOptions, use: (memory: Memory) => Promise<T>): Promise<T> {
  const memory = await openStore(options);
  try {
    return await use(memory);
  } finally {
    await memory.close();
  }
}
