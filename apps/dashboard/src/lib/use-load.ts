'use client';
import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one request: what the page shows while loading, on error and once loaded. */
export type Load<T> =
  | { readonly status: 'loading'; readonly data: T | undefined; readonly error?: undefined }
  | { readonly status: 'error'; readonly data: T | undefined; readonly error: Error }
  | { readonly status: 'ready'; readonly data: T; readonly error?: undefined };

/**
 * Runs `fetcher` when `key` changes (and on `reload`), keeping the previous data while a new
 * request runs so charts do not blink; answers of superseded requests are dropped.
 */
export function useLoad<T>(key: string | undefined, fetcher: () => Promise<T>): Load<T> & { reload: () => void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading', data: undefined });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  useEffect(() => {
    if (key === undefined) return;
    const mine = ++generation.current;
    setState((s) => ({ status: 'loading', data: s.data }));
    fetcherRef.current().then(
      (data) => mine === generation.current && setState({ status: 'ready', data }),
      (error: unknown) => mine === generation.current && setState((s) => ({ status: 'error', data: s.data, error: error instanceof Error ? error : new Error(String(error)) })),
    );
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
