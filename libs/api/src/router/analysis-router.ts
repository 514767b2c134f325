import { EpigenomeError, type Config, type SearchSpace } from '@epigenome/core';
import { hyperparameterImportance } from '../analytics/hyperparameter-importance';
import { impactSpectrum, regulationImpact } from '../analytics/regulation-impact';
import type { Memory } from '@epigenome/memory';
import type { ReadCachedMemory } from '../create-read-cache';
import { id, input, int } from './input-parts';
import { objectiveOf } from './series-router';
import { publicProcedure, router } from './trpc';

const MAX_EVENTS = 100_000;
const MAX_POINTS = 1_000_000;

/**
 * The impact answer reads every event and every trial's whole objective series (seconds on a large
 * experiment), and a finished experiment's answer never changes: on the server's own embedded
 * store it is kept until the next write (`ReadCachedMemory.keep`); elsewhere it is computed each time.
 */
function impactOf(memory: Memory, experimentId: string, window: number | undefined) {
  const compute = () => measureImpact(memory, experimentId, window);
  const cached = memory as Partial<ReadCachedMemory>;
  return typeof cached.keep === 'function' ? cached.keep(`analysis.impact|${experimentId}|${window ?? ''}`, compute) : compute();
}

/** `analysis.*`: hyperparameter importance and the impact of regulation. */
export const analysisRouter = router({
  /**
   * Hyperparameter importance of an experiment by PED-ANOVA (Watanabe et al. 2023) over its trials'
   * configurations and objective values (`spec.objective`; a trial's value is its last evaluation):
   * `{ param, importance }` summing to 1, all 0 with fewer than 8 evaluated trials.
   */
  importance: publicProcedure.input(input({ experimentId: id('an experiment') })).query(async ({ ctx, input: { experimentId } }) => {
    const record = await ctx.memory.getExperiment(experimentId);
    const space = (record.spec as { space?: SearchSpace } | null | undefined)?.space;
    if (space === undefined || space === null || typeof space !== 'object')
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: 'experimentId',
        value: experimentId,
        allowed: 'an experiment started from a spec',
        message: `experiment ${JSON.stringify(experimentId)} has no stored spec with a search space (experimentId)`,
      });
    const { mode, metric } = objectiveOf(record.spec);
    const trials = (await ctx.memory.listTrials(experimentId)).flatMap((t) =>
      t.fitness === undefined ? [] : [{ config: t.config as Config, value: mode === 'min' ? -t.fitness : t.fitness }],
    );
    return { metric, mode, trials: trials.length, importance: hyperparameterImportance(trials, space, { mode }) };
  }),

  /**
   * The measured impact of every regulation event of an experiment on its objective metric
   * (`regulationImpact`: the trial's metric over the next `window` steps against the trend
   * before it; exploits against the trial they replaced), and its distribution per regulator and
   * per event kind (`impactSpectrum`, common bins).
   */
  impact: publicProcedure
    .input(input({ experimentId: id('an experiment'), window: int(1, 1_000_000).optional() }))
    .query(({ ctx, input: { experimentId, window } }) => impactOf(ctx.memory, experimentId, window)),
});

async function measureImpact(memory: Memory, experimentId: string, window: number | undefined) {
  const record = await memory.getExperiment(experimentId);
  const { metric, mode } = objectiveOf(record.spec);
  const [events, lineage, trials] = await Promise.all([
    memory.queries.events({ experimentId, limit: MAX_EVENTS }),
    memory.queries.lineage(experimentId),
    memory.listTrials(experimentId),
  ]);
  const series = new Map<string, { step: number; value: number }[]>();
  for (const t of trials) series.set(t.id, (await memory.queries.series(t.id, metric, { maxPoints: MAX_POINTS })).points);
  const impacts = regulationImpact({
    events, // stored events carry every field regulationImpact reads
    series,
    mode,
    ...(window === undefined ? {} : { window }),
    lineage: lineage.edges,
  });
  const rows = events.map(({ id: eventId, trialId, step, level, regulator, kind, param }, i) => {
    const { impact = null, reason = null } = impacts[i] ?? {};
    return { eventId, trialId, step, level, regulator, kind, param, impact, reason };
  });
  const measured = rows.filter((r): r is (typeof rows)[number] & { impact: number } => r.impact !== null && Number.isFinite(r.impact));
  return {
    metric,
    mode,
    events: rows,
    byRegulator: impactSpectrum(measured.map((r) => ({ group: r.regulator, impact: r.impact }))),
    byKind: impactSpectrum(measured.map((r) => ({ group: r.kind, impact: r.impact }))),
  };
}
