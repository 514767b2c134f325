import { fromWireError, type WireError } from './worker-protocol';

/** A reply to a numbered request over a MessagePort. */
export type NumberedReply =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: WireError };

/** The requests sent over a port and not answered yet: `ask` numbers one, `settle` resolves (or rejects with the rebuilt error) the one a reply names. */
export function createPendingReplies() {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  return {
    /** Sends the request made for a new id; resolves with its reply's value. */
    ask(send: (id: number) => void): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send(id);
      });
    },
    /** Settles the request `reply` answers (a reply to nothing pending is ignored). */
    settle(reply: NumberedReply): void {
      const p = pending.get(reply.id);
      if (p === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(fromWireError(reply.error));
    },
    /** Rejects every pending request with `error`. */
    rejectAll(error: unknown): void {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    },
  };
}
