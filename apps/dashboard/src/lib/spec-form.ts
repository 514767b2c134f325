import type { Level } from './api-types';

// The form edits the common part of an experiment spec; the spec (the JSON editor's text) stays the
// truth. `specToForm` reads a spec into inputs (text as typed), `applyForm` writes the inputs back
// onto the spec, keeping every key the form does not show. Nothing is validated here: a value that
// is not a number stays the text typed, so the server refuses it and names the field.

/** One row of the search space. `extra` keeps keys the form does not edit, so the server still sees (and judges) them. */
export interface SpaceRow {
  name: string;
  /** `float`, `int` or `choice` (another text is kept for the server to refuse). */
  kind: string;
  min: string;
  max: string;
  log: boolean;
  /** Choice values, comma-separated: numbers and `true`/`false` are read as such, `"…"` forces a string. */
  values: string;
  extra: Record<string, unknown>;
}

/** One regulator of a level: the plugin's name and its options as JSON text (empty: none). */
export interface RegulatorRow {
  use: string;
  options: string;
  extra: Record<string, unknown>;
}

/** The inputs of the form, as text where the user types. */
export interface SpecForm {
  name: string;
  dataset: string;
  modelKind: string;
  /** `model.hidden` of an MLP, `model.dense` of a CNN: widths, comma-separated. */
  layers: string;
  /** `model.filters` of a CNN. */
  filters: string;
  space: SpaceRow[];
  population: string;
  budgetUnit: 'steps' | 'epochs';
  budget: string;
  regulators: Record<Level, RegulatorRow[]>;
  inherit: boolean;
  writeMarks: boolean;
}

/** What the form needs of the server's catalog (`catalog.spec`): the keys each dataset and model kind accepts. */
export interface SpecVocabulary {
  readonly datasets: readonly { readonly name: string; readonly options: readonly string[] }[];
  readonly models: readonly { readonly name: string; readonly options: readonly string[] }[];
}

export const FORM_LEVELS: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const without = (o: Obj, keys: readonly string[]): Obj => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** A value as the input shows it: strings as typed, anything else as JSON. */
function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Typed text as a spec value: a number when it reads as one, `undefined` when empty, else the text itself. */
export function numberOrText(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** Comma-separated widths (`16, 8`) as an array; a token that is not a number stays text. */
export function listOf(s: string): (number | string)[] | undefined {
  if (s.trim() === '') return undefined;
  return s.split(',').map((t) => numberOrText(t) ?? '');
}

function widthsText(v: unknown): string {
  return Array.isArray(v) ? v.map((w) => text(w)).join(', ') : text(v);
}

/** Choice values as one line: `adam, sgd`, `0.1, 0.5`, `true, false`; a string that would read as a number or boolean is quoted. */
export function valuesText(v: unknown): string {
  if (!Array.isArray(v)) return text(v);
  return v
    .map((x) => {
      if (typeof x !== 'string') return JSON.stringify(x);
      return x === '' || x.includes(',') || x.includes('"') || x !== x.trim() || typeof choiceValue(x) !== 'string' ? JSON.stringify(x) : x;
    })
    .join(', ');
}

function choiceValue(t: string): string | number | boolean {
  const s = t.trim();
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s;
    }
  }
  const n = numberOrText(s);
  return n === undefined ? '' : n;
}

/** Splits choice values on commas outside quotes. */
export function parseValues(s: string): (string | number | boolean)[] {
  if (s.trim() === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map(choiceValue);
}

/** A spec's fields as the form's inputs (anything missing or of another shape reads as empty). */
export function specToForm(spec: unknown): SpecForm {
  const s = obj(spec);
  const model = obj(s.model);
  const budget = obj(s.budget);
  const memory = obj(s.memory);
  const regulators = obj(s.regulators);
  const cnn = model.kind === 'cnn';
  return {
    name: text(s.name),
    dataset: text(obj(s.dataset).name),
    modelKind: text(model.kind),
    layers: widthsText(cnn ? model.dense : model.hidden),
    filters: widthsText(model.filters),
    space: Object.entries(obj(s.space)).map(([name, raw]) => {
      const p = obj(raw);
      return {
        name,
        kind: text(p.kind),
        min: text(p.min),
        max: text(p.max),
        log: p.log === true,
        values: valuesText(p.values),
        extra: without(p, ['kind', 'min', 'max', 'log', 'values']),
      };
    }),
    population: text(s.population),
    budgetUnit: budget.epochs !== undefined && budget.steps === undefined ? 'epochs' : 'steps',
    budget: text(budget.epochs !== undefined && budget.steps === undefined ? budget.epochs : budget.steps),
    regulators: Object.fromEntries(
      FORM_LEVELS.map((level) => [
        level,
        (Array.isArray(regulators[level]) ? (regulators[level] as unknown[]) : []).map((raw) => {
          const r = obj(raw);
          return { use: text(r.use), options: r.options === undefined ? '' : text(r.options), extra: without(r, ['use', 'options']) };
        }),
      ]),
    ) as Record<Level, RegulatorRow[]>,
    inherit: memory.inherit !== false,
    writeMarks: memory.writeMarks !== false,
  };
}

/** Sets `key` when `value` is defined, removes it otherwise. */
function put(o: Obj, key: string, value: unknown): Obj {
  if (value === undefined) delete o[key];
  else o[key] = value;
  return o;
}

/** The options of `base` to keep: all of them when its tag is unchanged; else those the new one accepts (none when that is unknown). */
function carried(base: Obj, tag: string, value: string, accepted: readonly string[] | undefined): Obj {
  if (base[tag] === value) return { ...base };
  return accepted ? Object.fromEntries(Object.entries(base).filter(([k]) => accepted.includes(k))) : {};
}

function optionsValue(s: string): unknown {
  if (s.trim() === '') return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s; // the server refuses it as "options must be an object", at this field
  }
}

