import PgBoss from 'pg-boss';
import type pg from 'pg';

/**
 * pg-boss on the caller's pool (no second pool): no cron, maintenance every
 * `maintenanceIntervalSeconds` — it fails and retries jobs whose `expireInSeconds` passed, the
 * fallback when no coordinator is there to notice a dead worker sooner.
 */
export async function startBoss(pool: pg.Pool, maintenanceIntervalSeconds: number, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds,
  });
  boss.on('error', onError);
  await boss.start();
  return boss;
}

/** Creates the queue `name` unless it exists (concurrent creators are safe: `ON CONFLICT DO NOTHING`). */
export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name);
}
