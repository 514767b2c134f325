// A contextual toy for learned controllers, driven through a real regulome: every step the
// environment shows a context in `grad_cos` (+0.5: the learning rate is too small; −0.5: too
// large), and the next loss moves by how well the action taken matches it: ×2 when the rate is
// too small (×0.5 when too large) is best, ×1.25 (×0.8) helps less, ×1 does nothing, the
// opposite actions hurt. Exact and cheap: what a good controller must learn is unambiguous.
import { createRegulome, createRng, float, type Regulator } from '@epigenome/core';

export const toySpace = { lr: float(1e-30, 1e30, { log: true }) };

/** Score of an action value (a factor) in a context (+1 too small, −1 too large). */
export function toyScore(context: number, factor: number): number {
  return context * Math.log2(factor);
}

/** Runs `decisions` steps (one decision each with `every: 1`) and returns the contexts and chosen factors. */
export async function runToy(regulator: Regulator, options: { decisions: number; seed: number; trialId?: string }): Promise<{ contexts: number[]; factors: number[] }> {
  const rng = createRng(`toy:${options.seed}`);
  const regulome = createRegulome({ space: toySpace, regulators: [regulator], seed: options.seed, features: { divergenceFactor: 1e12 } });
  await regulome.start();
  const id = options.trialId ?? 't0';
  let lr = (await regulome.addTrial(id, { config: { lr: 1 } })).lr as number;
  let loss = 1;
  let context = rng.next() < 0.5 ? 1 : -1;
  const contexts: number[] = [];
  const factors: number[] = [];
  for (let step = 1; step <= options.decisions; step++) {
    const out = await regulome.observe({ trialId: id, kind: 'step', step, metrics: { loss, grad_cos: 0.5 * context } });
    const factor = (out.config.lr as number) / lr;
    lr = out.config.lr as number;
    contexts.push(context);
    factors.push(factor);
    loss *= Math.exp(-0.05 * toyScore(context, factor) + 0.002 * rng.normal());
    context = rng.next() < 0.5 ? 1 : -1;
  }
  await regulome.endTrial(id);
  return { contexts, factors };
}

/** Fraction of decisions in [from, to) whose action moved the rate the right way (×1 counts as wrong). */
export function rightWay(run: { contexts: number[]; factors: number[] }, from = 0, to = run.contexts.length): number {
  let ok = 0;
  for (let i = from; i < to; i++) if (toyScore(run.contexts[i] as number, run.factors[i] as number) > 1e-9) ok++;
  return ok / (to - from);
}

/** Fraction of decisions in [from, to) that took the best action (×2 or ×0.5 the right way). */
export function best(run: { contexts: number[]; factors: number[] }, from = 0, to = run.contexts.length): number {
  let ok = 0;
  for (let i = from; i < to; i++) if (Math.abs(toyScore(run.contexts[i] as number, run.factors[i] as number) - 1) < 1e-6) ok++;
  return ok / (to - from);
}
