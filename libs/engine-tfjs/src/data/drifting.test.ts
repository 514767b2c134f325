import { describe, expect, it } from 'vitest';
import { createTfjsEngine } from '../engine/create-tfjs-engine';
import { drifting } from './drifting';
import type { Split } from './task-data';
import { checkTask } from './fixtures/check-task';

describe('drifting', () => {
  it('drifting: the input distribution shifts at the given step, and a trial sees it', async () => {
    const d = drifting({ shiftAt: 60, samples: 600, validation: 300, features: 6, magnitude: 6, seed: 2 });
    checkTask(d);
    expect(d.shift?.atStep).toBe(60);
    const meanOf = (s: Split) => Array.from({ length: 6 }, (_, f) => s.x.filter((_, i) => i % 6 === f).reduce((a, b) => a + b, 0) / s.count);
    const moved = Math.hypot(...meanOf(d.train).map((m, f) => m - (meanOf(d.shift?.train as Split)[f] as number)));
    expect(moved).toBeGreaterThan(0.5);
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [16] }, data: d });
    const t = await engine.createTrial({ lr: 0.01, batch_size: 32 }, 0);
    await t.train(59);
    const before = await t.evaluate();
    expect(before.val_accuracy).toBeGreaterThan(0.9);
    await t.train(1);
    const after = await t.evaluate();
    expect(after.val_loss).toBeGreaterThan(2 * (before.val_loss as number));
    t.dispose();
    await engine.dispose();
  });
});
