'use client';
import { useSyncExternalStore } from 'react';

export type Theme = 'dark' | 'light';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const read = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

/** The page's current theme (`data-theme` on `<html>`), re-rendering when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, read, () => 'light');
}
