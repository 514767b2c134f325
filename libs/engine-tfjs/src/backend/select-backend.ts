import * as tf from '@tensorflow/tfjs';
import { EpigenomeError, invalidArgument } from '@epigenome/core';
import { registerWasmKernels } from '../kernels/register-wasm-kernels';

/** Backends this library can select, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
/** A TensorFlow.js backend name: `tensorflow` (tfjs-node, native), `wasm` or `cpu` (pure JS). */
export type BackendName = (typeof BACKENDS)[number];

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Forces one backend (no fallback). Default: `EPIGENOME_BACKEND` if set, else the fastest available. */
  readonly backend?: BackendName;
}

const dynamicImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') await dynamicImport('@tensorflow/tfjs-node');
    if (name === 'wasm') await dynamicImport('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    if (name === 'wasm') registerWasmKernels('wasm');
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The backend asked for by `EPIGENOME_BACKEND`, validated; undefined when unset. */
export function backendFromEnv(): BackendName | undefined {
  const raw = typeof process !== 'undefined' ? process.env.EPIGENOME_BACKEND : undefined;
  if (raw === undefined || raw === '') return undefined;
  if (!(BACKENDS as readonly string[]).includes(raw)) throw invalidArgument('EPIGENOME_BACKEND', raw, `one of ${BACKENDS.map((b) => `"${b}"`).join(', ')}`);
  return raw as BackendName;
}

/**
 * Selects and initialises the TensorFlow.js backend of this thread: `options.backend`, else
 * `EPIGENOME_BACKEND`, else the fastest available of tfjs-node (`tensorflow`, when the optional
 * dependency is installed), `wasm` (with this library's kernels registered, see
 * {@link registerWasmKernels}), `cpu`. A forced backend that cannot start throws
 * `ENGINE_FAILURE`. Already on the wanted backend: returns at once.
 *
 * @returns the backend now in use.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendName> {
  if (options.backend !== undefined && !(BACKENDS as readonly string[]).includes(options.backend)) {
    throw invalidArgument('backend', options.backend, `one of ${BACKENDS.map((b) => `"${b}"`).join(', ')}`);
  }
  const forced = options.backend ?? backendFromEnv();
  if (forced) {
    if (tf.engine().backendName === forced && (forced !== 'wasm' || registerWasmKernels('wasm'))) return forced;
    if (await tryBackend(forced)) return forced;
    throw new EpigenomeError({
      code: 'ENGINE_FAILURE',
      field: 'backend',
      value: forced,
      allowed: 'an installed backend',
      message: `backend "${forced}" could not be started (is its package installed?)`,
    });
  }
  const current = tf.engine().backendName as BackendName | null;
  if (current === 'tensorflow') return current;
  for (const name of BACKENDS) if (await tryBackend(name)) return name;
  throw new EpigenomeError({
    code: 'ENGINE_FAILURE',
    field: 'backend',
    value: undefined,
    allowed: 'tensorflow, wasm or cpu',
    message: 'no TensorFlow.js backend could be started',
  });
}
