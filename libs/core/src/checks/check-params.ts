import { invalidArgument } from '../errors/epigenome-error';

/** What `params` allows, in the words of every factory's refusal. */
export const PARAMS_ALLOWED = 'a hyperparameter name or a non-empty array of hyperparameter names';

/**
 * The `params` option every factory shares ("which hyperparameters"): a name, or an array of
 * names (a single name is short for a one-element array); duplicates dropped, order kept.
 * Undefined stays undefined (the factory's default applies). `allowEmpty` admits `[]` (a
 * regulator acting on none, e.g. PBT copying weights only).
 *
 * @example checkParams('options.params', 'lr') // ['lr']
 */
export function checkParams(field: string, value: unknown, options: { readonly allowEmpty?: boolean } = {}): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || (list.length === 0 && !options.allowEmpty) || !list.every((p) => typeof p === 'string' && p.length > 0)) {
    throw invalidArgument(field, value, options.allowEmpty ? 'a hyperparameter name or an array of hyperparameter names' : PARAMS_ALLOWED);
  }
  return [...new Set(list as string[])];
}
