import type { Level, RegulationEvent } from '@epigenome/core';
import { lineage as lineageTable, regulationEvents as eventsTable, ROLLUP_WIDTH, trials as trialsTable, type Memory } from '@epigenome/memory';

/** The size of a seeded experiment. */
export interface SeedSize {
  readonly name: string;
  /** Trials of the population. */
  readonly trials: number;
  /** `val_accuracy` points per trial (every `every`-th step from 0). */
  readonly points: number;
  /** Steps between two points; default 1. */
  readonly every?: number;
  /** Regulation events in all (about 70 % step-level `lr` changes, 20 % epoch-level `momentum`, the rest PBT exploits with their `lr` perturbation). */
  readonly events: number;
}

/** What {@link seedExperiment} wrote. */
export interface SeededExperiment {
  readonly experimentId: string;
  readonly trialIds: string[];
  /** The trial of the highest fitness. */
  readonly bestTrialId: string;
  readonly points: number;
  readonly events: number;
  readonly exploits: number;
  /** Last step of every trial. */
  readonly lastStep: number;
}

/** A deterministic value in [0, 1) from integers (no Math.random: the same seed gives the same store). */
const hash = (...xs: number[]) => {
  let h = 2166136261;
  for (const x of xs) h = Math.imul(h ^ (x | 0), 16777619) ^ (h >>> 13);
  return ((h >>> 0) % 1_000_003) / 1_000_003;
};

/**
 * Writes a finished experiment of the given size straight into a store (no training): a spec with
 * a four-parameter space and the `val_accuracy` objective, `trials` completed trials with a
 * fitness, a saturating accuracy curve with noise per trial, and `events` regulation events on
 * consistent `from` → `to` chains per trial, exploits recorded in the lineage. For the dashboard's
 * scale benchmark and browser tests; the store must not be owned by a server yet.
 */
