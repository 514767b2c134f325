import * as tf from '@tensorflow/tfjs';

const RENAMES: Readonly<Record<string, string>> = { acc: 'accuracy', val_acc: 'val_accuracy' };

/**
 * The numbers of a `fit` callback's logs. tfjs 4 hands a callback that comes first in the list
 * scalar *tensors* (it resolves them to numbers only for plain-object callbacks), so both are
 * read; `acc`/`val_acc` are renamed `accuracy`/`val_accuracy`; non-finite values are kept (a
 * diverged loss is a signal).
 */
export async function readLogs(logs: tf.Logs | Readonly<Record<string, unknown>> | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    let v: number | undefined;
    if (typeof value === 'number') v = value;
    else if (value instanceof tf.Tensor && value.size === 1) v = (await value.data())[0];
    if (v !== undefined) out[RENAMES[key] ?? key] = v;
  }
  return out;
}
