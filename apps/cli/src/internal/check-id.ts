import { EpigenomeError } from '@epigenome/core';

/** Longest id accepted from the command line, in characters. */
export const MAX_ID_LENGTH = 200;
/** Longest id echoed in a message, in characters; longer ones are cut with `…`. */
export const SHOWN_ID_LENGTH = 80;

/** An id cut to {@link SHOWN_ID_LENGTH} characters for a message. */
export function shortId(id: string): string {
  const chars = [...id];
  return chars.length <= SHOWN_ID_LENGTH ? id : `${chars.slice(0, SHOWN_ID_LENGTH - 1).join('')}…`;
}

/**
 * Refuses an id no store could hold (empty, over {@link MAX_ID_LENGTH} characters, spaces or
 * control characters) before a store is opened, echoing at most {@link SHOWN_ID_LENGTH} of it.
 */
export function checkId(field: string, id: string): string {
  const length = [...id].length;
  if (length >= 1 && length <= MAX_ID_LENGTH && /^[^\p{C}\p{Z}]+$/u.test(id)) return id;
  const shown = length > SHOWN_ID_LENGTH ? `${JSON.stringify(shortId(id))} (${length} characters)` : JSON.stringify(id);
  const allowed = `1–${MAX_ID_LENGTH} printable characters without spaces`;
  throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field, value: shortId(id), allowed, message: `${field} must be ${allowed}; got ${shown}` });
}
