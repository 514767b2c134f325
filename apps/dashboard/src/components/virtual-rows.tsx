'use client';
import { useState, type ReactNode } from 'react';

/**
 * Renders only the rows in view (plus a margin) of a fixed-row-height table, so 10,000 rows
 * scroll smoothly; `onNearEnd` fires when the view nears the last loaded row (to load the next page).
 */
export function VirtualRows<T>({
  rows,
  rowHeight = 32,
  height = 480,
  header,
  columns,
  renderRow,
  onNearEnd,
  testId,
}: {
  rows: readonly T[];
  rowHeight?: number;
  height?: number;
  header: ReactNode;
  columns: number;
  renderRow: (row: T, index: number) => ReactNode;
  onNearEnd?: () => void;
  testId?: string;
}) {
  const [top, setTop] = useState(0);
  const margin = 10;
  // After a filter shrinks the rows the old scroll position may lie past the end until the browser clamps it.
  const first = Math.min(rows.length, Math.max(0, Math.floor(top / rowHeight) - margin));
  const last = Math.min(rows.length, Math.ceil((top + height) / rowHeight) + margin);
  return (
    <div
      className="vtable"
      style={{ height }}
      data-testid={testId}
      data-rows={rows.length}
      onScroll={(e) => {
        const el = e.currentTarget;
        setTop(el.scrollTop);
        if (onNearEnd && el.scrollTop + el.clientHeight > el.scrollHeight - rowHeight * 20) onNearEnd();
      }}
    >
      <table className="table" style={{ tableLayout: 'fixed' }}>
        <thead>{header}</thead>
        <tbody>
          {first > 0 && (
            <tr style={{ height: first * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
          {rows.slice(first, last).map((row, i) => renderRow(row, first + i))}
          {last < rows.length && (
            <tr style={{ height: (rows.length - last) * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
