import { randomUUID } from 'node:crypto';
import { EpigenomeError, type ExperimentRecord } from '@epigenome/core';
import { asc, desc, eq } from 'drizzle-orm';
import type { Memory } from '../memory';
import { experiments, trials } from '../schema';
import { createExperimentInputSchema, createTrialInputSchema, updateExperimentInputSchema, updateTrialInputSchema } from '../schemas/experiment-input-schemas';
import { notFound } from './not-found';
import { parseId, parseInput } from './parse-input';
import { pgCode, toExperiment, toTrial } from './records';
import type { StoreContext } from './store-context';

type ExperimentMethods = Pick<Memory, 'createExperiment' | 'getExperiment' | 'listExperiments' | 'updateExperiment' | 'createTrial' | 'updateTrial' | 'getTrial' | 'listTrials'>;

/** Experiments and their trials: create, read, list, update. */
export function experimentMethods(store: StoreContext): ExperimentMethods {
  const { db, now, knownTrials } = store;
  return {
    async createExperiment(input) {
      parseInput(createExperimentInputSchema, input, '');
      const id = input.id === undefined ? randomUUID() : input.id;
      const t = now();
      try {
        const [row] = await db
          .insert(experiments)
          .values({
            id,
            name: input.name,
            status: 'running',
            spec: input.spec ?? null,
            seed: input.seed,
            backend: input.backend,
            context: input.context ?? null,
            summary: null,
            createdAt: t,
            updatedAt: t,
          })
          .returning();
        return toExperiment(row!);
      } catch (error) {
        if (pgCode(error) === '23505')
          throw new EpigenomeError({
            code: 'CONFLICT',
            message: `experiment ${JSON.stringify(id)} already exists (id)`,
            field: 'id',
            value: id,
            allowed: 'a new id',
            cause: error,
          });
        throw error;
      }
    },

    async getExperiment(id) {
      parseId('experimentId', id);
      const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
      if (!row) throw notFound('experimentId', id, 'experiment');
      return toExperiment(row);
    },

    async listExperiments(): Promise<ExperimentRecord[]> {
      const rows = await db.select().from(experiments).orderBy(desc(experiments.createdAt), asc(experiments.id));
      return rows.map(toExperiment);
    },

    async updateExperiment(id, patch) {
      parseId('experimentId', id);
      parseInput(updateExperimentInputSchema, patch, 'patch');
      const rows = await db
        .update(experiments)
        .set({
          updatedAt: now(),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.backend !== undefined && { backend: patch.backend }),
          ...(patch.summary !== undefined && { summary: patch.summary }),
        })
        .where(eq(experiments.id, id))
        .returning({ id: experiments.id });
      if (rows.length === 0) throw notFound('experimentId', id, 'experiment');
    },

    async createTrial(input) {
      parseInput(createTrialInputSchema, input, '');
      const generation = input.generation ?? 0;
      const t = now();
      try {
        const [row] = await db
          .insert(trials)
          .values({
            id: input.id,
            experimentId: input.experimentId,
            status: 'running',
            config: input.config,
            seed: input.seed,
            parentId: input.parentId ?? null,
            generation,
            step: 0,
            fitness: null,
            createdAt: t,
            updatedAt: t,
          })
          .returning();
        knownTrials.add(input.id);
        return toTrial(row!);
      } catch (error) {
        const code = pgCode(error);
        if (code === '23503') throw notFound('experimentId', input.experimentId, 'experiment');
        if (code === '23505')
          throw new EpigenomeError({
            code: 'CONFLICT',
            message: `trial ${JSON.stringify(input.id)} already exists (id)`,
            field: 'id',
            value: input.id,
            allowed: 'a new id, unique across experiments',
            cause: error,
          });
        throw error;
      }
    },

    async updateTrial(id, patch) {
      parseId('trialId', id);
      parseInput(updateTrialInputSchema, patch, 'patch');
      const rows = await db
        .update(trials)
        .set({
          updatedAt: now(),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.config !== undefined && { config: patch.config }),
          ...(patch.step !== undefined && { step: patch.step }),
          ...(patch.parentId !== undefined && { parentId: patch.parentId }),
          ...(patch.generation !== undefined && { generation: patch.generation }),
          ...(patch.fitness !== undefined && { fitness: patch.fitness }),
        })
        .where(eq(trials.id, id))
        .returning({ id: trials.id });
      if (rows.length === 0) throw notFound('trialId', id, 'trial');
    },

    async getTrial(id) {
      parseId('trialId', id);
      const [row] = await db.select().from(trials).where(eq(trials.id, id));
      if (!row) throw notFound('trialId', id, 'trial');
      return toTrial(row);
    },

    async listTrials(experimentId) {
      await store.requireExperiment(experimentId);
      const rows = await db.select().from(trials).where(eq(trials.experimentId, experimentId)).orderBy(asc(trials.createdAt), asc(trials.id));
      for (const r of rows) knownTrials.add(r.id);
      return rows.map(toTrial);
    },
  };
}
