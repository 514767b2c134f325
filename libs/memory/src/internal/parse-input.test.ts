import { describe, expect, it } from 'vitest';
import { markInputSchema } from '../schemas/mark-input-schema';
import { metricPointsSchema } from '../schemas/metric-point-schema';
import { regulationEventsSchema } from '../schemas/regulation-event-schema';
import { taskContextSchema } from '../schemas/task-context-schema';
import { context } from '../test/test-memory';
import { fieldPath, parseInput } from './parse-input';

const event = { experimentId: 'e', trialId: 't', step: 1, level: 'step', regulator: 'r', kind: 'change', param: 'lr', from: 1, to: 2, reason: '' };

describe('parseInput: a zod failure as one INVALID_ARGUMENT naming the dotted path', () => {
  it('names the array index and the allowed values', () => {
    const events = [event, event, event, { ...event, level: 'x' }];
    expect(() => parseInput(regulationEventsSchema, events, 'events')).toThrow('events[3].level must be one of "lineage", "population", "epoch", "step"; got "x"');
    expect(() => parseInput(regulationEventsSchema, events, 'events')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'events[3].level', value: 'x' }));
  });

  it('refuses non-finite values, a non-array, and names nested JSON paths', () => {
    expect(() => parseInput(metricPointsSchema, [{ trialId: 't', step: 0, name: 'loss', value: Number.POSITIVE_INFINITY }], 'points')).toThrow(
      'points[0].value must be a finite number; got Infinity',
    );
    expect(() => parseInput(metricPointsSchema, 'nope', 'points')).toThrow('points must be an array of MetricPoint; got "nope"');
    const regulation = { kind: 'state', regulator: 'bandit', state: { arms: [1, Number.NaN] } };
    expect(() => parseInput(markInputSchema, { context: context(), regulation, fitness: 1 }, 'input')).toThrow(
      'input.regulation.state.arms[1] must be JSON (finite numbers only); got NaN',
    );
  });

  it('blames an unknown key of a context on the key, and keeps valid input unchanged', () => {
    expect(() => parseInput(taskContextSchema, { ...context(), extra: 1 }, 'context')).toThrow(
      expect.objectContaining({ field: 'context.extra', allowed: 'absent (a TaskContext has dataset, model, state)' }),
    );
    expect(() => parseInput(taskContextSchema, { ...context(), model: { family: 'mlp', depth: Number.NaN } }, 'context')).toThrow(
      expect.objectContaining({ field: 'context.model.depth' }),
    );
    expect(parseInput(taskContextSchema, context('iris'), 'context')).toEqual(context('iris'));
  });

  it('writes paths with dots for keys and brackets for indices', () => {
    expect(fieldPath('', ['a', 0, 'b'])).toBe('a[0].b');
    expect(fieldPath('events', [3, 'level'])).toBe('events[3].level');
    expect(fieldPath('', [])).toBe('');
  });
});
