import type { Objective, Regulator, TrialResult, TrialStatus } from '../contracts/regulator';
import type { RegulationEvent } from '../contracts/regulation-event';
import type { Seed } from '../random/rng';
import { createRegulome, type Regulome, type SignalInput } from '../regulome/create-regulome';
import type { Config, SearchSpace } from '../space/param-spec';

/** One thing a scripted run does to its regulome. */
export type ScriptAction =
  | { readonly type: 'addTrial'; readonly id: string; readonly config?: Partial<Config> }
  | { readonly type: 'observe'; readonly input: SignalInput }
  | { readonly type: 'checkpoint'; readonly trialId: string }
  | { readonly type: 'endTrial'; readonly trialId: string; readonly status?: TrialStatus };

/**
 * The world a scripted run lives in (a simulated training): given the action index and the
 * regulome as it stands, the next action, or undefined to end the run. It may keep state of its
 * own (a model being trained); it is created afresh for every run and is never interrupted.
 */
export type Script = (index: number, regulome: Regulome) => ScriptAction | undefined | Promise<ScriptAction | undefined>;

/** What a scripted run records of each action, in order: the comparison basis of a resume check. */
export type TranscriptEntry =
  | { readonly type: 'addTrial'; readonly id: string; readonly config: Config }
  | {
      readonly type: 'observe';
      readonly trialId: string;
      readonly step: number;
      readonly config: Config;
      readonly events: readonly RegulationEvent[];
      readonly exploit: string | undefined;
      readonly rollback: string | undefined;
      readonly stop: string | undefined;
    }
  | { readonly type: 'checkpoint'; readonly trialId: string }
  | { readonly type: 'endTrial'; readonly result: TrialResult }
  | { readonly type: 'finish'; readonly best: string | undefined; readonly trials: readonly { readonly trialId: string; readonly status: string; readonly fitness: number }[] };

/** Options of {@link runScripted}. */
export interface ScriptedRunOptions {
  readonly space: SearchSpace;
  /** Fresh regulators (called once per regulome: at the start and again at each interruption). */
  readonly regulators: () => readonly Regulator[];
  /** Creates the world of one run. */
  readonly script: () => Script;
  /** Seed of the regulome. Default 0. */
  readonly seed?: Seed;
  readonly objective?: Objective;
  readonly budget?: { readonly stepsPerTrial?: number; readonly totalSteps?: number };
  /** Upper bound on actions, against a script that never ends. Default 100 000. */
  readonly maxActions?: number;
}

/**
 * Runs a script through a regulome and returns what happened. With `interruptAt` = k, the run is
 * interrupted after its k-th action as a crashed process would be: the regulome's `snapshot()`
 * goes through JSON text, a new regulome of fresh regulators `restore()`s it (its `start()` is not
 * called again, as on a resume) and the run continues. A regulator whose snapshot misses state its
 * decisions depend on shows up as a transcript that differs from the uninterrupted one:
 *
 * @example
 * const full = await runScripted(options);
 * for (const k of [5, 40, 111]) expect(await runScripted(options, { interruptAt: k })).toEqual(full);
 */
export async function runScripted(options: ScriptedRunOptions, run: { readonly interruptAt?: number | readonly number[] } = {}): Promise<TranscriptEntry[]> {
  const at = new Set(typeof run.interruptAt === 'number' ? [run.interruptAt] : (run.interruptAt ?? []));
  const build = (): Regulome =>
    createRegulome({
      space: options.space,
      regulators: options.regulators(),
      seed: options.seed ?? 0,
      ...(options.objective ? { objective: options.objective } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      now: () => 0,
    });
  let regulome = build();
  await regulome.start();
  const script = options.script();
  const out: TranscriptEntry[] = [];
  const max = options.maxActions ?? 100_000;
  for (let i = 0; i < max; i++) {
    if (at.has(i)) {
      const saved = JSON.parse(JSON.stringify(regulome.snapshot()));
      regulome = build();
      regulome.restore(saved);
    }
    const action = await script(i, regulome);
    if (action === undefined) break;
    out.push(await perform(regulome, action));
  }
  const summary = await regulome.finish();
  out.push({ type: 'finish', best: summary.best?.trialId, trials: summary.trials.map((t) => ({ trialId: t.trialId, status: t.status, fitness: t.fitness })) });
  return out;
}

async function perform(regulome: Regulome, action: ScriptAction): Promise<TranscriptEntry> {
  switch (action.type) {
    case 'addTrial':
      return { type: 'addTrial', id: action.id, config: await regulome.addTrial(action.id, action.config ? { config: action.config } : {}) };
    case 'observe': {
      const o = await regulome.observe(action.input);
      return {
        type: 'observe',
        trialId: action.input.trialId,
        step: action.input.step,
        config: o.config,
        events: o.events,
        exploit: o.exploit?.from,
        rollback: o.rollback?.reason,
        stop: o.stop?.reason,
      };
    }
    case 'checkpoint':
      regulome.setCheckpoint(action.trialId, true);
      return { type: 'checkpoint', trialId: action.trialId };
    case 'endTrial':
      return { type: 'endTrial', result: await regulome.endTrial(action.trialId, action.status) };
  }
}
