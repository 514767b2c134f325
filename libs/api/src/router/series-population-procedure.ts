import { id, input, int, list, step, text } from './input-parts';
import { publicProcedure } from './trpc';

/** Trials asked by id at most (the dashboard draws a line each up to this many). */
export const MAX_POPULATION_TRIALS = 64;

/**
 * `series.population`: every trial's series of one metric (or of `trialIds`, 1..64) in one
 * request and one SQL statement, on step buckets common to all trials (at most `buckets`, 2..5000,
 * default 1000): per trial its series in columns, as `series.get` answers it — `method: 'raw'`
 * with every point's `step`/`value` when its points in the range fit the budget, else
 * `method: 'buckets'` with one entry per bucket in `step`, `value` (last point), `fromStep`, `n`,
 * `minStep`, `minValue`, `maxStep`, `maxValue`. `fromStep`/`toStep` (inclusive) zoom. Trials without a
 * point in the range are left out.
 */
export const seriesPopulationProcedure = publicProcedure
  .input(
    input({
      experimentId: id('an experiment'),
      name: text('a metric name'),
      trialIds: list(id('a trial'), 1, MAX_POPULATION_TRIALS).optional(),
      buckets: int(2, 5000).optional(),
      fromStep: step().optional(),
      toStep: step().optional(),
    }),
  )
  .query(({ ctx, input: o }) => ctx.memory.queries.populationSeries(o));
