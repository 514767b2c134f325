import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { iris } from '../data/iris';
import { createTfjsEngine } from '../engine/create-tfjs-engine';
import { backendFromEnv, selectBackend } from './select-backend';

describe('selectBackend', () => {
  const saved = process.env.EPIGENOME_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.EPIGENOME_BACKEND;
    else process.env.EPIGENOME_BACKEND = saved;
  });

  it('picks the fastest available (no tfjs-node here: wasm) and registers the wasm kernels', async () => {
    delete process.env.EPIGENOME_BACKEND;
    const b = await selectBackend();
    expect(['tensorflow', 'wasm']).toContain(b);
    expect(tf.getBackend()).toBe(b);
    if (b === 'wasm') expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('EPIGENOME_BACKEND overrides, and the engine reports it in every trial', async () => {
    process.env.EPIGENOME_BACKEND = 'cpu';
    expect(backendFromEnv()).toBe('cpu');
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: iris() });
    expect(engine.backend).toBe('cpu');
    expect(await engine.ready()).toBe('cpu');
    const t = await engine.createTrial({}, 0);
    expect(t.metadata.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    t.dispose();
    await engine.dispose();
  });

  it('rejects unknown backends with a clear error', async () => {
    process.env.EPIGENOME_BACKEND = 'webgpu';
    expect(() => backendFromEnv()).toThrow(/EPIGENOME_BACKEND must be one of/);
    await expect(selectBackend({ backend: 'gpu' as never })).rejects.toThrow(/backend must be one of/);
    // a misspelt option is refused, not ignored (the engine would fall back to the default backend)
    expect(() => createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: iris(), backnd: 'cpu' } as never)).toThrow(/options\.backnd.*did you mean "backend"/);
    let nodeInstalled = true;
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    } catch {
      nodeInstalled = false;
    }
    if (!nodeInstalled) await expect(selectBackend({ backend: 'tensorflow' })).rejects.toMatchObject({ code: 'ENGINE_FAILURE' });
  });
});
