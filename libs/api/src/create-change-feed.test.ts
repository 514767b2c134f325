import { describe, expect, it } from 'vitest';
import { createChangeFeed } from './create-change-feed';

describe('createChangeFeed', () => {
  it('wakes the waiters of one experiment only', async () => {
    const feed = createChangeFeed();
    let a = false;
    let b = false;
    const pa = feed.next('a', { timeoutMs: 10_000 }).then(() => (a = true));
    void feed.next('b', { timeoutMs: 50 }).then(() => (b = true));
    feed.notify('a');
    await pa;
    expect(a).toBe(true);
    expect(b).toBe(false);
  });

  it('resolves on timeout and on abort', async () => {
    const feed = createChangeFeed();
    const t0 = Date.now();
    await feed.next('x', { timeoutMs: 20 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    const ac = new AbortController();
    const p = feed.next('x', { timeoutMs: 60_000, signal: ac.signal });
    ac.abort();
    await p;
  });
});