/**
 * The spec with the form's inputs written onto `base` (usually the spec the form was read from):
 * keys the form does not show are kept; changing the dataset or the model kind keeps only the
 * options the new one accepts (per `vocabulary`, when known).
 */
export function applyForm(base: unknown, form: SpecForm, vocabulary?: SpecVocabulary): Obj {
  const s: Obj = { ...obj(base) };
  s.name = form.name;

  const ds = obj(s.dataset);
  s.dataset = {
    ...carried(ds, 'name', form.dataset, vocabulary?.datasets.find((d) => d.name === form.dataset)?.options),
    name: form.dataset,
  };

  const model = carried(obj(s.model), 'kind', form.modelKind, vocabulary?.models.find((m) => m.name === form.modelKind)?.options);
  const cnn = form.modelKind === 'cnn';
  s.model = { kind: form.modelKind, ...without(model, ['kind']) };
  put(s.model as Obj, cnn ? 'dense' : 'hidden', listOf(form.layers));
  if (cnn) put(s.model as Obj, 'filters', listOf(form.filters));

  s.space = Object.fromEntries(
    form.space.map((r) => {
      if (r.kind === 'choice') return [r.name, { ...r.extra, kind: r.kind, values: parseValues(r.values) }];
      const p: Obj = { ...r.extra, kind: r.kind };
      put(p, 'min', numberOrText(r.min));
      put(p, 'max', numberOrText(r.max));
      if (r.log) p.log = true;
      return [r.name, p];
    }),
  );

  put(s, 'population', numberOrText(form.population));

  const budget = without(obj(s.budget), ['steps', 'epochs']);
  s.budget = put(budget, form.budgetUnit, numberOrText(form.budget));

  const before = obj(s.regulators);
  const regulators: Obj = { ...before };
  for (const level of FORM_LEVELS) {
    const rows = form.regulators[level];
    if (rows.length === 0 && before[level] === undefined) continue;
    regulators[level] = rows.map((r) => put({ ...r.extra, use: r.use }, 'options', optionsValue(r.options)));
  }
  s.regulators = regulators;

  // Absent means both on (the schema's defaults): an untouched spec without `memory` stays without.
  if (s.memory !== undefined || !form.inherit || !form.writeMarks) s.memory = { ...obj(s.memory), inherit: form.inherit, writeMarks: form.writeMarks };
  return s;
}

/** The spec path of each input of the form (what the server names in `error.data.field`), groups included. */
export function formFields(form: SpecForm): string[] {
  const out = ['spec', 'spec.name', 'spec.dataset', 'spec.dataset.name', 'spec.model', 'spec.model.kind', 'spec.space', 'spec.population', 'spec.budget'];
  out.push(`spec.budget.${form.budgetUnit}`);
  out.push(form.modelKind === 'cnn' ? 'spec.model.dense' : 'spec.model.hidden');
  if (form.modelKind === 'cnn') out.push('spec.model.filters');
  for (const r of form.space) {
    const at = `spec.space.${r.name}`;
    out.push(at, `${at}.kind`);
    if (r.kind === 'choice') out.push(`${at}.values`);
    else out.push(`${at}.min`, `${at}.max`, `${at}.log`);
  }
  out.push('spec.regulators');
  for (const level of FORM_LEVELS) {
    out.push(`spec.regulators.${level}`);
    form.regulators[level].forEach((_, i) => out.push(`spec.regulators.${level}[${i}]`, `spec.regulators.${level}[${i}].use`, `spec.regulators.${level}[${i}].options`));
  }
  out.push('spec.memory', 'spec.memory.inherit', 'spec.memory.writeMarks');
  return out;
}

/** The path one level up: `spec.space.lr.values[2]` → `spec.space.lr.values` → `spec.space.lr` → … → `spec`; undefined above `spec`. */
export function parentPath(path: string): string | undefined {
  const m = /^(.*)(\[\d+\]|\.[^.[\]]*)$/.exec(path);
  return m && m[1] !== '' ? m[1] : undefined;
}

/**
 * The input of the form at which to show the server's error for `path` (e.g. `spec.space.lr.min`):
 * the field itself when the form shows it, else the nearest enclosing one (a row, a section), else
 * `spec` (the top of the form). A path outside the spec (`input`) also lands on `spec`.
 */
export function fieldForError(path: string | undefined, form: SpecForm): string {
  const fields = new Set(formFields(form));
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) if (fields.has(p)) return p;
  return 'spec';
}
