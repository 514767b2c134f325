'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { readUrlState, writeUrlState, type Fields, type StateOf } from './url-state';

/** Reads a page's state from the query string and writes changes back (replace, no scroll). */
export function useUrlState<F extends Fields>(fields: F): [StateOf<F>, (patch: Partial<StateOf<F>>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => readUrlState(fields, params), [fields, params]);
  const update = useCallback(
    (patch: Partial<StateOf<F>>) => {
      const query = writeUrlState(fields, { ...state, ...patch });
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [fields, state, router, pathname],
  );
  return [state, update];
}
