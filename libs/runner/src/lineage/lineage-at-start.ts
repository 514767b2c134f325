import type { Config, InheritedMark, MemoryStore, Regulator, SearchSpace, TaskContext, Trial } from '@epigenome/core';
import { foreignChoice, foreignExperiments } from './foreign-choice';
import { INHERITED_MARKS, MIN_MARK_SCORE, WEIGHTS } from './lineage-constants';

/** An inherited mark this experiment uses, judged at its end by the fitness it recorded. */
export interface UsedMark {
  readonly id: string;
  readonly fitness: number;
}

/** What an experiment took from its lineage before its first trial. */
export interface LineageAtStart {
  /** The `@weights` mark trials are warm-started from, if any. */
  readonly weightsMark: InheritedMark | undefined;
  /** Regulator (or `@weights:<trial key>`) → id of the mark it started from. */
  readonly inheritedStates: Record<string, string>;
  /** Marks used, reinforced or weakened at the end. */
  readonly usedMarks: UsedMark[];
}

function sameDescriptors(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * Lineage at start of a new experiment: reads the {@link INHERITED_MARKS} best marks of the
 * context, picks the `@weights` mark of the same architecture (the context's model descriptors must
 * match exactly) when `weightFraction` > 0, and hands every inheritable regulator the learned state
 * of its best mark scoring over {@link MIN_MARK_SCORE} (`learn()`, or `restore()` without it). A
 * state that does not fit (another space or version) is skipped, and so is every state of an
 * experiment of another regime (its configuration mark, or the configuration a weights mark keeps,
 * holds a choice `space` does not admit: weights and knowledge found with Adam are not an SGD-only
 * experiment's start).
 */
export async function inheritAtStart(input: {
  readonly memory: MemoryStore;
  readonly context: TaskContext;
  readonly space: SearchSpace;
  readonly regulators: readonly Regulator[];
  readonly weightFraction: number;
  readonly inheritStates: boolean;
}): Promise<LineageAtStart> {
  const { memory, context } = input;
  const inheritedStates: Record<string, string> = {};
  const usedMarks: UsedMark[] = [];
  const all = await memory.inherit(context, INHERITED_MARKS);
  const foreign = foreignExperiments(input.space, all);
  const inherited = all.filter((m) => m.sourceExperimentId === undefined || !foreign.has(m.sourceExperimentId));
  const weightsMark =
    input.weightFraction > 0
      ? inherited.find(
          (m) =>
            m.regulation.kind === 'state' &&
            m.regulation.regulator === WEIGHTS &&
            m.score > MIN_MARK_SCORE &&
            sameDescriptors(m.context.model, context.model) &&
            // weights marks keep the configuration they were trained with (older ones do not)
            foreignChoice(input.space, (m.regulation.state as { config?: Config }).config ?? {}) === undefined,
        )
      : undefined;
  if (input.inheritStates) {
    for (const reg of input.regulators) {
      if ((!reg.learn && !reg.restore) || reg.inheritable !== true) continue;
      const m = inherited.find((x) => x.regulation.kind === 'state' && x.regulation.regulator === reg.name && x.score > MIN_MARK_SCORE);
      if (!m || m.regulation.kind !== 'state') continue;
      try {
        if (reg.learn) reg.learn(m.regulation.state);
        else reg.restore?.(m.regulation.state);
        inheritedStates[reg.name] = m.id;
        usedMarks.push({ id: m.id, fitness: m.fitness });
      } catch {
        // an incompatible stored state (other space or version) is skipped, not fatal
      }
    }
  }
  return { weightsMark, inheritedStates, usedMarks };
}

/**
 * Warm-starts trial `index` from the inherited weights when the Bresenham spread of
 * `weightFraction` picks it (trials 0, 2, 4, … at 0.5). Weights of another shape (an architecture
 * change the context missed) leave the trial fresh. Returns whether it was warm-started.
 */
export async function warmStart(handle: Trial, config: Config, index: number, weightFraction: number, weightsMark: InheritedMark | undefined): Promise<boolean> {
  if (!weightsMark || !(Math.ceil((index + 1) * weightFraction) > Math.ceil(index * weightFraction))) return false;
  const state = (weightsMark.regulation as { state: { bytes: string; step: number } }).state;
  try {
    await handle.load({ step: state.step, config, bytes: new Uint8Array(Buffer.from(state.bytes, 'base64')) });
    handle.apply(config);
    return true;
  } catch {
    return false;
  }
}
