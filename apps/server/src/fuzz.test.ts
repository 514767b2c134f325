import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpStore } from './test/dump-store';
import { handCases, procedures, schemaRefusals, type HostileCase } from './test/hostile-cases';
import { rawRequest, sseRefusal } from './test/raw-request';
import { startExperiment, startServerProcess, waitUntilFinished, workDir } from './test/server-process';
import { tinySpec } from '../../../libs/api/src/server/test/tiny-spec';

const work = workDir();
const TOKEN = 'fuzz-token-of-at-least-32-chars-x';
const auth = { authorization: `Bearer ${TOKEN}` };
// The server's default body limit: the spec limit (1,000,000 bytes) plus 64 KiB.
const MAX_BODY = 1_000_000 + 65_536;
const CONCURRENCY = 12;
const HEALTH_EVERY = 500;

/** What is wrong with the answer to `c` (undefined: nothing). */
function fault(c: HostileCase, a: Awaited<ReturnType<typeof rawRequest>>): string | undefined {
  if (!c.status.includes(a.status)) return `status ${a.status}, expected ${c.status.join(' or ')}: ${a.text.slice(0, 200)}`;
  if (a.json?.error === undefined) return `not a JSON error: ${a.text.slice(0, 200)}`;
  const message = a.json.error.message;
  if (typeof message !== 'string' || message.length === 0) return `no message: ${a.text.slice(0, 200)}`;
  if (/\n\s+at |\.ts:\d+|node_modules|\/src\//.test(a.text)) return `a stack or a source path leaked: ${a.text.slice(0, 300)}`;
  if (c.field !== undefined && a.json.error.data?.field !== c.field) return `field ${JSON.stringify(a.json.error.data?.field)}, expected ${c.field}: ${message.slice(0, 200)}`;
  return undefined;
}

describe('the server process under hostile input', () => {
  it('answers ≥ 5,000 refused inputs and hostile requests with a JSON 4xx naming the field; stays up; changes no stored byte', async () => {
    const dir = join(work, 'fuzz');
    // Seed a small finished experiment, then dump the store with no server holding it.
    const seeding = startServerProcess(['--db', dir]);
    const seedUrl = await seeding.url;
    const experimentId = await startExperiment(seedUrl, tinySpec({ budget: { steps: 80 } }));
    expect(await waitUntilFinished(seedUrl, experimentId)).toBe('completed');
    seeding.child.kill('SIGTERM');
    expect((await seeding.exit()).code).toBe(0);
    const before = await dumpStore(dir);
    expect(before).toContain(experimentId);
    expect(before).toMatch(/"public\.metric/);

    const cases = [...schemaRefusals(300, auth), ...handCases(auth, MAX_BODY)];
    expect(cases.length).toBeGreaterThanOrEqual(5_000);
    // every procedure is fuzzed, queries, mutations and the subscription alike
    const fuzzed = new Set(cases.map((c) => c.request.path.split('?')[0]));
    for (const p of procedures()) if (p.schema !== undefined) expect(fuzzed).toContain(p.path);

    // A token (bearer checks on every request) and a rate limit the flood of mutations stays under.
    const server = startServerProcess(['--db', dir, '--rate-burst', '1000000', '--rate-per-minute', '1000000'], { EPIGENOME_TOKEN: TOKEN });
    const url = await server.url;
    const faults: string[] = [];
    for (let from = 0; from < cases.length; from += HEALTH_EVERY) {
      const batch = cases.slice(from, from + HEALTH_EVERY);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch.length) {
            const c = batch[next++] as HostileCase;
            const answer = await rawRequest(url, c.request);
            const f = fault(c, c.request.path.startsWith('live.') ? sseRefusal(answer) : answer);
            if (f !== undefined) faults.push(`${c.what}: ${f}`);
          }
        }),
      );
      const health = await rawRequest(url, { path: 'health', headers: auth });
      expect(health.status, `health after ${from + batch.length} requests`).toBe(200);
    }
    // the first few faults of each procedure
    const shown = faults.filter((f, i) => faults.slice(0, i).filter((g) => g.split(' ')[0] === f.split(' ')[0]).length < 3);
    expect(shown.slice(0, 40), `${faults.length} of ${cases.length} answers wrong`).toEqual([]);
    expect(server.output()).not.toMatch(/internal error/);
    server.child.kill('SIGTERM');
    expect((await server.exit()).code).toBe(0);

    const after = await dumpStore(dir);
    expect(after === before, 'the stored data changed').toBe(true);
  }, 240_000);
});
