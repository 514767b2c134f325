import type { ExperimentRecord, ExperimentStatus, Level, Mark, MarkRegulation, RegulationEvent, TaskContext, TrialRecord, TrialStatus } from '@epigenome/core';
import type { StoredEvent } from '../dashboard-queries';
import type { experiments, marks, regulationEvents, trials } from '../schema';

export function toExperiment(row: typeof experiments.$inferSelect): ExperimentRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status as ExperimentStatus,
    spec: row.spec,
    seed: row.seed,
    backend: row.backend,
    context: (row.context ?? undefined) as TaskContext | undefined,
    summary: row.summary ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toTrial(row: typeof trials.$inferSelect): TrialRecord {
  return {
    id: row.id,
    experimentId: row.experimentId,
    status: row.status as TrialStatus,
    config: row.config as TrialRecord['config'],
    seed: row.seed,
    parentId: row.parentId ?? undefined,
    generation: row.generation,
    step: row.step,
    fitness: row.fitness ?? undefined,
  };
}

export function toMark(row: typeof marks.$inferSelect): Mark {
  return {
    id: row.id,
    context: row.context as TaskContext,
    regulation: row.regulation as MarkRegulation,
    fitness: row.fitness,
    strength: row.strength,
    halfLifeDays: row.halfLifeDays,
    sourceExperimentId: row.sourceExperimentId ?? undefined,
    sourceTrialId: row.sourceTrialId ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A stored event row (drizzle's, or raw SQL's aliased to its names, where bigints may be strings). */
export function toStoredEvent(r: typeof regulationEvents.$inferSelect): StoredEvent {
  return {
    id: Number(r.id),
    experimentId: r.experimentId,
    trialId: r.trialId,
    step: r.step,
    level: r.level as Level,
    regulator: r.regulator,
    kind: r.kind as RegulationEvent['kind'],
    param: r.param,
    from: (r.from ?? null) as RegulationEvent['from'],
    to: (r.to ?? null) as RegulationEvent['to'],
    reason: r.reason,
    createdAt: Number(r.createdAt),
  };
}

/** The driver's error code (drizzle wraps driver errors in `DrizzleQueryError.cause`). */
export function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
