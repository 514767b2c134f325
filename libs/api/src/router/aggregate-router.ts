import { id, input, int, list, step, text } from './input-parts';
import { objectiveOf } from './series-router';
import { publicProcedure, router } from './trpc';

/**
 * `aggregate.*`: an experiment summarised on the server for charts of any size — what the
 * dashboard draws instead of one line per trial or one mark per event when there are too many.
 */
export const aggregateRouter = router({
  /**
   * The population on one metric as quantile bands per step bucket: for each trial its best value
   * in the bucket (by the experiment's objective mode when `metric` is its objective, else `max`),
   * then over trials min, 10/25/50/75/90th percentiles and max. `buckets` 2..5000 (default 300);
   * `fromStep`/`toStep` (inclusive) restrict it to a zoomed range.
   */
  population: publicProcedure
    .input(input({ experimentId: id('an experiment'), metric: text('a metric name'), buckets: int(2, 5000).optional(), fromStep: step().optional(), toStep: step().optional() }))
    .query(async ({ ctx, input: { experimentId, metric, ...range } }) => {
      const objective = objectiveOf((await ctx.memory.getExperiment(experimentId)).spec);
      const mode = objective.metric === metric ? objective.mode : 'max';
      return ctx.memory.queries.populationBands({ experimentId, metric, mode, ...range });
    }),

  /**
   * Regulation events counted per step bucket and level (swim lane), with exploits and distinct
   * trials: the timeline of an experiment with many events. `params` filters by hyperparameter,
   * `fromStep`/`toStep` (inclusive) zoom, `buckets` 1..2000 (default 200).
   */
  events: publicProcedure
    .input(
      input({
        experimentId: id('an experiment'),
        params: list(text('a hyperparameter name')).optional(),
        fromStep: step().optional(),
        toStep: step().optional(),
        buckets: int(1, 2000).optional(),
      }),
    )
    .query(({ ctx, input: o }) => ctx.memory.queries.eventBuckets(o)),
});
