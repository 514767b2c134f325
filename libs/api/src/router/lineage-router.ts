import { id, input } from './input-parts';
import { publicProcedure, router } from './trpc';

/** `lineage.*`. */
export const lineageRouter = router({
  /** The lineage graph of an experiment: its trials as nodes and the exploit edges (child took over parent's state at `step`). */
  get: publicProcedure.input(input({ experimentId: id('an experiment') })).query(async ({ ctx, input: { experimentId } }) => {
    const { nodes, edges } = await ctx.memory.queries.lineage(experimentId);
    return {
      nodes: nodes.map((t) => ({ id: t.id, status: t.status, generation: t.generation, parentId: t.parentId ?? null, step: t.step, fitness: t.fitness ?? null, config: t.config })),
      edges: edges.map((e) => ({ childId: e.childId, parentId: e.parentId, step: e.step })),
    };
  }),
});
