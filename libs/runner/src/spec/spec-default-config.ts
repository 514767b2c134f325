import { validateConfig, type ChoiceValue, type Config, type SearchSpace } from '@epigenome/core';
import { HYPERPARAMETER_NAMES, validateHyperparameters, widthsOf, type ModelSpec } from '@epigenome/engine-tfjs/spec';

/**
 * What a user gets untuned, for the hyperparameters of `space`: the engine's defaults (adam, lr
 * 1e-3, batch 32, …, `dropout` the model's own) and the model's widths as written. A value the
 * space does not admit is left out (that hyperparameter is drawn), so a space that excludes a
 * default is respected. The spec's `defaultConfig`, when given, is used instead.
 */
export function specDefaultConfig(space: SearchSpace, model: ModelSpec, trainingSamples: number): Partial<Config> {
  const dropout = typeof model === 'function' ? 0 : ((model as { dropout?: number }).dropout ?? 0);
  const engine: Record<string, ChoiceValue> = { ...validateHyperparameters({}, undefined, trainingSamples, dropout) };
  const known: Record<string, ChoiceValue> = { ...Object.fromEntries(HYPERPARAMETER_NAMES.map((n) => [n, engine[n] as ChoiceValue])), ...widthsOf(model) };
  const out: Config = {};
  for (const [name, spec] of Object.entries(space)) {
    const value = known[name];
    if (value === undefined) continue;
    try {
      validateConfig({ [name]: spec }, { [name]: value });
      out[name] = value;
    } catch {
      // outside the space: the user narrowed it on purpose, so this one is drawn
    }
  }
  return out;
}
