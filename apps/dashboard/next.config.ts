import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The dashboard's Next.js config. The build goes to `dist` (nx caches `{projectRoot}/dist`);
 * type errors are the `typecheck` target's job, so `next build` skips its own pass.
 */
const config: NextConfig = {
  distDir: 'dist',
  reactStrictMode: true,
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
};

export default config;
