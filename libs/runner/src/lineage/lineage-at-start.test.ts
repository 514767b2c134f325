import type { InheritedMark } from '@epigenome/core';
import { createTfjsEngine, iris } from '@epigenome/engine-tfjs';
import { describe, expect, it } from 'vitest';
import { warmStart } from './lineage-at-start';

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe('warmStart with changing shapes', () => {
  it('loads inherited weights of another width, then takes the trial its own width (Net2Net from the inherited model)', async () => {
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: iris(), backend: 'wasm', widenNoise: 0 });
    const donor = await engine.createTrial({ lr: 0.02, 'width.0': 8 }, 1);
    await donor.train(30);
    const saved = await donor.save();
    const mark = {
      regulation: { kind: 'state', regulator: '@weights', state: { bytes: Buffer.from(saved.bytes).toString('base64'), step: saved.step } },
    } as unknown as InheritedMark;
    const x = iris().validation.x;
    const donorOut = await donor.predict(x);

    const wider = await engine.createTrial({ 'width.0': 3 }, 2);
    expect(await warmStart(wider, { lr: 0.01, 'width.0': 12 }, 0, 1, mark)).toBe(true);
    expect(wider.config['width.0']).toBe(12);
    expect(maxAbsDiff(donorOut, await wider.predict(x))).toBeLessThan(1e-5); // 8 → 12 by Net2WiderNet: the inherited function

    const narrower = await engine.createTrial({}, 3);
    expect(await warmStart(narrower, { 'width.0': 5 }, 0, 1, mark)).toBe(true);
    expect(narrower.config['width.0']).toBe(5);
    expect(narrower.step).toBe(saved.step);
    for (const t of [donor, wider, narrower]) t.dispose();
    await engine.dispose();
  });
});
