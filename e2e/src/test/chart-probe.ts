import type { Page } from 'playwright-core';

/** What a test reads of one rendered chart: its title, series (name, type, points or graph links) and inked canvas pixels. */
export interface ChartProbe {
  readonly title: string | undefined;
  readonly series: { readonly name: string; readonly type: string; readonly points: number }[];
  /** Pixels of the chart's canvas that differ from its background (0 = blank canvas). */
  readonly inked: number;
}

/**
 * Reads the chart `data-chart=name` in the page through `echarts.getInstanceByDom` (exposed by the
 * dashboard as `window.__epigenomeEcharts`) and counts its canvas's non-background pixels.
 */
export async function probeChart(page: Page, name: string): Promise<ChartProbe> {
  return page.evaluate((chart) => {
    const element = document.querySelector(`[data-chart="${chart}"]`) as HTMLElement | null;
    if (!element) throw new Error(`no chart "${chart}" on the page`);
    const api = (window as unknown as { __epigenomeEcharts?: { getInstanceByDom(el: HTMLElement): { getOption(): any } | undefined } }).__epigenomeEcharts;
    const instance = api?.getInstanceByDom(element);
    if (!instance) throw new Error(`chart "${chart}" has no ECharts instance`);
    const option = instance.getOption();
    const canvas = element.querySelector('canvas');
    let inked = 0;
    if (canvas) {
      const ctx = canvas.getContext('2d');
      const { width, height } = canvas;
      const data = ctx!.getImageData(0, 0, width, height).data;
      const [r0, g0, b0, a0] = [data[0], data[1], data[2], data[3]];
      for (let i = 0; i < data.length; i += 4) if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0 || data[i + 3] !== a0) inked++;
    }
    const series = (option.series ?? []).map((s: any) => ({
      name: String(s.name ?? ''),
      type: String(s.type),
      // a graph's marks are its links (edges); other series' are their data points
      points: s.type === 'graph' && Array.isArray(s.links) ? s.links.length : Array.isArray(s.data) ? s.data.length : 0,
    }));
    return { title: option.title?.[0]?.text, series, inked };
  }, name);
}
