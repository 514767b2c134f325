// The `epigenome` command's answer time: real CLI processes (`node apps/cli/bin/epigenome.mjs`,
// the built CLI as an installed user runs it) on a PGlite store of 100 experiments, and a spec
// refused for an unknown regulator. Node's bare start-up (`node -e 0`) is measured interleaved
// beside them, as the floor no CLI can go under.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemory } from '@epigenome/memory';
import { machine, median, sideBySide, type BenchSuite } from '../harness';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const bin = join(root, 'apps/cli/bin/epigenome.mjs');
const EXPERIMENTS = 100;
const TARGETS = { ls_ms: 1000, show_ms: 1000, bad_spec_ms: 500 };

/** Wall time of one process, ms; throws when its exit code is not the expected one. */
function timed(args: readonly string[], expectStatus: number, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, DATABASE_URL: '', EPIGENOME_DEBUG: '' }, encoding: 'utf8', timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.status !== expectStatus) throw new Error(`node ${args.join(' ')} exited ${r.status} (expected ${expectStatus}):\n${r.stderr.slice(-2000)}`);
  return ms;
}

/** A store of `EXPERIMENTS` small finished experiments: 2 trials of 5 points, 1 event each. */
async function seedStore(dir: string): Promise<string> {
  const memory = await openMemory({ dir });
  let firstId = '';
  try {
    for (let e = 0; e < EXPERIMENTS; e++) {
      const exp = await memory.createExperiment({ name: `bench-${e}`, spec: { e }, seed: e, backend: 'wasm' });
      if (e === 0) firstId = exp.id;
      for (let t = 0; t < 2; t++) {
        const trialId = `${exp.id}-t${t}`;
        await memory.createTrial({ id: trialId, experimentId: exp.id, config: { lr: 0.01 * (t + 1) }, seed: t });
        memory.appendMetrics(Array.from({ length: 5 }, (_, s) => ({ trialId, step: s * 10, name: 'loss', value: 1 / (s + 1) })));
        await memory.appendEvents([{ experimentId: exp.id, trialId, step: 10, level: 'step', regulator: 'bench', kind: 'change', param: 'lr', from: 0.01, to: 0.02, reason: 'bench' }]);
        await memory.updateTrial(trialId, { status: 'completed', step: 40, fitness: t });
      }
      await memory.updateExperiment(exp.id, { status: 'completed' });
    }
    await memory.flush();
  } finally {
    await memory.close();
  }
  return firstId;
}

const suite: BenchSuite = {
  name: 'cli',
  description: `epigenome ls / show on a PGlite store of ${EXPERIMENTS} experiments and a refused spec, wall time of real processes`,
  async run(ctx) {
    const reps = ctx.quick ? 5 : 9;
    const work = mkdtempSync(join(tmpdir(), 'epigenome-bench-cli-'));
    try {
      const db = join(work, 'db');
      const seedStart = performance.now();
      const firstId = await seedStore(db);
      ctx.log(`store of ${EXPERIMENTS} experiments created in ${Math.round(performance.now() - seedStart)} ms`);
      const badSpec = join(work, 'bad.json');
      writeFileSync(
        badSpec,
        JSON.stringify({
          name: 'bad',
          seed: 1,
          dataset: { name: 'spirals', samples: 600, validation: 200 },
          model: { kind: 'mlp', hidden: [16] },
          space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true } },
          population: 2,
          budget: { steps: 100 },
          regulators: { step: [{ use: 'no-such-regulator' }] },
        }),
      );
      const bare = () => timed(['-e', '0'], 0, work);
      const ls = await sideBySide(() => timed([bin, '--db', db, 'ls'], 0, work), bare, reps);
      const show = await sideBySide(() => timed([bin, '--db', db, 'show', firstId], 0, work), bare, reps);
      const bad = await sideBySide(() => timed([bin, '--db', db, 'run', badSpec], 1, work), bare, reps);
      const nodeMs = median([...ls.b, ...show.b, ...bad.b]);
      const figures = { ls_ms: Math.round(ls.medianA), show_ms: Math.round(show.medianA), bad_spec_ms: Math.round(bad.medianA) };
      const m = machine();
      ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}; median of ${reps} interleaved runs each; no TensorFlow.js backend involved`);
      ctx.table(
        (['ls_ms', 'show_ms', 'bad_spec_ms'] as const).map((k) => ({
          command: { ls_ms: 'ls', show_ms: `show <id>`, bad_spec_ms: 'run <bad spec>' }[k],
          median_ms: figures[k],
          node_e0_ms: Math.round(nodeMs),
          target_ms: TARGETS[k],
          ok: figures[k] <= TARGETS[k] ? 'yes' : 'NO',
        })),
      );
      return { ...figures, node_startup_ms: Math.round(nodeMs), experiments: EXPERIMENTS, repetitions: reps, cores: m.cores, targets: TARGETS };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
