import type { Config, InheritedMark, SearchSpace } from '@epigenome/core';

/**
 * Why a configuration belongs to another regime than this space, or undefined: it holds a choice
 * the space does not admit (e.g. `optimizer: 'adam'` where the space allows only `'sgd'`). Its
 * numbers were found together with that choice (an Adam rate is 10–100× below an SGD one), so a
 * mark made with it carries nothing over. Keys the space does not have are not compared.
 */
export function foreignChoice(space: SearchSpace, config: Readonly<Config>): string | undefined {
  for (const [name, spec] of Object.entries(space)) {
    const v = config[name];
    if (spec.kind === 'choice' && v !== undefined && !spec.values.includes(v)) return `${name} ${JSON.stringify(v)} is not one of this space's ${JSON.stringify(spec.values)}`;
  }
  return undefined;
}

/** The source experiments among `marks` whose configuration mark is of another regime (see {@link foreignChoice}). */
export function foreignExperiments(space: SearchSpace, marks: readonly InheritedMark[]): Set<string> {
  const out = new Set<string>();
  for (const m of marks)
    if (m.regulation.kind === 'config' && m.sourceExperimentId !== undefined && foreignChoice(space, m.regulation.config) !== undefined) out.add(m.sourceExperimentId);
  return out;
}
