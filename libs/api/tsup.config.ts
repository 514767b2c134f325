import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

// `.` is the router (its `AppRouter` type is what clients import); `./server` is the Node HTTP
// server with its worker-thread experiment host, kept apart so clients never load it. The
// experiment worker and the store thread are entries of their own, found beside `server/index` (so no code splitting, and
// `import.meta.url` shimmed in the CommonJS build).
export default defineConfig(
  libraryConfig({
    entry: {
      index: 'src/index.ts',
      'server/index': 'src/server/index.ts',
      'server/experiment-worker': 'src/server/experiment-worker.ts',
      'server/store-thread': 'src/server/store-thread.ts',
    },
    dts: { entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts' } },
    shims: true,
    splitting: false,
  }),
);
