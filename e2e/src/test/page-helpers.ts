import type { Page } from 'playwright-core';

/** Polls `check` every 200 ms until it holds; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Full-page screenshots of `page` in the light and the dark theme: `<dir><name>-light.png`, `<dir><name>-dark.png`. */
export async function shootThemes(page: Page, dir: string, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${dir}${name}-${theme}.png`, fullPage: true });
  }
}
