'use client';
import { Fragment, useId, type ReactNode } from 'react';
import type { Level, SpecCatalog } from '../lib/api-types';
import { FORM_LEVELS, type RegulatorRow, type SpaceRow, type SpecForm } from '../lib/spec-form';
import './start-form.css';

/** The server's refusal of a spec: its message and the field it names (`spec.space.lr.min`). */
export interface SpecProblem {
  readonly field?: string;
  readonly message: string;
}

interface Props {
  form: SpecForm;
  onChange(form: SpecForm): void;
  /** The server's vocabulary (`catalog.spec`); while unknown, the choices are the spec's own values. */
  catalog: SpecCatalog | undefined;
  problem: SpecProblem | undefined;
  /** The form field the problem is shown at (see `fieldForError`). */
  problemAt: string | undefined;
}

const KINDS = ['float', 'int', 'choice'] as const;

/** The server's message, led by the field it names (unless the message already starts with it). */
export function ProblemText({ problem }: { problem: SpecProblem }) {
  const named = problem.field !== undefined && !problem.message.startsWith(problem.field);
  return (
    <>
      {named ? <strong className="mono">{problem.field}: </strong> : null}
      {problem.message}
    </>
  );
}

/**
 * The `<option>`s of a select: `values`, plus the current value when it is not among them (a spec's
 * unknown value stays selected, to be refused by the server rather than dropped here), or a blank.
 */
