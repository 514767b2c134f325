import { EpigenomeError, LEVELS, describeValue, invalidArgument, type Level, type Objective, type Regulator, type SearchSpace } from '@epigenome/core';

/** What a plugin factory gets besides its options. */
export interface PluginEnv {
  readonly space: SearchSpace;
  /** The level the spec lists it under. */
  readonly level: Level;
  /** Instance name (the spec's `name`, default the plugin name). */
  readonly name: string;
  readonly population: number;
  readonly seed: number;
  readonly stepsPerTrial: number | undefined;
  readonly evaluateEvery: number;
  readonly objective: Objective;
}

/** One option of a plugin, as `epigenome regulators` lists it. */
export interface PluginOption {
  /** The key in the spec entry's `options`. */
  readonly name: string;
  /** The default, as text: a JSON value (`0.25`, `"async"`) or a phrase (`the spec's evaluateEvery`). */
  readonly default: string;
  /** What is allowed, in the words of the factory's refusal (`options.<name> must be <allowed>`). */
  readonly allowed: string;
  /** A further condition the refusal of an out-of-range value does not state. */
  readonly note?: string;
}

/** A regulator plugin as the registry knows it. */
export interface RegulatorPlugin {
  /** Levels it can act at (the spec's level must be one of them). */
  readonly levels: readonly Level[];
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** The options a spec may give it, for listings (`epigenome regulators`). Default: none described. */
  readonly options?: readonly PluginOption[];
  /** Makes the regulator; validates `options` (throwing `EpigenomeError` naming the field). */
  create(options: Readonly<Record<string, unknown>>, env: PluginEnv): Regulator;
}

/** A registry of regulator plugins; refuses duplicates. */
export interface RegulatorRegistry {
  register(name: string, plugin: RegulatorPlugin): void;
  has(name: string): boolean;
  /** Throws `NOT_FOUND` listing the known names for an unknown one. */
  resolve(name: string): RegulatorPlugin;
  names(): string[];
}

/** Creates a registry, optionally pre-filled (e.g. with `builtinPlugins()`). */
export function createRegistry(initial: Readonly<Record<string, RegulatorPlugin>> = {}): RegulatorRegistry {
  const plugins = new Map<string, RegulatorPlugin>();
  const registry: RegulatorRegistry = {
    register(name, plugin) {
      if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-_]*$/i.test(name)) throw invalidArgument('plugin name', name, 'a name of letters, digits, - and _');
      if (plugins.has(name))
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'plugin name',
          value: name,
          allowed: 'a name not yet registered',
          message: `a regulator plugin named "${name}" is already registered`,
        });
      if (typeof plugin?.create !== 'function' || !Array.isArray(plugin.levels) || plugin.levels.length === 0) {
        throw invalidArgument(`plugins.${name}`, plugin, 'an object { levels, description, create(options, env) }');
      }
      const options: unknown = plugin.options;
      if (options !== undefined && !(Array.isArray(options) && options.every(isPluginOption))) {
        throw invalidArgument(`plugins.${name}.options`, options, 'an array of { name, default, allowed, note? } strings');
      }
      plugins.set(name, plugin);
    },
    has: (name) => plugins.has(name),
    resolve(name) {
      const p = plugins.get(name);
      if (!p) {
        throw new EpigenomeError({
          code: 'NOT_FOUND',
          field: 'use',
          value: name,
          allowed: [...plugins.keys()].sort().join(', '),
          message: `unknown regulator ${describeValue(name)}; known: ${[...plugins.keys()].sort().join(', ')}`,
        });
      }
      return p;
    },
    names: () => [...plugins.keys()].sort(),
  };
  for (const [name, plugin] of Object.entries(initial)) registry.register(name, plugin);
  return registry;
}

function isPluginOption(o: unknown): o is PluginOption {
  if (typeof o !== 'object' || o === null) return false;
  const { name, default: byDefault, allowed, note } = o as Record<string, unknown>;
  return typeof name === 'string' && typeof byDefault === 'string' && typeof allowed === 'string' && (note === undefined || typeof note === 'string');
}

/** One regulator entry of a spec. */
export interface RegulatorEntry {
  readonly use: string;
  readonly name?: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * Resolves a spec's regulators (by level) through a registry, outermost level first. Errors name
 * the entry's path, e.g. `spec.regulators.step[0].options.beta`.
 */
export function buildRegulators(
  byLevel: Readonly<Partial<Record<Level, readonly RegulatorEntry[]>>>,
  registry: RegulatorRegistry,
  env: Omit<PluginEnv, 'level' | 'name'>,
): Regulator[] {
  const out: Regulator[] = [];
  for (const level of LEVELS) {
    for (const [i, entry] of (byLevel[level] ?? []).entries()) {
      const path = `spec.regulators.${level}[${i}]`;
      let plugin: RegulatorPlugin;
      try {
        plugin = registry.resolve(entry.use);
      } catch (cause) {
        const e = cause as EpigenomeError;
        throw new EpigenomeError({ code: 'NOT_FOUND', field: `${path}.use`, value: entry.use, allowed: e.allowed, message: `${path}.use: ${e.message}`, cause });
      }
      if (!plugin.levels.includes(level)) {
        throw invalidArgument(`${path}.use`, entry.use, `a plugin of level "${level}"; "${entry.use}" acts at ${plugin.levels.join(', ')}`);
      }
      const name = entry.name ?? entry.use;
      let regulator: Regulator;
      try {
        regulator = plugin.create(entry.options ?? {}, { ...env, level, name });
      } catch (cause) {
        if (EpigenomeError.isInstance(cause)) {
          // A plugin names its fields from its own options object (`options.every` or `every`):
          // re-root them under the entry so the message reads `spec.regulators.step[0].options.every …`.
          const own = cause.field?.replace(/^options(\.|$)/, '') ?? '';
          const field = `${path}.options${own ? `.${own}` : ''}`;
          const message = cause.field && cause.message.startsWith(cause.field) ? `${field}${cause.message.slice(cause.field.length)}` : `${path}.options: ${cause.message}`;
          throw new EpigenomeError({ code: cause.code, field, value: cause.value, allowed: cause.allowed, message, cause });
        }
        throw cause;
      }
      out.push(regulator);
    }
  }
  return out;
}
