import type { launchChromium } from '../../../../../e2e/src/test/launch-chromium';

// The browser types through the e2e's launcher (whose playwright-core this suite drives).
type BrowserContext = Awaited<ReturnType<typeof launchChromium>>['context'];
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

/** What the probe recorded for one page load, in ms since navigation start (`performance.now()`). */
export interface LoadTimes {
  /** First frame in which the fitness chart's canvas has ink. */
  readonly firstChart: number;
  /** First frame after which every chart panel is settled, the trial table has rows and no tRPC request is in flight. */
  readonly interactive: number;
  /** First frame in which the trial table shows rows, and how many rows it holds. */
  readonly table: { readonly at: number; readonly rows: number };
}

/**
 * Installed before any page script (`addInitScript`): counts the tRPC requests in flight (from the
 * call to the end of the body) and, every animation frame until the page is interactive, checks
 * the conditions of {@link LoadTimes}. Runs in the browser.
 */
function probe() {
  type Bench = { inflight: number; firstChart?: number; interactive?: number; table?: { at: number; rows: number } };
  const w = window as unknown as { __bench: Bench; fetch: typeof fetch };
  const bench: Bench = { inflight: 0 };
  w.__bench = bench;
  const original = w.fetch.bind(window);
  w.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const promise = original(input, init);
    if (!url.includes('/api/trpc/') || url.includes('live.')) return promise;
    bench.inflight++;
    return promise.then(
      (res) => {
        void res
          .clone()
          .arrayBuffer()
          .catch(() => undefined)
          .finally(() => bench.inflight--);
        return res;
      },
      (error: unknown) => {
        bench.inflight--;
        throw error;
      },
    );
  };
  const inked = (canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    if (width === 0 || height === 0) return false;
    const d = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 64) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) if (++n > 100) return true;
    return false;
  };
  const settled = () => {
    const panels = Array.from(document.querySelectorAll('[data-panel]'));
    return (
      panels.length > 0 &&
      panels.every((p) => {
        const state = p.querySelector('[data-state]');
        if (state?.getAttribute('data-state') === 'loading') return false;
        const chart = p.querySelector('[data-chart]');
        return chart ? Number(chart.getAttribute('data-series')) > 0 && chart.querySelector('canvas') !== null : state !== null;
      })
    );
  };
  // Interactive: the frame after the conditions began to hold, once they have held for QUIET_MS
  // without a break. A page reading a list in pages has no request in flight for a moment between
  // two pages; without the quiet window, such a moment counted as the end of the load (and the
  // zoom measured next then raced the remaining pages for the server).
  const QUIET_MS = 300;
  let ready: number | undefined;
  let paintedAt: number | undefined;
  const tick = () => {
    const now = performance.now();
    if (bench.firstChart === undefined) {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-chart=fitness] canvas');
      if (canvas && inked(canvas)) bench.firstChart = now;
    }
    if (bench.table === undefined) {
      const table = document.querySelector('[data-testid=trial-table]');
      if (table?.querySelector('tr[data-trial]')) bench.table = { at: now, rows: Number(table.getAttribute('data-rows')) };
    }
    const holds = bench.firstChart !== undefined && bench.table !== undefined && bench.inflight === 0 && settled();
    if (!holds) {
      ready = undefined;
      paintedAt = undefined;
    } else if (ready === undefined) ready = now;
    else {
      paintedAt ??= now;
      if (now - ready >= QUIET_MS) bench.interactive = paintedAt;
    }
    if (bench.interactive === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Adds the probe to every page of the context. */
export async function installProbe(context: BrowserContext): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`: the page
  // needs that helper for the probe and for the functions `page.evaluate` sends.
  await context.addInitScript({ content: `globalThis.__name = (target) => target;\n(${probe.toString()})();` });
}

/** A new page with the browser cache disabled, so each load is a first visit. */
export async function coldPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return page;
}

/** Opens `url` and waits (up to `timeoutMs`) for the probe's figures. */
export async function loadTimes(page: Page, url: string, timeoutMs = 120_000): Promise<LoadTimes> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __bench?: { interactive?: number } }).__bench?.interactive !== undefined, undefined, {
    timeout: timeoutMs,
    polling: 100,
  });
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { firstChart: number; interactive: number; table: { at: number; rows: number } } }).__bench;
    return { firstChart: b.firstChart, interactive: b.interactive, table: b.table };
  });
}

/**
 * Zooms the fitness chart to `[from, to]` as the user's drag would end (an ECharts `dataZoom`
 * action) and resolves with the ms until the frame after the chart shows that range's detail
 * (its `data-view` becomes `detail:<from>-<to>`): the settle delay, the URL update, the detail
 * requests and the redraw.
 */
export async function zoomDetail(page: Page, from: number, to: number, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(
    ({ from, to, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const el = document.querySelector('[data-chart=fitness]') as HTMLElement;
        const chart = (window as unknown as { __epigenomeEcharts: { getInstanceByDom(e: HTMLElement): { dispatchAction(a: unknown): void } } }).__epigenomeEcharts.getInstanceByDom(
          el,
        );
        const start = performance.now();
        chart.dispatchAction({ type: 'dataZoom', startValue: from, endValue: to });
        const check = () => {
          if (el.dataset.view === `detail:${from}-${to}`) requestAnimationFrame(() => resolve(performance.now() - start));
          else if (performance.now() - start > timeoutMs) reject(new Error(`no detail for ${from}-${to} after ${timeoutMs} ms (view: ${el.dataset.view})`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { from, to, timeoutMs },
  );
}

/** The JavaScript files the page loaded (resource timing entries of scripts). */
export async function scriptUrls(page: Page): Promise<{ url: string; wireBytes: number }[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(e.name).pathname))
      .map((e) => ({ url: e.name, wireBytes: e.encodedBodySize })),
  );
}

/**
 * On the 10,000-trial page: ms from scrolling the trial table to its end until its last row is
 * drawn, and from typing a filter until the table's count shows the filtered number.
 */
export async function tableInteractions(page: Page, lastTrialId: string, filter: string): Promise<{ scrollMs: number; filterMs: number; filtered: string }> {
  return page.evaluate(
    ({ lastTrialId, filter }) =>
      new Promise<{ scrollMs: number; filterMs: number; filtered: string }>((resolve) => {
        const table = document.querySelector('[data-testid=trial-table]') as HTMLElement;
        const start = performance.now();
        table.scrollTop = table.scrollHeight;
        const scrolled = () => {
          if (!table.querySelector(`tr[data-trial="${CSS.escape(lastTrialId)}"]`)) return requestAnimationFrame(scrolled);
          const scrollMs = performance.now() - start;
          const input = document.querySelector('input[aria-label="filter trials"]') as HTMLInputElement;
          const count = document.querySelector('[data-testid=trial-count]') as HTMLElement;
          const before = count.textContent;
          const typed = performance.now();
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, filter);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const filtered = () => {
            if (count.textContent === before) return requestAnimationFrame(filtered);
            resolve({ scrollMs, filterMs: performance.now() - typed, filtered: count.textContent ?? '' });
          };
          filtered();
        };
        scrolled();
      }),
    { lastTrialId, filter },
  );
}
