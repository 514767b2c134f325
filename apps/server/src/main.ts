import { parseArgs } from 'node:util';
import { EpigenomeError } from '@epigenome/core';
import { serveUntilSignal, type StartServerOptions } from '@epigenome/api/server';

const USAGE = `usage: epigenome-server [--db dir | --database-url url] [--host h] [--port p] [--allowed-origin o]... [--rate-burst n] [--rate-per-minute n] [--training-nice 0..19]
env: EPIGENOME_TOKEN (bearer token; required to bind a non-loopback host), DATABASE_URL (PostgreSQL when no --db)`;

function integer(field: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (/^\d+$/.test(text) && n >= min && n <= max) return n;
  throw new EpigenomeError({
    code: 'INVALID_ARGUMENT',
    field,
    value: text,
    allowed: `an integer in [${min}, ${max}]`,
    message: `${field} must be an integer in [${min}, ${max}]; got ${JSON.stringify(text)}`,
  });
}

/** The server's options from its command line. */
export function parseServerArgs(argv: readonly string[]): StartServerOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string' },
      'database-url': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'rate-burst': { type: 'string' },
      'rate-per-minute': { type: 'string' },
      'training-nice': { type: 'string' },
    },
    strict: true,
  });
  if (values.db !== undefined && values['database-url'] !== undefined) {
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: '--db',
      value: values.db,
      allowed: 'either --db or --database-url',
      message: '--db and --database-url name two stores; give one of them',
    });
  }
  const port = integer('--port', values.port, 0, 65_535);
  const burst = integer('--rate-burst', values['rate-burst'], 1, 1_000_000);
  const perMinute = integer('--rate-per-minute', values['rate-per-minute'], 1, 1_000_000);
  const trainingNice = integer('--training-nice', values['training-nice'], 0, 19);
  return {
    ...(values.db !== undefined ? { dir: values.db } : {}),
    ...(values['database-url'] !== undefined ? { databaseUrl: values['database-url'] } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values['allowed-origin'] ? { allowedOrigins: values['allowed-origin'] } : {}),
    ...(trainingNice !== undefined ? { trainingNice } : {}),
    ...(burst !== undefined || perMinute !== undefined ? { rateLimit: { ...(burst !== undefined ? { burst } : {}), ...(perMinute !== undefined ? { perMinute } : {}) } } : {}),
  };
}

/** Runs the server until SIGINT/SIGTERM; a bad option or a refused start prints one `error:` line and exits 1. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    await serveUntilSignal(parseServerArgs(argv));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, ' ')}\n${EpigenomeError.isInstance(error) ? '' : `${USAGE}\n`}`);
    process.exit(1);
  }
}
