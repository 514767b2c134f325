import { describe, expect, it } from 'vitest';
import { startServer } from './start-server';

describe('startServer refuses bad options before it opens a store', () => {
  it('names the field and what is allowed', async () => {
    await expect(startServer({ host: '0.0.0.0', token: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'host', message: expect.stringMatching(/EPIGENOME_TOKEN/) });
    await expect(startServer({ host: '192.168.1.2' })).rejects.toMatchObject({ field: 'host' });
    await expect(startServer({ token: 'short' })).rejects.toMatchObject({ field: 'token', allowed: 'at least 16 characters' });
    await expect(startServer({ port: 70_000 })).rejects.toMatchObject({ field: 'port', allowed: 'an integer in [0, 65535]' });
    await expect(startServer({ port: 1.5 })).rejects.toMatchObject({ field: 'port' });
    await expect(startServer({ trainingNice: 20 })).rejects.toMatchObject({ field: 'trainingNice', allowed: 'an integer in [0, 19]' });
    await expect(startServer({ trainingNice: -1 })).rejects.toMatchObject({ field: 'trainingNice' });
    await expect(startServer({ dir: 'a', databaseUrl: 'postgres://x' })).rejects.toMatchObject({ allowed: 'one of memory, dir and databaseUrl' });
  });
});
