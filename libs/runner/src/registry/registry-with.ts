import { builtinPlugins } from './builtin-plugins';
import { createRegistry, type RegulatorPlugin, type RegulatorRegistry } from './regulator-registry';

/** A registry with the built-ins plus `plugins` (a name already registered is refused). */
export function registryWith(plugins: Readonly<Record<string, RegulatorPlugin>> = {}): RegulatorRegistry {
  const registry = createRegistry(builtinPlugins());
  for (const [name, plugin] of Object.entries(plugins)) registry.register(name, plugin);
  return registry;
}
