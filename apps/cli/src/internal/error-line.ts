import { inspect } from 'node:util';

/** Longest error line printed, in characters: a message echoing a huge input must not flood the terminal. */
const MAX_LINE = 2000;

/** The message of anything thrown: drivers throw plain objects with a `message` too. */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  if (typeof error === 'object' && error !== null) return inspect(error, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
  return String(error);
}

/**
 * The one line an error prints (`error: …`), with the details after it only when
 * `EPIGENOME_DEBUG=1`: users get the message, developers can ask for the rest.
 */
export function errorLine(error: unknown, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const message = messageOf(error)
    .trim()
    .replace(/\s*\n\s*/g, ' ');
  let line = `error: ${message || (error as Error)?.name || 'unknown error'}`;
  if ([...line].length > MAX_LINE) line = `${[...line].slice(0, MAX_LINE - 1).join('')}…`;
  if (env.EPIGENOME_DEBUG !== '1') return `${line}\n`;
  return `${line}\n${error instanceof Error ? (error.stack ?? '') : inspect(error, { depth: 4 })}\n`;
}
