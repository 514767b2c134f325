import { ROLLUP_WIDTH } from '../schema';

// The one home of the SQL over `metric_rollups`: written by the metrics writer and rebuilt by
// `truncateTrial`, read by the dashboard's `series` and `experiments` queries.

/** Merges per-(series, block) partial rollups ($1..$10 as arrays) into the stored ones (a repeated last step: the newer value). */
export const UPSERT_ROLLUPS = `insert into metric_rollups as r (series_id, block, n, min_value, min_step, max_value, max_step, first_step, last_step, last_value)
select * from unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::int[], $6::float8[], $7::int[], $8::int[], $9::int[], $10::float8[])
on conflict (series_id, block) do update set
  n = r.n + excluded.n,
  min_step = case when excluded.min_value < r.min_value then excluded.min_step else r.min_step end,
  min_value = least(r.min_value, excluded.min_value),
  max_step = case when excluded.max_value > r.max_value then excluded.max_step else r.max_step end,
  max_value = greatest(r.max_value, excluded.max_value),
  first_step = least(r.first_step, excluded.first_step),
  last_value = case when excluded.last_step >= r.last_step then excluded.last_value else r.last_value end,
  last_step = greatest(r.last_step, excluded.last_step)`;

/** Drops a trial's ($1) rollups from block $2 on. */
export const DELETE_TRIAL_ROLLUPS_FROM = 'delete from metric_rollups where series_id in (select id from metric_series where trial_id = $1) and block >= $2';

/** Recomputes a trial's ($1) rollups from its raw points at steps ≥ $2 (a block boundary). */
export const REBUILD_TRIAL_ROLLUPS_FROM = `insert into metric_rollups (series_id, block, n, min_value, min_step, max_value, max_step, first_step, last_step, last_value)
select m.series_id, m.step / ${ROLLUP_WIDTH}, count(*),
       min(m.value), (array_agg(m.step order by m.value asc, m.step asc))[1],
       max(m.value), (array_agg(m.step order by m.value desc, m.step asc))[1],
       min(m.step), max(m.step), (array_agg(m.value order by m.step desc))[1]
from metrics m join metric_series s on s.id = m.series_id
where s.trial_id = $1 and m.step >= $2
group by m.series_id, m.step / ${ROLLUP_WIDTH}`;

/** Point count and step range of series $1 over blocks $2..$3. */
export const SERIES_STATS = 'select sum(n) as n, min(first_step) as lo, max(last_step) as hi from metric_rollups where series_id = $1 and block between $2 and $3';

/** Min/max point per bucket of $4 blocks of series $1 over blocks $2..$3, from the rollups. */
export const ROLLUP_BUCKETS = `select (block - $2) / $4 as g, min(array[min_value, min_step::float8]) as lo, max(array[max_value, max_step::float8]) as hi
from metric_rollups where series_id = $1 and block between $2 and $3
group by 1 order by 1`;

/** Min/max point per bucket of $4 steps of series $1 over steps $2..$3, from the raw points. */
export const RAW_BUCKETS = `select (step - $2) / $4 as g, min(array[value, step::float8]) as lo, max(array[value, step::float8]) as hi
from metrics where series_id = $1 and step between $2 and $3
group by 1 order by 1`;

/** Per experiment in $1, the trial with the best `column` of metric $2 over its rollups. */
export function bestByMetric(mode: 'max' | 'min'): string {
  const column = mode === 'max' ? 'max_value' : 'min_value';
  return `select distinct on (t.experiment_id) t.experiment_id, t.id as trial_id, r.${column} as value
from trials t join metric_series s on s.trial_id = t.id and s.name = $2 join metric_rollups r on r.series_id = s.id
where t.experiment_id = any($1::text[])
order by t.experiment_id, r.${column} ${mode === 'max' ? 'desc' : 'asc'}`;
}
