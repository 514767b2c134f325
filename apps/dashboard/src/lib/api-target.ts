import type { ApiTarget } from './forward-to-api';

/** Default API address: `epigenome serve`'s default on this machine. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** The API the dashboard forwards to: `EPIGENOME_API_URL` (default {@link DEFAULT_API_URL}) and `EPIGENOME_TOKEN`. */
export function apiTarget(env: Record<string, string | undefined> = process.env): ApiTarget {
  return { url: env.EPIGENOME_API_URL || DEFAULT_API_URL, token: env.EPIGENOME_TOKEN || undefined };
}
