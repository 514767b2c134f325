import { checkParams, invalidArgument, type SearchSpace } from '@epigenome/core';

/**
 * The hyperparameters a regulator controls: `params` if given, else every key of `space`
 * (filtered by `accept`); undefined when neither is given — the regulator then declares its
 * controls as a function of the experiment's space, which the regulome resolves when it is built.
 */
export function resolveControls(
  params: string | readonly string[] | undefined,
  space: SearchSpace | undefined,
  accept: (name: string, space: SearchSpace) => boolean = () => true,
): string[] | undefined {
  const list = checkParams('options.params', params, { allowEmpty: true });
  if (list !== undefined) {
    if (space !== undefined) {
      for (const p of list)
        if (!(p in space)) throw invalidArgument('options.params', p, `a hyperparameter of the space (${Object.keys(space).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
    }
    return list;
  }
  if (space === undefined) return undefined;
  if (typeof space !== 'object' || space === null) throw invalidArgument('options.space', space, 'a search space object');
  return Object.keys(space).filter((name) => accept(name, space));
}
