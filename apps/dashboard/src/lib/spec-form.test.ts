import { describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from './spec-form-example';
import { applyForm, fieldForError, formFields, parentPath, parseValues, specToForm, valuesText, type SpecVocabulary } from './spec-form';

const vocabulary: SpecVocabulary = {
  datasets: [
    { name: 'spirals', options: ['samples', 'validation', 'noise', 'turns', 'seed'] },
    { name: 'iris', options: ['validation', 'seed'] },
  ],
  models: [
    { name: 'mlp', options: ['hidden', 'activation', 'dropout'] },
    { name: 'cnn', options: ['filters', 'kernelSize', 'pool', 'dense', 'activation', 'dropout'] },
  ],
};

const full = {
  name: 'full',
  seed: 3,
  tags: ['a'],
  dataset: { name: 'spirals', samples: 600, validation: 200 },
  model: { kind: 'mlp', hidden: [32, 16], activation: 'relu' },
  space: {
    lr: { kind: 'float', min: 0.0001, max: 0.1, log: true },
    batch_size: { kind: 'int', min: 16, max: 64 },
    optimizer: { kind: 'choice', values: ['adam', 'sgd'] },
    mix: { kind: 'choice', values: [0.5, true, '1', 'a,b', ''] },
  },
  objective: { metric: 'val_loss', mode: 'min' },
  population: 8,
  budget: { steps: 2000, seconds: 60 },
  evaluateEvery: 50,
  regulators: {
    lineage: [{ use: 'inherit-marks' }],
    population: [{ use: 'pbt', name: 'my-pbt', options: { quantile: 0.5, every: { steps: 100 } } }],
    step: [{ use: 'hypergradient' }],
  },
  memory: { inherit: false, writeMarks: true },
};

describe('spec ⇄ form', () => {
  it('reads a spec into the inputs', () => {
    const form = specToForm(full);
    expect(form).toMatchObject({
      name: 'full',
      dataset: 'spirals',
      modelKind: 'mlp',
      layers: '32, 16',
      population: '8',
      budgetUnit: 'steps',
      budget: '2000',
      inherit: false,
      writeMarks: true,
    });
    expect(form.space.map((r) => [r.name, r.kind, r.min, r.max, r.log, r.values])).toEqual([
      ['lr', 'float', '0.0001', '0.1', true, ''],
      ['batch_size', 'int', '16', '64', false, ''],
      ['optimizer', 'choice', '', '', false, 'adam, sgd'],
      ['mix', 'choice', '', '', false, '0.5, true, "1", "a,b", ""'],
    ]);
    expect(form.regulators.population).toEqual([{ use: 'pbt', options: '{"quantile":0.5,"every":{"steps":100}}', extra: { name: 'my-pbt' } }]);
    expect(form.regulators.epoch).toEqual([]);
  });

  it('writes an unchanged form back as the same spec, keeping what the form does not show', () => {
    expect(applyForm(full, specToForm(full), vocabulary)).toEqual(full);
    expect(applyForm(EXAMPLE_SPEC, specToForm(EXAMPLE_SPEC))).toEqual(EXAMPLE_SPEC);
  });

  it('writes edits: numbers as numbers, rows in order, regulators per level, budget unit', () => {
    const form = specToForm(full);
    form.name = 'edited';
    form.population = ' 12 ';
    form.layers = '64,32, 8';
    form.space[0]!.max = '1e-2';
    form.space.push({ name: 'dropout', kind: 'float', min: '0', max: '0.5', log: false, values: '', extra: {} });
    form.space.splice(2, 1);
    form.regulators.epoch.push({ use: 'plateau', options: '', extra: {} });
    form.regulators.step = [];
    form.budgetUnit = 'epochs';
    form.budget = '3';
    form.writeMarks = false;
    const spec = applyForm(full, form, vocabulary);
    expect(spec).toMatchObject({ name: 'edited', population: 12, model: { kind: 'mlp', hidden: [64, 32, 8], activation: 'relu' }, budget: { epochs: 3, seconds: 60 } });
    expect(spec.budget).not.toHaveProperty('steps');
    expect(Object.keys(spec.space as object)).toEqual(['lr', 'batch_size', 'mix', 'dropout']);
    expect((spec.space as Record<string, unknown>).lr).toEqual({ kind: 'float', min: 0.0001, max: 0.01, log: true });
    expect((spec.space as Record<string, unknown>).dropout).toEqual({ kind: 'float', min: 0, max: 0.5 });
    expect(spec.regulators).toEqual({ ...full.regulators, epoch: [{ use: 'plateau' }], step: [] });
    expect(spec.memory).toEqual({ inherit: false, writeMarks: false });
  });

  it('leaves a value that is not a number as typed, and an empty one out, for the server to judge', () => {
    const form = specToForm(full);
    form.population = 'many';
    form.space[0]!.min = '';
    form.space[0]!.max = '0.1x';
    form.layers = '16, wide';
    form.regulators.population[0]!.options = '{quantile: 0.5}';
    const spec = applyForm(full, form) as Record<string, any>;
    expect(spec.population).toBe('many');
    expect(spec.space.lr).toEqual({ kind: 'float', max: '0.1x', log: true });
    expect(spec.model.hidden).toEqual([16, 'wide']);
    expect(spec.regulators.population[0]).toEqual({ use: 'pbt', name: 'my-pbt', options: '{quantile: 0.5}' });
    form.population = '';
    expect(applyForm(full, form)).not.toHaveProperty('population');
  });

  it('keeps only the options the new dataset or model kind accepts when it changes', () => {
    const form = specToForm(full);
    form.dataset = 'iris';
    form.modelKind = 'cnn';
    form.filters = '8, 16';
    const spec = applyForm(full, form, vocabulary) as Record<string, any>;
    expect(spec.dataset).toEqual({ name: 'iris', validation: 200 });
    expect(spec.model).toEqual({ kind: 'cnn', activation: 'relu', dense: [32, 16], filters: [8, 16] });
    expect((applyForm(full, form) as Record<string, any>).dataset).toEqual({ name: 'iris' });
    expect(specToForm(spec)).toMatchObject({ modelKind: 'cnn', layers: '32, 16', filters: '8, 16' });
  });

  it('reads choice values with commas in quotes, numbers and booleans', () => {
    expect(parseValues('adam, sgd')).toEqual(['adam', 'sgd']);
    expect(parseValues('0.1, 1e-3, true, false, "2", "x, y"')).toEqual([0.1, 0.001, true, false, '2', 'x, y']);
    expect(parseValues('')).toEqual([]);
    for (const v of [['a'], [1, 'b', false], ['a,b', '"q"', ' pad ']]) expect(parseValues(valuesText(v))).toEqual(v);
  });

  it('reads a spec of another shape as empty inputs rather than failing', () => {
    const form = specToForm({ name: 5, space: [1, 2], regulators: { step: 'x' }, budget: null });
    expect(form).toMatchObject({ name: '5', dataset: '', modelKind: '', population: '', budget: '', budgetUnit: 'steps', inherit: true, writeMarks: true });
    expect(form.regulators.step).toEqual([]);
    expect(specToForm(undefined).space).toEqual([]);
  });
});

describe('server error path → form field', () => {
  const form = specToForm(full);

  it('walks a path up one segment at a time', () => {
    expect(parentPath('spec.space.lr.values[2]')).toBe('spec.space.lr.values');
    expect(parentPath('spec.regulators.step[0]')).toBe('spec.regulators.step');
    expect(parentPath('spec.space')).toBe('spec');
    expect(parentPath('spec')).toBeUndefined();
  });

  it('lands on the field the server names when the form shows it', () => {
    for (const f of [
      'spec.space.lr.min',
      'spec.space.batch_size.max',
      'spec.population',
      'spec.name',
      'spec.dataset.name',
      'spec.model.hidden',
      'spec.regulators.step[0].use',
      'spec.budget.steps',
      'spec.memory.inherit',
    ])
      expect(fieldForError(f, form)).toBe(f);
  });

  it('lands on the nearest enclosing field otherwise', () => {
    expect(fieldForError('spec.space.optimizer.values[1]', form)).toBe('spec.space.optimizer.values');
    expect(fieldForError('spec.regulators.population[0].options.quantile', form)).toBe('spec.regulators.population[0].options');
    expect(fieldForError('spec.regulators.population[0].name', form)).toBe('spec.regulators.population[0]');
    expect(fieldForError('spec.regulators.epoch[3].use', form)).toBe('spec.regulators.epoch');
    expect(fieldForError('spec.dataset.samples', form)).toBe('spec.dataset');
    expect(fieldForError('spec.model.activation', form)).toBe('spec.model');
    expect(fieldForError('spec.space.nope.min', form)).toBe('spec.space');
    expect(fieldForError('spec.budget.epochs', form)).toBe('spec.budget');
    expect(fieldForError('spec.objective.metric', form)).toBe('spec');
    expect(fieldForError('spec.evaluateEvery', form)).toBe('spec');
    expect(fieldForError(undefined, form)).toBe('spec');
    expect(fieldForError('input', form)).toBe('spec');
  });

  it('lists a field for every input the form shows, and only those', () => {
    const fields = formFields(form);
    expect(fields).toContain('spec.space.optimizer.values');
    expect(fields).not.toContain('spec.space.optimizer.min');
    expect(fields).not.toContain('spec.model.filters');
    expect(formFields({ ...form, modelKind: 'cnn' })).toEqual(expect.arrayContaining(['spec.model.filters', 'spec.model.dense']));
    expect(new Set(fields).size).toBe(fields.length);
  });
});
