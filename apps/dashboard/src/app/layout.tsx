import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ThemeToggle } from '../components/theme-toggle';
import { ApiProvider } from '../lib/api-context';
import './globals.css';

export const metadata: Metadata = { title: 'Epigenome', description: 'Multi-level regulation of hyperparameters, live and across runs.' };

// Applies the saved theme (or the system's) before the first paint, so no page flashes the wrong one.
const THEME_SCRIPT = `try{var t=localStorage.getItem('epigenome-theme');if(t!=='dark'&&t!=='light'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <header className="top">
          <a className="brand" href="/">
            Epigenome
          </a>
          <nav>
            <a href="/">Experiments</a>
            <a href="/compare">Compare</a>
            <a href="/memory">Memory</a>
          </nav>
          <ThemeToggle />
        </header>
        <ApiProvider>
          <main>{children}</main>
        </ApiProvider>
      </body>
    </html>
  );
}
