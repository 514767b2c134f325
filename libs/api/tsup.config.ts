import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

// `.` is the router (its `AppRouter` type is what clients import); `./server` is the Node HTTP
// server with its worker-thread experiment host, kept apart so clients never load it. The
// experiment worker is its own entry, found beside `server/index` (so no code splitting, and
// `import.meta.url` shimmed in the CommonJS build).
export default defineConfig(
  libraryConfig({
    entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts', 'server/experiment-worker': 'src/server/experiment-worker.ts' },
    dts: { entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts' } },
    shims: true,
    splitting: false,
  }),
);
