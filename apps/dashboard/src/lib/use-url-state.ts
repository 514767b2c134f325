'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { readUrlState, writeUrlState, type Fields, type StateOf } from './url-state';

/**
 * Reads a page's state from the query string and writes changes back (replacing the history entry,
 * no scroll). The write is `history.replaceState`, which Next's router follows (`useSearchParams`
 * sees it): the state lives in the browser only, so a change asks the server for nothing — a
 * `router.replace` fetched the page's server payload again first (a round trip before a zoom's
 * detail request could start).
 */
export function useUrlState<F extends Fields>(fields: F): [StateOf<F>, (patch: Partial<StateOf<F>>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => readUrlState(fields, params), [fields, params]);
  const update = useCallback(
    (patch: Partial<StateOf<F>>) => {
      const query = writeUrlState(fields, { ...state, ...patch });
      window.history.replaceState(null, '', query ? `${pathname}?${query}` : pathname);
    },
    [fields, state, pathname],
  );
  return [state, update];
}
