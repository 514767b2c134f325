import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkBodySize, checkSameOrigin, checkToken, tokenMatches } from './check-request';
import { createRateLimiter } from './rate-limiter';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('request checks', () => {
  it('bearer token: only the exact token passes', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(checkToken(req({ authorization: 'Bearer secret-token-0123456' }), 'secret-token-0123456')).toBeUndefined();
    expect(checkToken(req({}), 'secret-token-0123456')).toMatchObject({ status: 401, message: expect.stringMatching(/needs a token/) });
    expect(checkToken(req({ authorization: 'Basic secret-token-0123456' }), 'secret-token-0123456')).toMatchObject({ status: 401 });
  });

  it('same origin: the server itself, listed origins and non-browsers pass; other sites are refused', () => {
    const none = new Set<string>();
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000' }), none)).toBeUndefined();
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), none)).toBeUndefined();
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:3000' }), new Set(['http://127.0.0.1:3000']))).toBeUndefined();
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:3000' }), none)).toMatchObject({ status: 403 });
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', origin: 'null' }), none)).toMatchObject({ status: 403 });
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', 'sec-fetch-site': 'same-site' }), none)).toMatchObject({ status: 403 });
    expect(checkSameOrigin(req({ host: '127.0.0.1:4000', 'sec-fetch-site': 'none' }), none)).toBeUndefined();
  });

  it('body size: a declared length over the limit is refused', () => {
    expect(checkBodySize(req({ 'content-length': '10' }), 10)).toBeUndefined();
    expect(checkBodySize(req({ 'content-length': '11' }), 10)).toMatchObject({ status: 413, message: expect.stringMatching(/11 bytes.*limit of 10 bytes/) });
  });

  it('rate limit: a burst, then the wait until one more request is allowed', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 2, perMinute: 6 }, () => t);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 10]);
    expect(limiter.take('b')).toBe(0);
    t = 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
  });
});
