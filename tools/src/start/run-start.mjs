import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { choosePort } from './choose-port.mjs';
import { followExperiment } from './follow-experiment.mjs';
import { startDashboard } from './start-dashboard.mjs';
import { mutate, query } from './trpc-http.mjs';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };

function portOf(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be an integer in [0, 65535]; got ${JSON.stringify(raw)}`);
  return port;
}

/**
 * `npm start`: the whole product on the embedded store. Starts the API server (in this process)
 * on `EPIGENOME_DB` (default `.epigenome/db`) and the dashboard's production build, both on
 * 127.0.0.1, prints the dashboard's URL first, starts the spec `EPIGENOME_SPEC` (default
 * `examples/quickstart.json`) through `experiments.start` and prints its progress; once it ends the
 * dashboard keeps serving. The first SIGINT/SIGTERM stops the experiment through `experiments.stop`
 * (checkpointed, `interrupted`, resumable), then the dashboard and the server, and resolves to
 * 130/143; a second one (a second or more later) exits at once. Resolves to 1 when it cannot start.
 */
export function runStart({ root, env = process.env, out = (line) => process.stdout.write(`${line}\n`), err = (line) => process.stderr.write(`${line}\n`) }) {
  const abort = new AbortController();
  let server;
  let dashboard;
  let experimentId;
  let stopping;
  const dir = resolve(root, env.EPIGENOME_DB || '.epigenome/db');
  const near = relative(process.cwd(), dir);
  const shown = near && !near.startsWith('..') ? near : dir;
  const shownDir = relative(root, dir) === '.epigenome/db' ? '' : ` --db ${shown}`;

  const close = async () => {
    await dashboard?.stop();
    await server?.close();
  };

  const startup = (async () => {
    const specPath = resolve(root, env.EPIGENOME_SPEC || 'examples/quickstart.json');
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    const wantedApi = portOf(env, 'EPIGENOME_API_PORT', 4000);
    const apiPort = await choosePort(wantedApi);
    const { startServer } = await import('@epigenome/api/server');
    server = await startServer({ dir, port: apiPort.port, log: err });
    if (abort.signal.aborted) return;
    const wanted = portOf(env, 'EPIGENOME_DASHBOARD_PORT', 3000);
    const dashboardPort = await choosePort(wanted);
    dashboard = await startDashboard({ root, apiUrl: server.url, port: dashboardPort.port, signal: abort.signal });
    out(`Epigenome dashboard: ${dashboard.url}`);
    if (dashboardPort.taken) out(`(port ${wanted} is taken: the dashboard uses ${dashboardPort.port})`);
    out(`API: ${server.url}${apiPort.taken ? ` (port ${wantedApi} is taken)` : ''} · store: ${shown} · Ctrl-C stops everything (the experiment stays resumable)`);
    if (abort.signal.aborted) return;
    ({ experimentId } = await mutate(server.url, 'experiments.start', { spec }));
    out(`Started ${spec.name ?? 'the experiment'} (${experimentId}): watch it live at ${dashboard.url}/experiments/${experimentId}`);
    const end = await followExperiment({ url: server.url, experimentId, out, signal: abort.signal });
    if (!end) return;
    const error = end.error ? `: ${end.error.message}` : '';
    out(`${spec.name ?? 'The experiment'} ${end.status}${error}. Next: \`npx epigenome${shownDir} show ${experimentId}\`; \`npx epigenome run <spec>\` runs headless.`);
    out(`The dashboard keeps serving on ${dashboard.url} until Ctrl-C.`);
  })();

  return new Promise((resolveExit) => {
    let firstAt = 0;
    const stop = async (signal) => {
      // One Ctrl-C can arrive twice (the terminal's process group and a forwarding parent such as
      // `timeout`): only a signal a second or more after the first means "exit at once".
      if (stopping && Date.now() - firstAt < 1000) return;
      if (stopping) {
        err(`${signal}: exiting at once; the experiment resumes from its last checkpoint`);
        process.exit(EXIT_CODES[signal]);
      }
      stopping = signal;
      firstAt = Date.now();
      err(`${signal}: stopping (send it again to exit at once)`);
      abort.abort();
      await startup.catch(() => {});
      try {
        if (server && experimentId && (await query(server.url, 'experiments.runState', { experimentId })).running) {
          const { status } = await mutate(server.url, 'experiments.stop', { experimentId });
          err(`experiment ${experimentId} is ${status}: \`npx epigenome${shownDir} resume ${experimentId}\` continues it`);
        }
      } catch (error) {
        err(`could not stop experiment ${experimentId}: ${error.message} (the server's shutdown checkpoints it)`);
      }
      await close();
      resolveExit(EXIT_CODES[signal]);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    startup.catch(async (error) => {
      if (stopping) return;
      stopping = 'error';
      err(`error: ${error.message}`);
      abort.abort();
      await close().catch(() => {});
      resolveExit(1);
    });
  });
}
