import { EpigenomeError } from '@epigenome/core';

/** Longest error line printed, in characters: a message echoing a huge input must not flood the terminal. */
const MAX_LINE = 2000;

/**
 * The one line an error prints (`error: …`), with the stack after it only when
 * `EPIGENOME_DEBUG=1`: users get the message, developers can ask for the rest.
 */
export function errorLine(error: unknown, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const message = EpigenomeError.isInstance(error) || error instanceof Error ? error.message : String(error);
  let line = `error: ${message.trim().replace(/\s*\n\s*/g, ' ') || (error as Error)?.name || 'unknown error'}`;
  if ([...line].length > MAX_LINE) line = `${[...line].slice(0, MAX_LINE - 1).join('')}…`;
  const stack = env.EPIGENOME_DEBUG === '1' && error instanceof Error ? `${error.stack ?? ''}\n` : '';
  return `${line}\n${stack}`;
}
