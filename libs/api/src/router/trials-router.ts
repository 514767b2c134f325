import { id, input } from './input-parts';
import { publicProcedure, router } from './trpc';

/** `trials.*`. */
export const trialsRouter = router({
  /** The trials of an experiment in creation order: config, status, step, fitness, parent and generation. */
  list: publicProcedure.input(input({ experimentId: id('an experiment') })).query(async ({ ctx, input: { experimentId } }) => {
    const trials = await ctx.memory.listTrials(experimentId);
    return trials.map((t) => ({ id: t.id, status: t.status, config: t.config, step: t.step, fitness: t.fitness ?? null, parentId: t.parentId ?? null, generation: t.generation }));
  }),
});
