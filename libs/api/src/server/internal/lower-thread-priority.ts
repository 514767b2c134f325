import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority to the nice value `nice` (1..19) and returns its
 * thread id, or undefined where that is not possible (not Linux, no `/proc`). On Linux a nice
 * value belongs to a thread, and threads it starts afterwards inherit it, so a training worker
 * that calls this first leaves the CPU to the HTTP and store threads whenever they need it —
 * training takes what they leave. Raising one's own nice value needs no privilege.
 */
export function lowerThreadPriority(nice: number): number | undefined {
  if (!(nice > 0)) return undefined;
  try {
    // `/proc/thread-self` → `<pid>/task/<tid>`: this thread's own id (Node does not expose it).
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    setPriority(tid, Math.min(19, Math.round(nice)));
    return tid;
  } catch {
    return undefined;
  }
}
