import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemory, type Memory } from '@epigenome/memory';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeChart } from './test/chart-probe';
import { launchChromium } from './test/launch-chromium';
import { seedExperiment, type SeededExperiment } from './test/seed-experiment';
import { startDashboard, type RunningDashboard } from './test/start-dashboard';
import { apiQuery } from './test/start-api';

// A large experiment (2,000 trials, 3,000 regulation events, seeded straight into the store) on
// the real server and the production build: the page must draw aggregates computed on the
// server — quantile bands, events counted per bucket and lane, sampled parallel coordinates —
// and list every trial in the virtualised table, then zoom into a range in detail.
const shots = fileURLToPath(new URL('../screenshots/', import.meta.url));
const mod = (await import('@epigenome/api/server')) as { startServer?: (o: { memory: Memory; port?: number }) => Promise<{ url: string; close(): Promise<void> }> };
const reason = typeof mod.startServer === 'function' ? undefined : '@epigenome/api/server does not export startServer';

describe.skipIf(reason !== undefined)('a large experiment in Chromium', () => {
  let dir: string;
  let memory: Memory;
  let server: { url: string; close(): Promise<void> };
  let dashboard: RunningDashboard;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let seeded: SeededExperiment;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'epigenome-e2e-large-'));
    memory = await openMemory({ dir: join(dir, 'db') });
    seeded = await seedExperiment(memory, { name: 'e2e-large', trials: 2000, points: 50, every: 20, events: 3000 });
    server = await mod.startServer!({ memory, port: 0 });
    dashboard = await startDashboard(server.url);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await server?.close();
    await memory?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('draws the population as server-side quantile bands, events per bucket and lane, and a sample of the configurations', async () => {
    await page.goto(`${dashboard.url}/experiments/${encodeURIComponent(seeded.experimentId)}`);
    for (const chart of ['fitness', 'regulation', 'timeline', 'parallel']) await page.waitForSelector(`[data-chart=${chart}] canvas`, { timeout: 60_000 });
    await page.waitForTimeout(500);
    const bands = await apiQuery<{ trials: number; bands: unknown[] }>(server.url, 'aggregate.population', {
      experimentId: seeded.experimentId,
      metric: 'val_accuracy',
      buckets: 300,
    });
    const counts = await apiQuery<{ total: number; buckets: { level: string; n: number }[] }>(server.url, 'aggregate.events', { experimentId: seeded.experimentId, buckets: 80 });
    expect(bands.trials).toBe(2000);
    expect(counts.total).toBe(seeded.events);

    const fitness = await probeChart(page, 'fitness');
    expect(fitness.inked).toBeGreaterThan(2000);
    // Two stacked bands (lower edge + height each), median, population max and the best trial: not 2,000 lines.
    expect(fitness.series.map((s) => s.name)).toEqual([
      '10–90 % of trials (lower edge)',
      '10–90 % of trials',
      '25–75 % of trials (lower edge)',
      '25–75 % of trials',
      'median trial',
      'population max',
      expect.any(String),
    ]);
    expect(fitness.series.slice(0, 6).every((s) => s.points === bands.bands.length)).toBe(true);

    const timeline = await probeChart(page, 'timeline');
    expect(timeline.inked).toBeGreaterThan(2000);
    expect(timeline.series.map((s) => s.name).sort()).toEqual([...new Set(counts.buckets.map((b) => b.level))].sort());
    expect(timeline.series.reduce((n, s) => n + s.points, 0)).toBe(counts.buckets.length);
    expect(await page.textContent('[data-panel=timeline]')).not.toContain('Loading');

    const parallel = await probeChart(page, 'parallel');
    expect(parallel.series).toEqual([{ name: 'trials', type: 'parallel', points: 1000 }]);
    const subtitle = await page.evaluate(() => {
      const el = document.querySelector('[data-chart=parallel]') as HTMLElement;
      return (window as any).__epigenomeEcharts.getInstanceByDom(el).getOption().title[0].subtext as string;
    });
    expect(subtitle).toContain('sample of 1,000 of 2,000 trials');

    const regulation = await probeChart(page, 'regulation');
    expect(regulation.inked).toBeGreaterThan(2000);
    // 64 trials' effective values at most (the best and the focused one), plus the focused trial's levels and event marks.
    expect(regulation.series.filter((s) => s.type === 'line').length).toBeLessThanOrEqual(64 + 3);
    await shoot(page, 'large-experiment');
  });

  it('lists and filters all 2,000 trials in the virtualised table', async () => {
    const table = page.locator('[data-testid=trial-table]');
    expect(await table.getAttribute('data-rows')).toBe('2000');
    // Virtualised: far fewer rows in the DOM than trials.
    expect(await page.locator('[data-testid=trial-table] tr[data-trial]').count()).toBeLessThan(60);
    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator(`tr[data-trial="${seeded.trialIds.at(-1)}"]`).waitFor();
    const trials = await apiQuery<{ id: string; config: Record<string, unknown> }[]>(server.url, 'trials.list', { experimentId: seeded.experimentId });
    const adam = trials.filter((t) => t.config.optimizer === 'adam').length;
    await page.fill('input[aria-label="filter trials"]', 'optimizer=adam');
    await page.waitForFunction((n) => document.querySelector('[data-testid=trial-count]')?.textContent === `${n.toLocaleString('en')} of 2,000 trials`, adam);
    expect(await table.getAttribute('data-rows')).toBe(String(adam));
    expect(new URL(page.url()).searchParams.get('tq')).toBe('optimizer=adam');
  });

  it('zooms into a range and shows its detail', async () => {
    const from = 200;
    const to = 400;
    // One detail request per zoom (it is asked before ECharts draws the zoom; the event after must not ask again).
    const detailRequests: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (/(series|aggregate)\.population/.test(request.url()) && request.url().includes('fromStep')) detailRequests.push(request.url());
    };
    page.on('request', onRequest);
    const zoom = async (action: Record<string, number>, view: string) => {
      await page.evaluate((a) => {
        const el = document.querySelector('[data-chart=fitness]') as HTMLElement;
        (window as any).__epigenomeEcharts.getInstanceByDom(el).dispatchAction({ type: 'dataZoom', ...a });
      }, action);
      await page.waitForFunction((v) => (document.querySelector('[data-chart=fitness]') as HTMLElement).dataset.view === v, view, { timeout: 30_000 });
    };
    await zoom({ startValue: from, endValue: to }, `detail:${from}-${to}`);
    expect(new URL(page.url()).searchParams.get('from')).toBe(String(from));
    expect(detailRequests).toHaveLength(1);
    // A slider's end (percentages of the axis, 0..lastStep): the same, mapped onto steps.
    await zoom({ start: 10, end: 20 }, `detail:${Math.floor(seeded.lastStep * 0.1)}-${Math.ceil(seeded.lastStep * 0.2)}`);
    expect(detailRequests).toHaveLength(2);
    await zoom({ startValue: from, endValue: to }, `detail:${from}-${to}`);
    page.off('request', onRequest);
    expect(detailRequests).toHaveLength(3);
    // The zoomed timeline holds few enough events to draw each one.
    const inRange = await apiQuery<{ total: number }>(server.url, 'aggregate.events', { experimentId: seeded.experimentId, fromStep: from, toStep: to });
    await page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-chart=timeline]') as HTMLElement | null;
        const option = el && (window as any).__epigenomeEcharts.getInstanceByDom(el)?.getOption();
        return option && option.series.reduce((k: number, s: { data: unknown[] }) => k + s.data.length, 0) === n;
      },
      inRange.total,
      { timeout: 30_000 },
    );
    await shoot(page, 'large-experiment-zoomed');
  });

  it('resets the zoom to the whole run', async () => {
    // The chart merges each new option into its last one: the reset must say "the whole axis", or
    // the previous window would stay.
    await page.getByRole('button', { name: /^Reset zoom/ }).click();
    await page.waitForFunction(() => (document.querySelector('[data-chart=fitness]') as HTMLElement).dataset.view === 'overview');
    const shown = await page.evaluate(() => {
      const el = document.querySelector('[data-chart=fitness]') as HTMLElement;
      const zoom = (window as any).__epigenomeEcharts
        .getInstanceByDom(el)
        .getOption()
        .dataZoom.map((z: { start: number; end: number }) => [z.start, z.end]);
      return { zoom, from: new URL(location.href).searchParams.get('from') };
    });
    expect(shown).toEqual({
      zoom: [
        [0, 100],
        [0, 100],
      ],
      from: null,
    });
  });

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

async function shoot(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}${name}-${theme}.png`, fullPage: true });
  }
}
