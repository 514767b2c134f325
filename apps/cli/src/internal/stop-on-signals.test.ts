import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from './stop-on-signals';

// process.emit runs the handlers without a real signal, so a mistake cannot kill the test runner.
describe('stopOnSignals', () => {
  afterEach(() => vi.restoreAllMocks());

  it('aborts on the first SIGINT and exits 130 at once on the second', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = new PassThrough();
    const stop = stopOnSignals(stderr);
    try {
      process.emit('SIGINT');
      expect(stop.signal.aborted).toBe(true);
      expect(stop.received()).toBe('SIGINT');
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(String(stderr.read())).toMatch(/^SIGINT: stopping after the current chunk of steps .*\nSIGINT: exiting at once/);
    } finally {
      stop.dispose();
    }
  });

  it('remembers SIGTERM, whose second delivery exits 143', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stop = stopOnSignals(new PassThrough());
    try {
      process.emit('SIGTERM');
      expect(stop.received()).toBe('SIGTERM');
      process.emit('SIGTERM');
      expect(exit).toHaveBeenCalledWith(143);
    } finally {
      stop.dispose();
    }
  });

  it('removes its handlers on dispose', () => {
    const before: [number, number] = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const stop = stopOnSignals(new PassThrough());
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([before[0] + 1, before[1] + 1]);
    stop.dispose();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