function OptionList({ values, current }: { values: readonly string[]; current: string }) {
  const all = current === '' || values.includes(current) ? values : [current, ...values];
  return (
    <>
      {current === '' && <option value="">—</option>}
      {all.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}

/** The form for the common part of a spec; every input carries its spec path (`data-field`) and shows the server's error for it. */
export function StartForm({ form, onChange, catalog, problem, problemAt }: Props) {
  const id = useId();
  const set = (patch: Partial<SpecForm>) => onChange({ ...form, ...patch });
  const setRow = (i: number, patch: Partial<SpaceRow>) => set({ space: form.space.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const setRegulators = (level: Level, rows: RegulatorRow[]) => set({ regulators: { ...form.regulators, [level]: rows } });

  const errorAt = (field: string): ReactNode =>
    problem && problemAt === field ? (
      <div className="field-error" role="alert" data-testid="form-error" data-field={problem.field ?? ''} data-at={field}>
        <ProblemText problem={problem} />
      </div>
    ) : null;
  /** Props of an input for the spec path `field`. */
  const at = (field: string, className = '') => ({
    'data-field': field,
    'aria-invalid': problemAt === field || undefined,
    className: [className, problemAt === field ? 'sf-invalid' : ''].filter(Boolean).join(' ') || undefined,
  });

  const datasets = catalog?.datasets.map((d) => d.name) ?? [];
  const models = catalog?.models.map((m) => m.name) ?? [];
  const cnn = form.modelKind === 'cnn';
  const layersField = cnn ? 'spec.model.dense' : 'spec.model.hidden';
  const budgetField = `spec.budget.${form.budgetUnit}`;

  return (
    <div className="sf-form" data-testid="start-form">
      {errorAt('spec') && <div className="sf-top-error">{errorAt('spec')}</div>}
      <div className="sf-column">
        <fieldset className="sf-section">
          <legend>Experiment</legend>
          <div className="sf-fields">
            <label className="sf-label sf-wide">
              name
              <input value={form.name} onChange={(e) => set({ name: e.target.value })} {...at('spec.name')} />
              {errorAt('spec.name')}
            </label>
            <label className="sf-label">
              population (trials)
              <input inputMode="numeric" value={form.population} onChange={(e) => set({ population: e.target.value })} {...at('spec.population')} />
              {errorAt('spec.population')}
            </label>
            <div className="sf-label" data-field="spec.budget">
              <label htmlFor={`${id}-budget`}>budget per trial</label>
              <span className="sf-inline">
                <select aria-label="budget unit" value={form.budgetUnit} onChange={(e) => set({ budgetUnit: e.target.value as SpecForm['budgetUnit'] })}>
                  <option value="steps">steps</option>
                  <option value="epochs">epochs</option>
                </select>
                <input id={`${id}-budget`} inputMode="decimal" value={form.budget} onChange={(e) => set({ budget: e.target.value })} {...at(budgetField)} />
              </span>
              {errorAt(budgetField)}
              {errorAt('spec.budget')}
            </div>
          </div>
        </fieldset>

        <fieldset className="sf-section" data-field="spec.dataset">
          <legend>Data and model</legend>
          <div className="sf-fields">
            <label className="sf-label">
              dataset
              <select value={form.dataset} onChange={(e) => set({ dataset: e.target.value })} {...at('spec.dataset.name')}>
                <OptionList values={datasets} current={form.dataset} />
              </select>
              {errorAt('spec.dataset.name')}
              {errorAt('spec.dataset')}
            </label>
            <label className="sf-label">
              model
              <select value={form.modelKind} onChange={(e) => set({ modelKind: e.target.value })} {...at('spec.model.kind')}>
                <OptionList values={models} current={form.modelKind} />
              </select>
              {errorAt('spec.model.kind')}
            </label>
            {cnn && (
              <label className="sf-label sf-wide">
                convolution filters (comma-separated)
                <input value={form.filters} placeholder="e.g. 16, 32" onChange={(e) => set({ filters: e.target.value })} {...at('spec.model.filters')} />
                {errorAt('spec.model.filters')}
              </label>
            )}
            <label className="sf-label sf-wide">
              {cnn ? 'dense layers (widths, comma-separated)' : 'hidden layers (widths, comma-separated)'}
              <input value={form.layers} placeholder="e.g. 64, 32" onChange={(e) => set({ layers: e.target.value })} {...at(layersField)} />
              {errorAt(layersField)}
              {errorAt('spec.model')}
            </label>
          </div>
        </fieldset>

        <fieldset className="sf-section" data-field="spec.memory">
          <legend>Memory</legend>
          <div className="sf-checks">
            <label className="sf-check">
              <input type="checkbox" checked={form.inherit} onChange={(e) => set({ inherit: e.target.checked })} {...at('spec.memory.inherit')} />
              inherit marks of similar runs
            </label>
            <label className="sf-check">
              <input type="checkbox" checked={form.writeMarks} onChange={(e) => set({ writeMarks: e.target.checked })} {...at('spec.memory.writeMarks')} />
              write marks at the end
            </label>
          </div>
          {errorAt('spec.memory.inherit')}
          {errorAt('spec.memory.writeMarks')}
          {errorAt('spec.memory')}
        </fieldset>
      </div>

      <div className="sf-column">
        <fieldset className="sf-section" data-field="spec.space">
          <legend>Search space</legend>
          <table className="sf-space">
            <colgroup>
              <col style={{ width: '24%' }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '23%' }} />
              <col style={{ width: '23%' }} />
              <col style={{ width: '7%' }} />
              <col style={{ width: '7%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>name</th>
                <th>kind</th>
                <th>min / values</th>
                <th>max</th>
                <th>log</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {form.space.map((r, i) => {
                const p = `spec.space.${r.name}`;
                const fields = [p, `${p}.kind`, ...(r.kind === 'choice' ? [`${p}.values`] : [`${p}.min`, `${p}.max`, `${p}.log`])];
                const shown = fields.find((f) => problemAt === f);
                return (
                  <Fragment key={i}>
                    <tr data-row={i}>
                      <td>
                        <input aria-label={`name of hyperparameter ${i + 1}`} value={r.name} onChange={(e) => setRow(i, { name: e.target.value })} {...at(p)} />
                      </td>
                      <td>
                        <select aria-label={`kind of ${r.name}`} value={r.kind} onChange={(e) => setRow(i, { kind: e.target.value })} {...at(`${p}.kind`)}>
                          <OptionList values={KINDS} current={r.kind} />
                        </select>
                      </td>
                      {r.kind === 'choice' ? (
                        <td colSpan={3}>
                          <input
                            aria-label={`values of ${r.name}`}
                            placeholder="e.g. adam, sgd"
                            value={r.values}
                            onChange={(e) => setRow(i, { values: e.target.value })}
                            {...at(`${p}.values`)}
                          />
                        </td>
                      ) : (
                        <>
                          <td>
                            <input aria-label={`min of ${r.name}`} inputMode="decimal" value={r.min} onChange={(e) => setRow(i, { min: e.target.value })} {...at(`${p}.min`)} />
                          </td>
                          <td>
                            <input aria-label={`max of ${r.name}`} inputMode="decimal" value={r.max} onChange={(e) => setRow(i, { max: e.target.value })} {...at(`${p}.max`)} />
                          </td>
                          <td className="sf-center">
                            <input
                              type="checkbox"
                              aria-label={`log scale of ${r.name}`}
                              checked={r.log}
                              onChange={(e) => setRow(i, { log: e.target.checked })}
                              {...at(`${p}.log`)}
                            />
                          </td>
                        </>
                      )}
                      <td className="sf-center">
                        <button type="button" className="sf-remove" aria-label={`remove ${r.name}`} onClick={() => set({ space: form.space.filter((_, j) => j !== i) })}>
                          ×
                        </button>
                      </td>
                    </tr>
                    {shown && (
                      <tr data-error-row={i}>
                        <td colSpan={6}>{errorAt(shown)}</td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            className="sf-add"
            data-testid="add-param"
            onClick={() => set({ space: [...form.space, { name: '', kind: 'float', min: '', max: '', log: false, values: '', extra: {} }] })}
          >
            + hyperparameter
          </button>
          {errorAt('spec.space')}
        </fieldset>

        <fieldset className="sf-section" data-field="spec.regulators">
          <legend>Regulators by level</legend>
          {FORM_LEVELS.map((level) => (
            <RegulatorLevel key={level} level={level} rows={form.regulators[level]} catalog={catalog} onChange={(rows) => setRegulators(level, rows)} at={at} errorAt={errorAt} />
          ))}
          {errorAt('spec.regulators')}
        </fieldset>
      </div>
    </div>
  );
}

function RegulatorLevel({
  level,
  rows,
  catalog,
  onChange,
  at,
  errorAt,
}: {
  level: Level;
  rows: RegulatorRow[];
  catalog: SpecCatalog | undefined;
  onChange(rows: RegulatorRow[]): void;
  at(field: string, className?: string): object;
  errorAt(field: string): ReactNode;
}) {
  const plugins = catalog?.regulators.filter((r) => r.levels.includes(level)) ?? [];
  const names = plugins.map((p) => p.name);
  const base = `spec.regulators.${level}`;
  const setRow = (i: number, patch: Partial<RegulatorRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="sf-level" data-level={level} data-field={base}>
      <div className="sf-level-name">{level}</div>
      <div>
        {rows.map((r, i) => {
          const p = `${base}[${i}]`;
          const plugin = plugins.find((x) => x.name === r.use);
          const errors = [errorAt(`${p}.use`), errorAt(`${p}.options`), errorAt(p)].filter(Boolean);
          const hint = plugin ? `${plugin.description}${plugin.options.length ? ` — options: ${plugin.options.map((o) => `${o.name} (${o.default})`).join(', ')}` : ''}` : '';
          return (
            <div className="sf-regulator" key={i} data-field={p}>
              <select aria-label={`${level} regulator ${i + 1}`} value={r.use} title={plugin?.description} onChange={(e) => setRow(i, { use: e.target.value })} {...at(`${p}.use`)}>
                <OptionList values={names} current={r.use} />
              </select>
              <input
                aria-label={`options of ${level} regulator ${i + 1}`}
                placeholder="options as JSON, e.g. {}"
                value={r.options}
                spellCheck={false}
                onChange={(e) => setRow(i, { options: e.target.value })}
                {...at(`${p}.options`, 'mono')}
              />
              <button type="button" className="sf-remove" aria-label={`remove ${level} regulator ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ×
              </button>
              {hint && (
                <div className="sf-hint" title={hint}>
                  {hint}
                </div>
              )}
              {errors.length > 0 && (
                <div className="sf-wide">
                  {errorAt(`${p}.use`)}
                  {errorAt(`${p}.options`)}
                  {errorAt(p)}
                </div>
              )}
            </div>
          );
        })}
        <button
          type="button"
          className="sf-add"
          data-testid={`add-${level}`}
          disabled={names.length === 0}
          title={names.length === 0 ? 'loading the server’s regulators…' : `one of ${names.join(', ')}`}
          onClick={() => onChange([...rows, { use: names[0] ?? '', options: '', extra: {} }])}
        >
          + {level} regulator
        </button>
        {errorAt(base)}
      </div>
    </div>
  );
}
