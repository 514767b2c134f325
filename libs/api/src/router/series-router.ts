import { id, input, int, list, step, text } from './input-parts';
import { seriesPopulationProcedure } from './series-population-procedure';
import { publicProcedure, router } from './trpc';

/** The objective of a stored spec (default `val_accuracy`, `max`). */
export function objectiveOf(spec: unknown): { metric: string; mode: 'max' | 'min' } {
  const o = (spec as { objective?: { metric?: unknown; mode?: unknown } } | null | undefined)?.objective;
  return { metric: typeof o?.metric === 'string' ? o.metric : 'val_accuracy', mode: o?.mode === 'min' ? 'min' : 'max' };
}

/** `series.*`: metric series, downsampled on the server. */
export const seriesRouter = router({
  /**
   * One trial's metric series as at most `buckets` (2..5000, default 1000) buckets with min, max and
   * last point each (`method: 'buckets'`), or its raw points when they fit (`method: 'raw'`), in
   * columns: parallel arrays `step`, `value` (raw: every point; buckets: each one's last point) and,
   * for buckets only, `fromStep`, `n`, `minStep`, `minValue`, `maxStep`, `maxValue` (see
   * `BucketedSeries` of `@epigenome/memory`). `fromStep`/`toStep` (inclusive) zoom: the range's
   * detail, raw when it fits the budget.
   */
  get: publicProcedure
    .input(input({ trialId: id('a trial'), name: text('a metric name'), buckets: int(2, 5000).optional(), fromStep: step().optional(), toStep: step().optional() }))
    .query(async ({ ctx, input: { trialId, name, ...options } }) => {
      const series = await ctx.memory.queries.seriesBuckets(trialId, name, options);
      // Points prove the trial exists; only an empty answer asks for its record (NOT_FOUND names
      // `trialId`). So an answer with points depends on its series alone, not on every record write.
      if (series.total === 0) await ctx.memory.getTrial(trialId);
      return series;
    }),

  population: seriesPopulationProcedure,

  /** The metric names stored for an experiment's trials, sorted. */
  names: publicProcedure.input(input({ experimentId: id('an experiment') })).query(({ ctx, input: { experimentId } }) => ctx.memory.queries.metricNames(experimentId)),

  /**
   * Several experiments (1..8) on one metric: per experiment, the population's best-so-far curve
   * (at most `buckets` points, each the best value any trial reached by that step, by the
   * experiment's objective mode — `max` unless the metric is its objective with mode `min`) and
   * the series of the trial that reached the best value (bucketed the same way).
   */
  compare: publicProcedure
    .input(input({ experimentIds: list(id('an experiment'), 1, 8), metric: text('a metric name'), buckets: int(2, 5000).optional() }))
    .query(async ({ ctx, input: { experimentIds, metric, buckets = 500 } }) =>
      Promise.all(
        experimentIds.map(async (experimentId) => {
          const record = await ctx.memory.getExperiment(experimentId);
          const objective = objectiveOf(record.spec);
          const mode = objective.metric === metric ? objective.mode : 'max';
          const best = await ctx.memory.queries.populationBest({ experimentId, metric, mode, buckets });
          const bestSeries = best.bestTrialId === undefined ? null : await ctx.memory.queries.seriesBuckets(best.bestTrialId, metric, { buckets });
          return { experimentId, name: record.name, metric, mode, bestSoFar: best.curve, bestTrialId: best.bestTrialId ?? null, bestSeries };
        }),
      ),
    ),
});