export async function seedExperiment(memory: Memory, size: SeedSize): Promise<SeededExperiment> {
  const every = size.every ?? 1;
  const lastStep = (size.points - 1) * every;
  const spec = {
    name: size.name,
    seed: 1,
    tags: ['seeded'],
    dataset: { name: 'spirals', samples: 600, validation: 200 },
    model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
    space: {
      lr: { kind: 'float', min: 0.0001, max: 0.1, log: true },
      momentum: { kind: 'float', min: 0.5, max: 0.99 },
      batch_size: { kind: 'int', min: 16, max: 256 },
      optimizer: { kind: 'choice', values: ['sgd', 'adam'] },
    },
    objective: { metric: 'val_accuracy', mode: 'max' },
    population: size.trials,
    budget: { steps: lastStep + 1 },
    regulators: { population: [{ use: 'pbt' }], epoch: [{ use: 'cosine' }], step: [{ use: 'hypergradient' }] },
  };
  const experiment = await memory.createExperiment({ name: size.name, spec, seed: 1, backend: 'wasm' });
  const experimentId = experiment.id;
  const trialIds = Array.from({ length: size.trials }, (_, k) => `${experimentId}-t${k}`);
  const config = (k: number) => ({
    lr: 0.0001 * 1000 ** hash(k, 4),
    momentum: 0.5 + 0.49 * hash(k, 5),
    batch_size: 16 + Math.floor(240 * hash(k, 6)),
    optimizer: hash(k, 7) < 0.5 ? 'sgd' : 'adam',
  });
  const now = Date.now();
  for (let at = 0; at < size.trials; at += 1000) {
    await memory.db.insert(trialsTable).values(
      trialIds.slice(at, at + 1000).map((id, i) => {
        const k = at + i;
        return { id, experimentId, status: 'completed', config: config(k), seed: k, step: lastStep, createdAt: now + k, updatedAt: now + k };
      }),
    );
  }

  // Points, rollups and fitness generated inside the database: millions of rows without a round
  // trip each. Trial k (its seed) rises to its ceiling c_k with time constant tau_k, plus noise:
  // value = c_k (1 - exp(-step / tau_k)) + 0.02 (u - 0.5), with c_k, tau_k, u pseudo-random in SQL.
  const u = (x: string) => `(abs(sin(${x})) * 43758.5453 - floor(abs(sin(${x})) * 43758.5453))`;
  const value = (step: string) =>
    `(0.6 + 0.35 * ${u('t.seed * 12.9898 + 1.7')}) * (1 - exp(-(${step})::float8 / (${lastStep + 1} * (0.05 + 0.3 * ${u('t.seed * 78.233 + 3.1')})))) + 0.02 * (${u(`t.seed * 4.1 + (${step}) * 0.0137`)} - 0.5)`;
  const run = (text: string) => memory.db.execute(text);
  const id = `'${experimentId.replaceAll("'", "''")}'`;
  await run(`insert into metric_series (trial_id, name) select id, 'val_accuracy' from trials where experiment_id = ${id}`);
  const series = `select s.id, t.seed from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = ${id} and s.name = 'val_accuracy'`;
  // In slices of trials, so one statement never holds millions of rows at once.
  const slice = Math.max(1, Math.floor(2_000_000 / size.points));
  for (let at = 0; at < size.trials; at += slice) {
    await run(
      `insert into metrics (series_id, step, value) select t.id, g.i * ${every}, ${value(`g.i * ${every}`)}
       from (${series} and t.seed >= ${at} and t.seed < ${at + slice}) t, generate_series(0, ${size.points - 1}) g(i)`,
    );
  }
  await run(
    `insert into metric_rollups (series_id, block, n, min_value, min_step, max_value, max_step, first_step, last_step, last_value)
     select m.series_id, m.step / ${ROLLUP_WIDTH}, count(*), (min(array[m.value, m.step]))[1], (min(array[m.value, m.step]))[2], (max(array[m.value, m.step]))[1], (max(array[m.value, m.step]))[2], min(m.step), max(m.step), (max(array[m.step, m.value]))[2]
     from metrics m where m.series_id in (select id from (${series}) s) group by 1, 2`,
  );
  await run(`update trials t set fitness = ${value(String(lastStep))} where t.experiment_id = ${id}`);
  const points = size.trials * size.points;

  // Events in step order, each trial's lr and momentum followed so every `from` is the previous `to`.
  const lr = trialIds.map((_, k) => config(k).lr);
  const momentum = trialIds.map((_, k) => config(k).momentum);
  const events: RegulationEvent[] = [];
  const edges: { experimentId: string; childId: string; parentId: string; step: number; createdAt: number }[] = [];
  const event = (k: number, step: number, level: Level, regulator: string, kind: 'change' | 'exploit', param: string, from: number | string, to: number | string, reason: string) =>
    events.push({ experimentId, trialId: trialIds[k]!, step, level, regulator, kind, param, from, to, reason });
  for (let i = 0; i < size.events; i++) {
    const step = Math.min(lastStep, Math.floor((i / size.events) * (lastStep + 1)));
    const k = Math.floor(hash(i, 8) * size.trials);
    const r = hash(i, 9);
    if (r < 0.7) {
      const to = lr[k]! * (0.9 + 0.2 * hash(i, 10));
      event(k, step, 'step', 'hypergradient', 'change', 'lr', lr[k]!, to, 'hypergradient step');
      lr[k] = to;
    } else if (r < 0.9) {
      const to = Math.min(0.99, Math.max(0.5, momentum[k]! * (0.95 + 0.1 * hash(i, 11))));
      event(k, step, 'epoch', 'cosine', 'change', 'momentum', momentum[k]!, to, 'epoch schedule');
      momentum[k] = to;
    } else if (size.trials > 1 && step > 0) {
      const donor = (k + 1 + Math.floor(hash(i, 12) * (size.trials - 1))) % size.trials;
      event(k, step, 'population', 'pbt', 'exploit', '@weights', trialIds[k]!, trialIds[donor]!, `truncation: copy ${trialIds[donor]}`);
      edges.push({ experimentId, childId: trialIds[k]!, parentId: trialIds[donor]!, step, createdAt: now });
      const to = lr[donor]! * (hash(i, 13) < 0.5 ? 0.8 : 1.2);
      event(k, step, 'population', 'pbt', 'change', 'lr', lr[donor]!, to, 'pbt explore');
      lr[k] = to;
      i++;
    }
  }
  for (let at = 0; at < events.length; at += 2000) await memory.db.insert(eventsTable).values(events.slice(at, at + 2000).map((e) => ({ ...e, createdAt: now })));
  for (let at = 0; at < edges.length; at += 2000)
    await memory.db
      .insert(lineageTable)
      .values(edges.slice(at, at + 2000))
      .onConflictDoNothing();
  await memory.updateExperiment(experimentId, { status: 'completed', summary: { seeded: true } });
  const [best] = ((await run(`select id from trials where experiment_id = ${id} order by fitness desc, id limit 1`)) as unknown as { rows: { id: string }[] }).rows;
  return { experimentId, trialIds, bestTrialId: best!.id, points, events: events.length, exploits: edges.length, lastStep };
}
