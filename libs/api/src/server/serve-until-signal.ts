import { startServer, type RunningServer, type StartServerOptions } from './start-server';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs the server as a process's main job (`apps/server`, `epigenome serve`): prints the URL as
 * the first line of stdout, then on the first SIGINT/SIGTERM shuts down gracefully (running
 * experiments checkpointed and `interrupted`, subscriptions ended, store closed) and exits 0; a
 * second signal exits at once (experiments stay resumable from their last checkpoint).
 */
export async function serveUntilSignal(options: StartServerOptions, io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {}): Promise<RunningServer> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const server = await startServer(options);
  stdout.write(`${server.url}\n`);
  stderr.write(`epigenome server on ${server.url} (${server.memory.driver} store); SIGINT/SIGTERM stops it gracefully\n`);
  let stopping = false;
  const on = (signal: keyof typeof EXIT_CODES) => {
    if (stopping) {
      stderr.write(`${signal}: exiting at once; running experiments resume from their last checkpoint\n`);
      process.exit(EXIT_CODES[signal]);
    }
    stopping = true;
    stderr.write(`${signal}: stopping (running experiments are checkpointed; send it again to exit at once)\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        stderr.write(`error: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => on('SIGINT'));
  process.on('SIGTERM', () => on('SIGTERM'));
  return server;
}
