import { describe, expect, it } from 'vitest';
import { parseServerArgs } from './main';

describe('parseServerArgs', () => {
  it('maps the flags to startServer options', () => {
    expect(parseServerArgs(['--db', 'd', '--host', '::1', '--port', '4000', '--allowed-origin', 'http://a', '--allowed-origin', 'http://b', '--rate-burst', '5'])).toEqual({
      dir: 'd',
      host: '::1',
      port: 4000,
      allowedOrigins: ['http://a', 'http://b'],
      rateLimit: { burst: 5 },
    });
    expect(parseServerArgs([])).toEqual({});
  });

  it('refuses bad values naming the flag and the range', () => {
    expect(() => parseServerArgs(['--port', '65536'])).toThrow(/--port must be an integer in \[0, 65535\]; got "65536"/);
    expect(() => parseServerArgs(['--port', '-1'])).toThrow(/--port/);
    expect(() => parseServerArgs(['--rate-per-minute', '0'])).toThrow(/--rate-per-minute must be an integer in \[1, 1000000\]/);
    expect(() => parseServerArgs(['--training-nice', '20'])).toThrow(/--training-nice must be an integer in \[0, 19\]; got "20"/);
    expect(parseServerArgs(['--training-nice', '19'])).toEqual({ trainingNice: 19 });
    expect(() => parseServerArgs(['--db', 'd', '--database-url', 'postgres://x'])).toThrow(/--db and --database-url name two stores/);
    expect(() => parseServerArgs(['--nope'])).toThrow(/nope/);
  });
});
