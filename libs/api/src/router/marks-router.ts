import { asInputField } from './as-input-field';
import { id, input, int, num } from './input-parts';
import { z } from 'zod';
import { publicProcedure, router } from './trpc';

const LN2 = Math.log(2);

/** `marks.*`: epigenetic marks, ranked for an experiment's context; erase and weaken them. */
export const marksRouter = router({
  /**
   * Marks ranked for an experiment's context by similarity × decayed strength (best first; none
   * when the experiment has no context yet). Each gives its `strength` (at `updatedAt`), its
   * `decayedStrength` now, `halfLifeDays` and `decayPerDay` (= ln 2 / half-life) so a client can
   * draw strength(t) = strength × e^(−decayPerDay × days since updatedAt), the source experiment,
   * and `inherited`: how many stored experiments inherited it. Outcomes per inheritance are not stored.
   */
  list: publicProcedure
    .input(input({ experimentId: id('an experiment'), limit: int(1, 500).optional(), includeErased: z.boolean({ error: 'a boolean' }).optional() }))
    .query(async ({ ctx, input: { experimentId, limit = 50, includeErased = false } }) => {
      const record = await ctx.memory.getExperiment(experimentId);
      if (record.context === undefined) return { context: null, items: [] };
      const marks = await ctx.memory.queries.marksByContext(record.context, { limit, includeErased });
      const inherited = await ctx.memory.queries.markInheritance(marks.map((m) => m.id));
      return {
        context: record.context,
        items: marks.map((m) => ({
          id: m.id,
          regulation: m.regulation.kind === 'state' ? { kind: 'state' as const, regulator: m.regulation.regulator } : m.regulation,
          fitness: m.fitness,
          similarity: m.similarity,
          score: m.score,
          strength: m.strength,
          decayedStrength: m.decayedStrength,
          halfLifeDays: m.halfLifeDays,
          decayPerDay: LN2 / m.halfLifeDays,
          erased: m.erased,
          sourceExperimentId: m.sourceExperimentId ?? null,
          sourceTrialId: m.sourceTrialId ?? null,
          inherited: inherited.get(m.id) ?? 0,
          createdAt: m.createdAt,
          updatedAt: m.updatedAt,
        })),
      };
    }),

  /** Erases a mark (softly: `memory.revive` or a later identical mark brings it back). */
  erase: publicProcedure.input(input({ id: id('a mark') })).mutation(async ({ ctx, input: { id: markId } }) => {
    await asInputField('markId', 'id', () => ctx.memory.erase(markId));
    return { id: markId, erased: true as const };
  }),

  /** Weakens a mark by `amount` (0..1) after decay; below the store's floor it is erased. */
  weaken: publicProcedure.input(input({ id: id('a mark'), amount: num(0, 1) })).mutation(async ({ ctx, input: { id: markId, amount } }) => {
    const mark = await asInputField('markId', 'id', () => ctx.memory.weaken(markId, amount));
    return mark === undefined ? { id: markId, erased: true as const, strength: 0 } : { id: markId, erased: false as const, strength: mark.strength };
  }),
});
