'use client';
import { useState } from 'react';
import { useDashboardApi } from '../lib/api-context';
import { errorField } from '../lib/error-field';

/** A small spec that trains in seconds on generated data: a starting point for the editor. */
export const EXAMPLE_SPEC = {
  name: 'spirals-pbt',
  seed: 1,
  dataset: { name: 'spirals', samples: 600, validation: 200 },
  model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true }, batch_size: { kind: 'int', min: 16, max: 64 } },
  population: 2,
  budget: { steps: 400 },
  evaluateEvery: 40,
  signalEvery: 10,
  regulators: { population: [{ use: 'pbt', options: { quantile: 0.5 } }], step: [{ use: 'hypergradient' }] },
};

/** Starts an experiment from a JSON spec; the server's validation message is shown at the field it names. */
export function StartExperiment({ onStarted }: { onStarted: (experimentId: string) => void }) {
  const api = useDashboardApi();
  const [text, setText] = useState(() => JSON.stringify(EXAMPLE_SPEC, null, 2));
  const [problem, setProblem] = useState<{ field?: string; message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let spec: unknown;
    try {
      spec = JSON.parse(text);
    } catch (error) {
      setProblem({ field: 'spec', message: `the spec is not valid JSON: ${(error as Error).message}` });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const { experimentId } = await api.startExperiment(spec);
      onStarted(experimentId);
    } catch (error) {
      setProblem(errorField(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid="start-experiment">
      <label htmlFor="spec-editor">
        <strong>Start an experiment</strong> <span className="muted">— spec as JSON (the runner&apos;s schema)</span>
      </label>
      <textarea
        id="spec-editor"
        rows={14}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={problem !== undefined}
        data-testid="spec-editor"
      />
      {problem && (
        <div className="field-error" role="alert" data-testid="spec-error" data-field={problem.field ?? ''}>
          {problem.field ? <strong className="mono">{problem.field}: </strong> : null}
          {problem.message}
        </div>
      )}
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button type="button" className="primary" onClick={submit} disabled={busy} data-testid="start-button">
          {busy ? 'Starting…' : 'Start'}
        </button>
        <button type="button" onClick={() => setText(JSON.stringify(EXAMPLE_SPEC, null, 2))}>
          Reset to example
        </button>
      </div>
    </div>
  );
}
