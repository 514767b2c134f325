import { setTimeout as sleep } from 'node:timers/promises';
import { query } from './trpc-http.mjs';

const ENDED = new Set(['completed', 'failed', 'interrupted']);

/** One progress line of a run: status, round (while it runs), trials, stored metric points and regulation events, and the best once ended. */
export function progressLine(state, detail) {
  const metric = detail.spec?.objective?.metric ?? 'fitness';
  const best = state.result?.best;
  const value = best?.metrics?.[metric] ?? best?.fitness;
  const parts = [
    state.status,
    ...(state.status === 'running' ? [`round ${state.round}`] : []),
    `${detail.counts.trials} trials`,
    `${detail.counts.metrics} metric points`,
    `${detail.counts.events} regulation events`,
    ...(typeof value === 'number' ? [`best ${metric} ${value.toFixed(4)}`] : []),
  ];
  return parts.join(' · ');
}

/**
 * Polls an experiment on the API at `url` every `everyMs` and prints a progress line through
 * `out` whenever it changes, until it ends (resolves to its last run state) or `signal` aborts
 * (resolves undefined).
 */
export async function followExperiment({ url, experimentId, out, signal, everyMs = 1000 }) {
  const started = Date.now();
  let last = '';
  while (!signal?.aborted) {
    const [state, detail] = await Promise.all([query(url, 'experiments.runState', { experimentId }), query(url, 'experiments.get', { experimentId })]);
    const line = progressLine(state, detail);
    if (line !== last) out(`[${Math.round((Date.now() - started) / 1000)} s] ${line}`);
    last = line;
    if (ENDED.has(state.status) && !state.running) return state;
    await sleep(everyMs, undefined, { signal }).catch(() => {});
  }
  return undefined;
}
