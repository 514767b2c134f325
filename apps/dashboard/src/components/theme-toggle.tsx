'use client';
import { useTheme } from '../lib/use-theme';

/** Switches between the dark and light themes; the choice is remembered in this browser. */
export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      aria-label={`switch to the ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => {
        document.documentElement.dataset.theme = next;
        try {
          localStorage.setItem('epigenome-theme', next);
        } catch {
          // private mode: the choice lasts for this page only
        }
      }}
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
