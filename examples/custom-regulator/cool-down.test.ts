import { float, int } from '@epigenome/core';
import { runScripted, toyTraining, type ScriptedRunOptions } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { COOL_DOWN_OPTION_KEYS, createCoolDown } from './cool-down';
import { coolDownPlugin } from './cool-down-plugin';

const options: ScriptedRunOptions = {
  space: { lr: float(1e-3, 0.3, { log: true }) },
  regulators: () => [createCoolDown({ patience: 1, factor: 0.7 })],
  // two trials of 1,000 steps, an evaluation every 25: late ones gain less than their noise
  script: toyTraining({ trials: 2, steps: 1000 }),
  seed: 3,
};

describe('createCoolDown', () => {
  it('cuts lr by its factor after `patience` evaluations without a better val_loss', async () => {
    const transcript = await runScripted(options);
    const events = transcript.flatMap((t) => (t.type === 'observe' ? t.events : []));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e).toMatchObject({ regulator: 'cool-down', level: 'epoch', param: 'lr' });
      expect(e.to as number).toBeCloseTo(Math.max(1e-3, (e.from as number) * 0.7), 12);
    }
  });

  it('resumes exactly: interrupted anywhere, the run goes on as the uninterrupted one', async () => {
    const full = await runScripted(options);
    for (const k of [3, 77, 260, 500]) expect(await runScripted(options, { interruptAt: k })).toEqual(full);
  });

  it('hands its knowledge to a later experiment through learn()', async () => {
    const first = createCoolDown({ patience: 1 });
    await runScripted({ ...options, regulators: () => [first] });
    expect(first.cutsPerTrial()).toBeGreaterThan(0);
    const second = createCoolDown();
    second.learn?.(JSON.parse(JSON.stringify(first.knowledge?.())));
    expect(second.cutsPerTrial()).toBe(first.cutsPerTrial());
  });

  it('refuses bad options and a kind it cannot act on, naming the field', async () => {
    expect(() => createCoolDown({ patiense: 2 } as never)).toThrow('options.patiense is not an option; did you mean "patience"? (known: factor, name, params, patience)');
    expect(() => createCoolDown({ factor: 1 })).toThrow('options.factor must be a finite number > 0 and < 1; got 1');
    expect(() => createCoolDown({ patience: 0 })).toThrow('options.patience must be an integer ≥ 1; got 0');
    await expect(runScripted({ ...options, space: { lr: int(1, 10) } })).rejects.toThrow(expect.objectContaining({ code: 'REGULOME_CONFLICT' }));
  });

  it("the plugin's listing names the factory's options (less `name`, which the runner sets) in the factory's words", () => {
    expect(coolDownPlugin.options?.map((o) => o.name)).toEqual(COOL_DOWN_OPTION_KEYS.filter((k) => k !== 'name'));
    for (const o of coolDownPlugin.options ?? []) expect(() => createCoolDown({ [o.name]: -1.5 })).toThrow(`options.${o.name} must be ${o.allowed}; got -1.5`);
  });
});
