'use client';
import { useState } from 'react';
import { useDashboardApi } from '../lib/api-context';
import type { ExperimentStatus } from '../lib/api-types';

/** Stop (running), resume (interrupted) and delete (not running) an experiment; errors are shown beside the buttons. */
export function ExperimentActions({ id, status, running, onDone }: { id: string; status: ExperimentStatus; running: boolean; onDone: () => void }) {
  const api = useDashboardApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const act = (what: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const isRunning = running || status === 'running';
  return (
    <span className="toolbar" style={{ margin: 0, flexWrap: 'nowrap' }}>
      {isRunning && (
        <button type="button" disabled={busy} onClick={act(() => api.stopExperiment(id))}>
          Stop
        </button>
      )}
      {!isRunning && status === 'interrupted' && (
        <button type="button" disabled={busy} onClick={act(() => api.resumeExperiment(id))}>
          Resume
        </button>
      )}
      {!isRunning && (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete experiment ${id} and all its data?`)) void act(() => api.deleteExperiment(id))();
          }}
        >
          Delete
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
