// Entry of a pool worker thread: one backend, many trials, requests served one at a time.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { EpigenomeError } from '@epigenome/core';
import { selectBackend } from '../../backend/select-backend';
import { DataTensors } from '../trial/data-tensors';
import { LocalTrial } from '../trial/local-trial';
import type { Reply, Request, SerializedError, TrialState } from './protocol';

const port = parentPort;
if (!port) throw new Error('trial-worker must run in a worker thread');

let backend = '';
let init: Extract<Request, { op: 'init' }>['init'] | undefined;
let data: DataTensors | undefined;
const trials = new Map<number, LocalTrial>();

function serialize(error: unknown): SerializedError {
  if (EpigenomeError.isInstance(error)) {
    let value: unknown = error.value;
    try {
      structuredClone(value);
    } catch {
      value = String(value);
    }
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.allowed ? { allowed: error.allowed } : {}), value };
  }
  return { code: 'ENGINE_FAILURE', message: (error as Error)?.message ?? String(error) };
}

function trialOf(id: number): LocalTrial {
  const t = trials.get(id);
  if (!t) throw new EpigenomeError({ code: 'NOT_FOUND', field: 'trial', value: id, allowed: 'a live trial of this worker', message: `no trial ${id} in this worker (disposed?)` });
  return t;
}

const stateOf = (t: LocalTrial): TrialState => ({ step: t.step, diverged: t.diverged, config: { ...t.config }, parameters: t.metadata.parameters, flops: t.metadata.flops });

async function handle(req: Request): Promise<{ result: unknown; state?: TrialState; transfer?: ArrayBuffer[] }> {
  switch (req.op) {
    case 'init': {
      init = req.init;
      backend = await selectBackend(init.backend ? { backend: init.backend } : {});
      return { result: backend };
    }
    case 'create': {
      if (!init) throw new Error('worker not initialised');
      data ??= new DataTensors(init.data);
      const { widenNoise, growInit, shrinkCompensation } = init;
      const options = {
        ...(widenNoise === undefined ? {} : { widenNoise }),
        ...(growInit === undefined ? {} : { growInit }),
        ...(shrinkCompensation === undefined ? {} : { shrinkCompensation }),
      };
      const t = new LocalTrial(data, init.model, req.config, req.seed, backend, options);
      trials.set(req.trial, t);
      return { result: t.metadata, state: stateOf(t) };
    }
    case 'apply': {
      const t = trialOf(req.trial);
      t.apply(req.config);
      return { result: null, state: stateOf(t) };
    }
    case 'train': {
      const t = trialOf(req.trial);
      return { result: await t.train(req.steps), state: stateOf(t) };
    }
    case 'evaluate':
      return { result: await trialOf(req.trial).evaluate() };
    case 'save': {
      const c = await trialOf(req.trial).save();
      return { result: c, transfer: [c.bytes.buffer as ArrayBuffer] };
    }
    case 'predict': {
      const out = await trialOf(req.trial).predict(req.inputs);
      return { result: out, transfer: [out.buffer as ArrayBuffer] };
    }
    case 'readWeights': {
      const w = await trialOf(req.trial).readWeights();
      return { result: w, transfer: [w.buffer as ArrayBuffer] };
    }
    case 'load': {
      const t = trialOf(req.trial);
      await t.load({ step: req.step, config: req.config, bytes: req.bytes });
      return { result: null, state: stateOf(t) };
    }
    case 'dispose': {
      trials.get(req.trial)?.dispose();
      trials.delete(req.trial);
      return { result: null };
    }
    case 'memory':
      return { result: { numTensors: tf.memory().numTensors, trials: trials.size, dataTensors: data ? 1 : 0 } };
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (req: Request) => {
  queue = queue.then(async () => {
    let reply: Reply;
    let transfer: ArrayBuffer[] = [];
    try {
      const r = await handle(req);
      reply = { id: req.id, ok: true, result: r.result, ...(r.state ? { state: r.state } : {}) };
      transfer = r.transfer ?? [];
    } catch (error) {
      reply = { id: req.id, ok: false, error: serialize(error) };
    }
    port.postMessage(reply, transfer);
  });
});
