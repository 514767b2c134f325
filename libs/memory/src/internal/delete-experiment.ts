import type { Executor } from './database';
import { notFound } from './not-found';
import { parseId } from './parse-input';

/**
 * Deletes an experiment with everything of it in one transaction: metric points and rollups
 * (which have no foreign key), then the experiment, whose trials, series, events, checkpoints and
 * lineage go by cascade. Marks it wrote stay (they are the memory of later experiments); their
 * `sourceExperimentId` then names a deleted experiment. Resolves to the deleted trial ids.
 */
export async function deleteExperiment(transaction: <R>(fn: (tx: Executor) => Promise<R>) => Promise<R>, experimentId: string): Promise<string[]> {
  parseId('experimentId', experimentId);
  return transaction(async (tx) => {
    const found = await tx.query<{ id: string }>('select id from experiments where id = $1 for update', [experimentId]);
    if (found.length === 0) throw notFound('experimentId', experimentId, 'experiment');
    const series = 'select s.id from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = $1';
    await tx.query(`delete from metrics where series_id in (${series})`, [experimentId]);
    await tx.query(`delete from metric_rollups where series_id in (${series})`, [experimentId]);
    const trials = await tx.query<{ id: string }>('select id from trials where experiment_id = $1', [experimentId]);
    await tx.query('delete from experiments where id = $1', [experimentId]);
    return trials.map((t) => t.id);
  });
}
