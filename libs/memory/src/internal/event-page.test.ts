import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../index';
import { openTestMemory } from '../test/test-memory';

let memory: Memory;
let cleanup: () => Promise<void>;
const levels = ['step', 'epoch', 'population'] as const;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory());
  await memory.createExperiment({ id: 'ev', name: 'ev', spec: {}, seed: 1, backend: 'cpu' });
  for (const t of ['a', 'b']) await memory.createTrial({ id: `ev-${t}`, experimentId: 'ev', config: {}, seed: 1 });
  await memory.appendEvents(
    Array.from({ length: 120 }, (_, i) => ({
      experimentId: 'ev',
      trialId: i % 2 === 0 ? 'ev-a' : 'ev-b',
      step: i,
      level: levels[i % 3]!,
      regulator: `r${i % 4}`,
      kind: 'change' as const,
      param: i % 5 === 0 ? 'dropout' : 'lr',
      from: i,
      to: i + 1,
      reason: `#${i}`,
    })),
  );
}, 60_000);
afterAll(async () => cleanup?.());

describe('eventPage', () => {
  it('pages by id with every filter applied in SQL, each event once', async () => {
    const seen: string[] = [];
    let afterId: number | undefined;
    do {
      const page = await memory.queries.eventPage({
        experimentId: 'ev',
        levels: ['step', 'epoch'],
        regulators: ['r0', 'r2'],
        params: ['lr'],
        trialId: 'ev-a',
        fromStep: 10,
        toStep: 100,
        limit: 4,
        ...(afterId ? { afterId } : {}),
      });
      seen.push(...page.items.map((e) => e.reason));
      afterId = page.nextAfterId;
    } while (afterId !== undefined);
    const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 !== 2 && (i % 4 === 0 || i % 4 === 2) && i % 5 !== 0 && i % 2 === 0 && i >= 10 && i <= 100);
    expect(seen).toEqual(expected.map((i) => `#${i}`));
  });

  it('refuses bad filters naming the field and an unknown experiment', async () => {
    await expect(memory.queries.eventPage({ experimentId: 'ev', levels: ['cell' as never] })).rejects.toMatchObject({ field: 'levels[0]' });
    await expect(memory.queries.eventPage({ experimentId: 'ev', limit: 501 })).rejects.toMatchObject({ field: 'limit' });
    await expect(memory.queries.eventPage({ experimentId: 'ev', params: Array.from({ length: 65 }, () => 'lr') })).rejects.toMatchObject({ field: 'params' });
    await expect(memory.queries.eventPage({ experimentId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
  });
});
