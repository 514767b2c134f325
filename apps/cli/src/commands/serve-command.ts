import { InvalidArgumentError, type Command } from 'commander';
import { storeTarget, type StoreOptions } from '../open-store';

/** A commander parser of `flag`: an integer in [0, max]; anything else is refused naming the flag and the range. */
const integerUpTo =
  (flag: string, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > max) throw new InvalidArgumentError(`${flag} must be an integer in [0, ${max}]; got ${JSON.stringify(value.slice(0, 40))}`);
    return n;
  };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `epigenome serve`: the tRPC server (HTTP + live subscriptions) on the store, its URL the first
 * line of stdout. While it holds an embedded store, `run` and `resume` on that store go through it.
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the store over tRPC (HTTP + live subscriptions) for the dashboard and the CLI; binds 127.0.0.1 unless --host is given with EPIGENOME_TOKEN set; SIGINT/SIGTERM stops it gracefully (running experiments stay resumable)',
    )
    .option('--host <host>', 'address to bind (any other than loopback needs EPIGENOME_TOKEN)', '127.0.0.1')
    .option('--port <port>', 'TCP port (0: any free port)', integerUpTo('--port', 65_535), 0)
    .option('--allowed-origin <origin>', 'an origin (e.g. the dashboard) allowed to send mutations; repeatable', collect)
    .option('--training-nice <n>', 'nice value (0..19) experiments train at on Linux, so queries keep the CPU; default 10', integerUpTo('--training-nice', 19))
    .action(async (o: { host: string; port: number; allowedOrigin?: string[]; trainingNice?: number }) => {
      const target = storeTarget(program.opts<StoreOptions>());
      // Loaded here, not at the top: the server brings the runner, and the other commands must start fast.
      const { serveUntilSignal } = await import('@epigenome/api/server');
      await serveUntilSignal({
        ...(target.kind === 'dir' ? { dir: target.dir } : { databaseUrl: target.url }),
        host: o.host,
        port: o.port,
        ...(o.allowedOrigin ? { allowedOrigins: o.allowedOrigin } : {}),
        ...(o.trainingNice !== undefined ? { trainingNice: o.trainingNice } : {}),
      });
    });
}
