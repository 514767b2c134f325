import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

// examples/ has no package of its own: its tests (the plugin guide's) run with the CLI's.
// Every test here spawns real CLI processes (the built bin/epigenome.mjs; nx builds it first) that
// create or open an embedded store (seconds each, tens of seconds on a loaded 2-core machine): the
// timeout is a safety net, not a speed check. globalSetup creates one empty store the tests copy.
export default mergeConfig(projectConfig({ include: ['src/**/*.test.ts', '../../examples/**/*.test.ts'], testTimeout: 120_000 }), {
  test: { globalSetup: ['src/test/empty-store-setup.ts'] },
});
