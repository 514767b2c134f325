import { EpigenomeError, type Checkpoint, type RegulationOutcome, type TrialStatus } from '@epigenome/core';
import type { ExperimentRun } from './experiment-run';
import type { LiveTrial } from './live-trial';

/**
 * Ends a trial: the regulome concludes it; a stopped trial's unused steps go to the trials still
 * running when the budget says `reallocate` (evenly, remainder to the first); the engine trial is
 * disposed and the store row updated.
 */
export async function finishTrial(run: ExperimentRun, t: LiveTrial, final: TrialStatus | undefined): Promise<void> {
  const result = await run.regulome.endTrial(t.id, final);
  t.status = result.status;
  const unused = t.budget - t.step;
  const heirs = run.trials.filter((x) => x.status === 'running');
  if (run.options.budget.reallocate && t.status === 'stopped' && unused > 0 && heirs.length > 0) {
    heirs.forEach((h, i) => {
      h.budget += Math.floor(unused / heirs.length) + (i < unused % heirs.length ? 1 : 0);
    });
    t.budget = t.step;
  }
  await t.handle?.dispose();
  t.handle = undefined;
  t.lastGood = undefined;
  await run.memory?.updateTrial(t.id, { status: t.status, step: t.step, config: result.config, ...(Number.isFinite(result.fitness) ? { fitness: result.fitness } : {}) });
}

/**
 * Applies what the regulome decided for one signal: an exploit loads the donor's checkpoint of
 * this round (and records the lineage edge), a rollback loads the trial's last good checkpoint,
 * new values go live, a stop ends the trial.
 */
export async function applyOutcome(run: ExperimentRun, t: LiveTrial, out: RegulationOutcome, donors: ReadonlyMap<string, Checkpoint>): Promise<void> {
  const { memory, regulome, experimentId } = run;
  if (out.exploit) {
    const donor = donors.get(out.exploit.from);
    if (!donor) throw new EpigenomeError({ code: 'INTERNAL', message: `exploit donor ${out.exploit.from} has no checkpoint in this round` });
    await t.handle?.load(donor);
    t.reloaded = true;
    await memory?.addLineage({ experimentId, childId: t.id, parentId: out.exploit.from, step: t.step });
    const view = regulome.trial(t.id);
    await memory?.updateTrial(t.id, { parentId: out.exploit.from, generation: view.generation });
  }
  if (out.rollback && !out.exploit && t.lastGood) {
    await t.handle?.load(t.lastGood);
    t.reloaded = true;
  }
  if (out.events.length > 0) {
    run.events.push(...out.events);
    run.emit({ type: 'events', experimentId, events: out.events });
    if (!out.stop) t.handle?.apply(out.config);
  }
  if (out.stop) await finishTrial(run, t, 'stopped');
}
