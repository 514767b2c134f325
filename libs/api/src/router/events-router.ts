import { LEVELS, type Level } from '@epigenome/core';
import { id, input, int, list, oneOf, step, text } from './input-parts';
import { publicProcedure, router } from './trpc';

/** `events.*`: regulation events. */
export const eventsRouter = router({
  /**
   * Regulation events of an experiment in the order they were written, filtered by `levels`,
   * `regulators`, `params`, `trialId` and the step range (inclusive); `limit` 1..500 (default 100).
   * Pass a page's `nextAfterId` as `afterId` to read the next page.
   */
  list: publicProcedure
    .input(
      input({
        experimentId: id('an experiment'),
        levels: list(oneOf(LEVELS as readonly Level[] as [Level, ...Level[]])).optional(),
        regulators: list(text('a regulator name')).optional(),
        params: list(text('a hyperparameter name')).optional(),
        trialId: id('a trial').optional(),
        fromStep: step().optional(),
        toStep: step().optional(),
        afterId: int(0, Number.MAX_SAFE_INTEGER).optional(),
        limit: int(1, 500).optional(),
      }),
    )
    .query(({ ctx, input: o }) => ctx.memory.queries.eventPage(o)),
});
