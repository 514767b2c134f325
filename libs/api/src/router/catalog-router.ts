import { LEVELS } from '@epigenome/core';
import { builtinPlugins, experimentSpecSchema } from '@epigenome/runner';
import { publicProcedure, router } from './trpc';

type ObjectSchema = { shape: Record<string, unknown> };
type Tagged = { options: readonly ObjectSchema[] };

/** The options of a strict discriminated union of the spec schema: each tag value and the other keys it accepts. */
function variants(union: unknown, tag: string): { name: string; options: string[] }[] {
  return (union as Tagged).options.map((o) => {
    const literal = o.shape[tag] as { value: unknown };
    return { name: String(literal.value), options: Object.keys(o.shape).filter((k) => k !== tag) };
  });
}

/** What a form needs to write a spec, read from the runner's own schema and registry (computed once). */
function specCatalog() {
  const shape = experimentSpecSchema.shape;
  const plugins = builtinPlugins();
  return {
    /** Datasets a spec may name, with the option keys each accepts. */
    datasets: variants(shape.dataset, 'name'),
    /** Model kinds (`name` is the `kind`), with the option keys each accepts. */
    models: variants(shape.model, 'kind'),
    /** Levels, outermost first. */
    levels: [...LEVELS],
    /** The built-in regulator plugins (what `epigenome regulators` lists): name, the levels it acts at, one line, and its options. */
    regulators: Object.entries(plugins).map(([name, p]) => ({
      name,
      levels: [...p.levels],
      description: p.description,
      options: (p.options ?? []).map((o) => ({ name: o.name, default: o.default, allowed: o.allowed, ...(o.note ? { note: o.note } : {}) })),
    })),
  };
}

let cached: ReturnType<typeof specCatalog> | undefined;

/** `catalog.*`: the vocabulary of an experiment spec, for forms that write one. */
export const catalogRouter = router({
  /**
   * The datasets, model kinds, levels and built-in regulator plugins (with their options: name,
   * default, allowed) a spec for `experiments.start` may use. Read from the runner's spec schema
   * and plugin registry; takes no input and does not touch the store.
   */
  spec: publicProcedure.query(() => (cached ??= specCatalog())),
});
