import { createHash } from 'node:crypto';
import { EpigenomeError } from '@epigenome/core';
import { z } from 'zod';

/**
 * Where a live subscription is in an experiment's stored data: the last regulation event id
 * sent, the last step sent per metric series (by series id), a digest of the state sent per trial
 * (by its position in creation order; a digest, as two updates may share a millisecond) and the
 * experiment status sent. It travels as each message's
 * tracked id, so a reconnect with `lastEventId` resumes exactly after that message.
 */
export interface LiveCursor {
  /** Experiment tag: a cursor of another experiment is refused. */
  readonly x: string;
  readonly e: number;
  readonly s: Record<string, number>;
  readonly t: string[];
  /** Status sent last, `+` when a host was running it ('' before any). */
  readonly st: string;
}

const MAX_CURSOR = 64_000;
const cursorSchema = z
  .object({
    x: z.string().max(16),
    e: z.number().int().min(0),
    s: z.record(z.string().regex(/^\d{1,10}$/), z.number().int().min(-1)),
    t: z.array(z.string().max(12)).max(100_000),
    st: z.string().max(20),
  })
  .strict();

/** A short digest of a value's JSON (a trial's state, an experiment id). */
export const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 8);

/** A short tag of the experiment id. */
export const experimentTag = (experimentId: string) => digest(experimentId);

/** The cursor before anything was sent. */
export const startCursor = (experimentId: string): LiveCursor => ({ x: experimentTag(experimentId), e: 0, s: {}, t: [], st: '' });

/** A cursor as a tracked id (base64url of its JSON). */
export const encodeLiveCursor = (c: LiveCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

/** Reads a `lastEventId`; `INVALID_ARGUMENT` naming `lastEventId` when it is not one of this experiment's ids. */
export function decodeLiveCursor(text: string, experimentId: string): LiveCursor {
  const refuse = (why: string) =>
    new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: 'lastEventId',
      value: text.length > 80 ? `${text.slice(0, 77)}...` : text,
      allowed: 'the id of a message of this subscription',
      message: `lastEventId must be the id of a message of this subscription; ${why}`,
    });
  if (text.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse('this one is not');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse('this one is not readable');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw refuse('this one is not readable');
  if (result.data.x !== experimentTag(experimentId)) throw refuse('this one belongs to another experiment');
  return result.data;
}
