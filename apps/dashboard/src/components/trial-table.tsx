'use client';
import type { TrialItem } from '../lib/api-types';
import { formatNumber } from '../lib/format';
import { VirtualRows } from './virtual-rows';

/** The trials of an experiment (virtualised); clicking a row focuses the trial in the charts. */
export function TrialTable({
  trials,
  focus,
  onFocus,
  label,
}: {
  trials: readonly TrialItem[];
  focus: string | undefined;
  onFocus: (id: string) => void;
  label: (trialId: string) => string;
}) {
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.config)))].sort();
  return (
    <VirtualRows
      testId="trial-table"
      rows={trials}
      height={Math.min(360, 40 + trials.length * 32)}
      columns={6 + params.length}
      header={
        <tr>
          <th style={{ width: 150 }}>Trial</th>
          <th style={{ width: 100 }}>Status</th>
          <th style={{ width: 80 }}>Step</th>
          <th style={{ width: 100 }}>Fitness</th>
          <th style={{ width: 130 }}>Parent</th>
          <th style={{ width: 60 }}>Gen.</th>
          {params.map((p) => (
            <th key={p} style={{ width: 110 }}>
              {p}
            </th>
          ))}
        </tr>
      }
      renderRow={(t) => (
        <tr
          key={t.id}
          onClick={() => onFocus(t.id)}
          style={{ height: 32, cursor: 'pointer', fontWeight: t.id === focus ? 700 : undefined }}
          aria-selected={t.id === focus}
          data-trial={t.id}
        >
          <td className="mono" title={t.id}>
            {label(t.id)}
          </td>
          <td>{t.status}</td>
          <td>{t.step}</td>
          <td>{formatNumber(t.fitness)}</td>
          <td className="mono">{t.parentId ? label(t.parentId) : '—'}</td>
          <td>{t.generation}</td>
          {params.map((p) => (
            <td key={p}>{typeof t.config[p] === 'number' ? formatNumber(t.config[p] as number) : String(t.config[p] ?? '—')}</td>
          ))}
        </tr>
      )}
    />
  );
}
