'use client';
import { useState } from 'react';
import { useDashboardApi } from '../lib/api-context';
import { errorField } from '../lib/error-field';
import { applyForm, fieldForError, specToForm, type SpecForm } from '../lib/spec-form';
import { EXAMPLE_SPEC } from '../lib/spec-form-example';
import { useLoad } from '../lib/use-load';
import { ProblemText, StartForm, type SpecProblem } from './start-form';

const pretty = (spec: unknown) => JSON.stringify(spec, null, 2);

/** What the form edits: its inputs and the spec they were read from (keys the form does not show come from it). */
interface FormState {
  readonly base: unknown;
  readonly form: SpecForm;
}

function parse(text: string): { spec: unknown } | { problem: SpecProblem } {
  try {
    return { spec: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: { field: 'spec', message: `the spec is not valid JSON: ${(error as Error).message}` } };
  }
}

/**
 * Starts an experiment from a spec, written in a form (the common fields) or as JSON (all of it).
 * The JSON text is the spec: form edits rewrite it, and the form is read from it when its tab
 * opens. The server checks the spec; its refusal is shown at the field it names, in both views.
 */
export function StartExperiment({ onStarted }: { onStarted: (experimentId: string) => void }) {
  const api = useDashboardApi();
  const catalog = useLoad('catalog', () => api.specCatalog());
  const [text, setText] = useState(() => pretty(EXAMPLE_SPEC));
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [editing, setEditing] = useState<FormState | undefined>(() => ({ base: EXAMPLE_SPEC, form: specToForm(EXAMPLE_SPEC) }));
  const [unreadable, setUnreadable] = useState<string | undefined>();
  const [problem, setProblem] = useState<SpecProblem | undefined>();
  const [busy, setBusy] = useState(false);

  const openForm = () => {
    const parsed = parse(text);
    if ('problem' in parsed) {
      setEditing(undefined);
      setUnreadable(parsed.problem.message);
    } else {
      setEditing({ base: parsed.spec, form: specToForm(parsed.spec) });
      setUnreadable(undefined);
    }
    setTab('form');
  };
  const editForm = (form: SpecForm) => {
    if (!editing) return;
    setEditing({ ...editing, form });
    setText(pretty(applyForm(editing.base, form, catalog.data)));
  };
  const reset = () => {
    setText(pretty(EXAMPLE_SPEC));
    setEditing({ base: EXAMPLE_SPEC, form: specToForm(EXAMPLE_SPEC) });
    setUnreadable(undefined);
    setProblem(undefined);
  };

  const submit = async () => {
    const parsed = parse(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const { experimentId } = await api.startExperiment(parsed.spec);
      onStarted(experimentId);
    } catch (error) {
      setProblem(errorField(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" data-testid="start-experiment">
      <strong>Start an experiment</strong> <span className="muted">— the runner&apos;s spec; the server checks it and names the field at fault</span>
      <div className="sf-tabs" role="tablist">
        <button type="button" role="tab" className="sf-tab" aria-selected={tab === 'form'} onClick={openForm} data-testid="tab-form">
          Form
        </button>
        <button type="button" role="tab" className="sf-tab" aria-selected={tab === 'json'} onClick={() => setTab('json')} data-testid="tab-json">
          JSON
        </button>
      </div>
      {tab === 'form' ? (
        editing ? (
          <StartForm
            form={editing.form}
            onChange={editForm}
            catalog={catalog.data}
            problem={problem}
            problemAt={problem ? fieldForError(problem.field, editing.form) : undefined}
          />
        ) : (
          <div className="state error" role="alert" data-testid="form-unreadable">
            The form cannot show this spec: {unreadable}. Fix it in the JSON tab, or reset to the example.
          </div>
        )
      ) : (
        <>
          <label htmlFor="spec-editor" className="muted" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
            All of the spec as JSON (seed, objective, evaluateEvery, options of the dataset and model… the form keeps what it does not show)
          </label>
          <textarea
            id="spec-editor"
            rows={24}
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem !== undefined}
            data-testid="spec-editor"
          />
          {problem && (
            <div className="field-error" role="alert" data-testid="spec-error" data-field={problem.field ?? ''}>
              <ProblemText problem={problem} />
            </div>
          )}
        </>
      )}
      {catalog.status === 'error' && (
        <div className="muted" role="status" style={{ marginTop: 6 }}>
          The server&apos;s list of datasets and regulators did not load ({catalog.error.message}): the form offers the spec&apos;s own values only.
        </div>
      )}
      <div className="toolbar" style={{ marginTop: 10, marginBottom: 0 }}>
        <button type="button" className="primary" onClick={submit} disabled={busy} data-testid="start-button">
          {busy ? 'Starting…' : 'Start'}
        </button>
        <button type="button" onClick={reset}>
          Reset to example
        </button>
      </div>
    </div>
  );
}
