import type { Command } from 'commander';
import type { RegulatorPlugin } from '@epigenome/runner';
import { table } from '../format';
import { out } from '../internal/out';

/** One plugin as `epigenome regulators --json` prints it. */
export interface RegulatorListing {
  readonly name: string;
  /** `builtin`, or the path of the spec whose `plugins` export registers it. */
  readonly source: string;
  readonly levels: readonly string[];
  readonly description: string;
  /** Empty when the plugin describes none (a spec's plugin without `options`). */
  readonly options: NonNullable<RegulatorPlugin['options']>;
}

/** Lists the built-in plugins and, with a spec module, the plugins it registers (a duplicate name is refused as `run` would). */
export async function listRegulators(specPath?: string): Promise<RegulatorListing[]> {
  // Loaded here, not at the top: the runner brings the engine, and the other commands must start fast.
  const { builtinPlugins, loadSpec, registryWith } = await import('@epigenome/runner');
  const builtin = new Set(Object.keys(builtinPlugins()));
  const plugins = specPath === undefined ? {} : (await loadSpec(specPath)).plugins;
  const registry = registryWith(plugins);
  return registry.names().map((name) => {
    const p = registry.resolve(name);
    return { name, source: builtin.has(name) ? 'builtin' : (specPath as string), levels: [...p.levels], description: p.description, options: p.options ?? [] };
  });
}

function listingText(r: RegulatorListing): string {
  const head = `${r.name} (${r.levels.join(', ')}${r.source === 'builtin' ? '' : `; from ${r.source}`}) — ${r.description}`;
  if (r.options.length === 0) return `${head}\n  (no options described)`;
  const rows = r.options.map((o) => ({ option: o.name, default: o.default, allowed: o.note ? `${o.allowed}; ${o.note}` : o.allowed }));
  return `${head}\n${table(rows)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}`;
}

/** `epigenome regulators [--spec <file>] [--json]`. */
export function regulatorsCommand(program: Command): void {
  program
    .command('regulators')
    .description("list the regulator plugins a spec can `use`: levels, description, options (name, default, allowed); with --spec, also a spec module's `plugins`")
    .option('--spec <file>', 'a .ts/.js spec module whose `plugins` export is listed too')
    .option('--json', 'print a JSON array')
    .action(async (o: { spec?: string; json?: boolean }) => {
      const listings = await listRegulators(o.spec);
      if (o.json) out(JSON.stringify(listings));
      else out(listings.map(listingText).join('\n\n'));
    });
}
