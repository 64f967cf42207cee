// `npm run test:browser`: the HTML conformance report of a run with one deliberate failure, opened in
// headless Chromium (Debian's package; `.ci/run` installs it when missing). Asserts on the rendered
// page and saves a screenshot to reports/conformance.png. Not part of `npm test`.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROKEN_PROPERTY, type FailingRun, failingRun } from '../reports/failing-run.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve('reports', 'conformance.png');

let run: FailingRun;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  run = await failingRun();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Any request leaving the file (a CDN, a font) would break "self-contained": fail it loudly.
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) external.push(request.url());
  });
  await page.goto(pathToFileURL(run.html).href);
  expect(external).toEqual([]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (run) rmSync(run.dir, { recursive: true, force: true });
});

describe('the HTML report in Chromium', () => {
  test('shows the summary and the deliberate failure at the top, with its reason', async () => {
    await expect.poll(() => page.textContent('#summary')).toMatch(/\d+ passed, [1-9]\d* failed/);
    const first = page.locator('.failure').first();
    expect(await first.isVisible()).toBe(true);
    expect(await first.locator('.reason').first().textContent()).toContain(BROKEN_PROPERTY);
    // Above the matrix: the failures come first on the page.
    const failureTop = (await first.boundingBox())!.y;
    const matrixTop = (await page.locator('#matrix').boundingBox())!.y;
    expect(failureTop).toBeLessThan(matrixTop);
  });

  test('renders the matrix with coloured cells', async () => {
    const rows = page.locator('#matrix tbody tr');
    expect(await rows.count()).toBeGreaterThan(20);
    const failedCell = page.locator('#matrix td.check.failed').first();
    const passedCell = page.locator('#matrix td.check.passed').first();
    const colour = (l: typeof failedCell) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await colour(failedCell)).not.toBe(await colour(passedCell));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  test('filters by vendor and by outcome', async () => {
    const visibleVendors = () =>
      page.$$eval('#matrix tbody tr', (trs) => [
        ...new Set(trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.getAttribute('data-vendor'))),
      ]);
    await page.selectOption('#vendor', 'ayra');
    expect(await visibleVendors()).toEqual(['ayra']);
    await page.selectOption('#vendor', '');
    expect((await visibleVendors()).sort()).toEqual(['ayra', 'qoder']);
    await page.uncheck('input[name=outcome][value=failed]');
    expect(await page.locator('.failure').first().isVisible()).toBe(false);
    await page.check('input[name=outcome][value=failed]');
    expect(await page.locator('.failure').first().isVisible()).toBe(true);
  });
});
