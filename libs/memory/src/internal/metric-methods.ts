import { EpigenomeError } from '@epigenome/core';
import type { Memory } from '../memory';
import { ROLLUP_WIDTH } from '../schema';
import { integer } from './schema-parts';
import type { MetricsWriter } from './metrics-writer';
import { parseId, parseInput } from './parse-input';
import { DELETE_TRIAL_ROLLUPS_FROM, REBUILD_TRIAL_ROLLUPS_FROM } from './rollup-sql';
import type { StoreContext } from './store-context';

const afterStepSchema = integer(-1, 2_147_483_647);

/** Metric points (through the batching writer), counts, and truncation of a trial's history. */
export function metricMethods(store: StoreContext, writer: MetricsWriter, isClosed: () => boolean): Pick<Memory, 'appendMetrics' | 'flush' | 'counts' | 'truncateTrial'> {
  const { database } = store;
  return {
    appendMetrics(points) {
      if (isClosed()) throw new EpigenomeError({ code: 'STORE_FAILURE', message: 'the memory store is closed' });
      writer.append(points);
    },

    flush() {
      return writer.flush();
    },

    async counts(experimentId) {
      await store.requireExperiment(experimentId);
      const [m] = await database.query<{ n: string | number }>(
        // The rollups count every point in the same transaction as `metrics`: summing a row per 64 points
        // instead of counting millions keeps `experiments.get` fast on large experiments.
        'select coalesce(sum(r.n), 0) as n from metric_rollups r join metric_series s on s.id = r.series_id join trials t on t.id = s.trial_id where t.experiment_id = $1',
        [experimentId],
      );
      const [e] = await database.query<{ n: string | number }>('select count(*) as n from regulation_events where experiment_id = $1', [experimentId]);
      return { metrics: Number(m?.n ?? 0), events: Number(e?.n ?? 0) };
    },

    async truncateTrial(trialId, afterStep) {
      parseId('trialId', trialId);
      parseInput(afterStepSchema, afterStep, 'afterStep');
      await store.requireTrials([trialId], 'trialId');
      await writer.flush();
      const block = Math.floor((afterStep + 1) / ROLLUP_WIDTH);
      return database.transaction(async (tx) => {
        const deleted = await tx.query<{ n: string | number }>(
          'with d as (delete from metrics where series_id in (select id from metric_series where trial_id = $1) and step > $2 returning 1) select count(*) as n from d',
          [trialId, afterStep],
        );
        await tx.query('delete from regulation_events where trial_id = $1 and step > $2', [trialId, afterStep]);
        await tx.query('delete from lineage where child_id = $1 and step > $2', [trialId, afterStep]);
        // The blocks from the cut on are recomputed from the points that remain.
        await tx.query(DELETE_TRIAL_ROLLUPS_FROM, [trialId, block]);
        await tx.query(REBUILD_TRIAL_ROLLUPS_FROM, [trialId, block * ROLLUP_WIDTH]);
        return Number(deleted[0]?.n ?? 0);
      });
    },
  };
}
