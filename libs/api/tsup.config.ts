import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

// `.` is the router (its `AppRouter` type is what clients import); `./server` is the Node HTTP
// server with its worker-thread experiment host, kept apart so clients never load it.
export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts' } }));
