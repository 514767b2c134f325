import type { ReactNode } from 'react';

/** What a panel shows while its data loads, when loading failed, or when there is nothing to show — in words. */
export function LoadState({
  status,
  error,
  empty,
  what,
  children,
}: {
  status: 'loading' | 'error' | 'ready';
  error?: Error | undefined;
  empty?: boolean;
  what: string;
  children?: ReactNode;
}) {
  if (status === 'error') {
    return (
      <div className="state error" role="alert" data-state="error">
        Could not load {what}: {error?.message ?? 'unknown error'}
      </div>
    );
  }
  if (status === 'loading' && empty !== false) {
    return (
      <div className="state" aria-busy="true" data-state="loading">
        Loading {what}…
      </div>
    );
  }
  if (empty) {
    return (
      <div className="state" data-state="empty">
        {children ?? `No ${what} yet.`}
      </div>
    );
  }
  return null;
}
