// Child process of store-lock.test.ts: opens the PGlite store in argv[2] and prints `ready`, then
// holds it until killed; with argv[3] = `close`, closes it cleanly and prints `closed` instead.
// Any failure to open prints `error <code> <message>` and exits 1.
import { EpigenomeError } from '@epigenome/core';
import { openMemory } from '../index';

const [dir, mode] = [process.argv[2] as string, process.argv[3]];
try {
  const memory = await openMemory({ dir });
  console.log('ready');
  if (mode === 'close') {
    await memory.close();
    console.log('closed');
  } else setInterval(() => undefined, 60_000);
} catch (error) {
  console.log(`error ${EpigenomeError.isInstance(error) ? error.code : 'UNKNOWN'} ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
