import { createHash, randomUUID } from 'node:crypto';
import type { InheritedMark } from '@epigenome/core';
import { eq, isNull, sql } from 'drizzle-orm';
import { contextSimilarity } from '../context-similarity';
import { decayedStrength } from '../decayed-strength';
import { DEFAULT_REINFORCE_AMOUNT } from '../default-reinforce-amount';
import type { Memory } from '../memory';
import { marks } from '../schema';
import { markInputSchema } from '../schemas/mark-input-schema';
import { taskContextSchema } from '../schemas/task-context-schema';
import { canonicalJson } from './canonical-json';
import { notFound } from './not-found';
import { parseId, parseInput } from './parse-input';
import { toMark } from './records';
import { integer, unitNumber } from './schema-parts';
import type { StoreContext } from './store-context';

type MarkMethods = Pick<Memory, 'mark' | 'reinforce' | 'weaken' | 'erase' | 'revive' | 'getMark' | 'inherit' | 'listMarks'>;

const unit = unitNumber();
const kSchema = integer(1, 100_000);

/** SHA-256 hex digest of a canonical JSON text: the identity of a context or a regulation. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Epigenetic marks: written, reinforced, weakened, erased (reversibly) and inherited. */
export function markMethods(store: StoreContext, floor: number): MarkMethods {
  const { db, now } = store;

  // Decay in SQL, so reinforce/weaken are one atomic UPDATE on both drivers.
  const decayed = (t: number) => sql`(${marks.strength} * power(0.5, greatest(0, ${t}::float8 - ${marks.updatedAt}) / (${marks.halfLifeDays} * 86400000.0)))`;

  async function getMarkRow(id: string) {
    parseId('markId', id);
    const [row] = await db.select().from(marks).where(eq(marks.id, id));
    if (!row) throw notFound('markId', id, 'mark');
    return row;
  }

  return {
    async mark(input) {
      parseInput(markInputSchema, input, 'input');
      const strength = input.strength ?? 0.5;
      const halfLifeDays = input.halfLifeDays ?? 30;
      const t = now();
      const values = {
        context: input.context,
        // Keys are digests: a learned state can be far larger than a btree index row may be.
        contextKey: digest(canonicalJson(input.context)),
        datasetName: input.context.dataset.name,
        modelFamily: input.context.model.family,
        regulation: input.regulation,
        regulationKey: digest(canonicalJson(input.regulation)),
        fitness: input.fitness,
        strength,
        halfLifeDays,
        sourceExperimentId: input.sourceExperimentId ?? null,
        sourceTrialId: input.sourceTrialId ?? null,
        erasedAt: null,
        updatedAt: t,
      };
      const [row] = await db
        .insert(marks)
        .values({ id: randomUUID(), createdAt: t, ...values })
        .onConflictDoUpdate({ target: [marks.contextKey, marks.regulationKey], set: values })
        .returning();
      return toMark(row!);
    },

    async reinforce(markId, amount = DEFAULT_REINFORCE_AMOUNT) {
      parseId('markId', markId);
      parseInput(unit, amount, 'amount');
      const t = now();
      const d = decayed(t);
      const [row] = await db
        .update(marks)
        .set({ strength: sql`least(1.0, ${d} + ${amount}::float8 * (1.0 - ${d}))`, updatedAt: t, erasedAt: null })
        .where(eq(marks.id, markId))
        .returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return toMark(row);
    },

    async weaken(markId, amount = DEFAULT_REINFORCE_AMOUNT) {
      parseId('markId', markId);
      parseInput(unit, amount, 'amount');
      const t = now();
      const next = sql`greatest(0.0, ${decayed(t)} - ${amount}::float8)`;
      const [row] = await db
        .update(marks)
        .set({ strength: next, updatedAt: t, erasedAt: sql`case when ${next} < ${floor}::float8 then coalesce(${marks.erasedAt}, ${t}::bigint) else ${marks.erasedAt} end` })
        .where(eq(marks.id, markId))
        .returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return row.erasedAt === null ? toMark(row) : undefined;
    },

    async erase(markId) {
      parseId('markId', markId);
      const rows = await db
        .update(marks)
        .set({ erasedAt: sql`coalesce(${marks.erasedAt}, ${now()}::bigint)` })
        .where(eq(marks.id, markId))
        .returning({ id: marks.id });
      if (rows.length === 0) throw notFound('markId', markId, 'mark');
    },

    async revive(markId, strength = 0.5) {
      parseId('markId', markId);
      parseInput(unit, strength, 'strength');
      const [row] = await db.update(marks).set({ erasedAt: null, strength, updatedAt: now() }).where(eq(marks.id, markId)).returning();
      if (!row) throw notFound('markId', markId, 'mark');
      return toMark(row);
    },

    async getMark(id) {
      const row = await getMarkRow(id);
      return { ...toMark(row), erased: row.erasedAt !== null };
    },

    async inherit(context, k) {
      parseInput(taskContextSchema, context, 'context');
      parseInput(kSchema, k, 'k');
      const rows = await db.select().from(marks).where(isNull(marks.erasedAt));
      const t = now();
      const scored: InheritedMark[] = [];
      for (const row of rows) {
        const mark = toMark(row);
        const strength = decayedStrength(mark, t);
        if (strength < floor) continue;
        const similarity = contextSimilarity(context, mark.context);
        const score = similarity * strength;
        if (score > 0) scored.push({ ...mark, similarity, decayedStrength: strength, score });
      }
      return scored.sort((a, b) => b.score - a.score || b.fitness - a.fitness).slice(0, k);
    },

    async listMarks(listOptions = {}) {
      const limit = parseInput(kSchema, listOptions.limit ?? 100, 'limit');
      const rows = await db.select().from(marks).where(isNull(marks.erasedAt));
      const t = now();
      return rows
        .map(toMark)
        .map((m) => ({ m, d: decayedStrength(m, t) }))
        .sort((a, b) => b.d - a.d || b.m.fitness - a.m.fitness)
        .slice(0, limit)
        .map((x) => x.m);
    },
  };
}
