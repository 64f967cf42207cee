// `npm run test:browser`: the HTML conformance report of a run with one deliberate failure, opened in
// headless Chromium (Debian's package; `.ci/run` installs it when missing). Asserts on the rendered
// page (failures first, sticky bar, search, folded groups, the curl block and its Copy button) and saves
// screenshots to reports/conformance.png (light) and reports/conformance-dark.png. Not part of `npm test`.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROKEN_PROPERTY, type FailingRun, failingRun } from '../helpers/failing-run.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve('reports', 'conformance.png');
const DARK_SCREENSHOT = path.resolve('reports', 'conformance-dark.png');

let run: FailingRun;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  // Vocalis too: its operations outside the façade are the folded groups of cases not run.
  run = await failingRun({}, ['vocalis']);
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
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

const visibleRows = () =>
  page.$$eval('#matrix tr[data-id]', (trs) =>
    trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.getAttribute('data-id')),
  );

describe('the HTML report in Chromium', () => {
  test('runs its script without an error', () => {
    expect(pageErrors).toEqual([]);
  });

  test('shows the summary and the deliberate failure at the top, with its reason', async () => {
    await expect.poll(() => page.textContent('#summary')).toMatch(/\d+ passed, [1-9]\d* failed/);
    const first = page.locator('.card').first();
    expect(await first.isVisible()).toBe(true);
    expect(await first.locator('.reason').first().textContent()).toContain(BROKEN_PROPERTY);
    // Above the matrix: the failures come first on the page.
    const failureTop = (await first.boundingBox())!.y;
    const matrixTop = (await page.locator('#matrix').boundingBox())!.y;
    expect(failureTop).toBeLessThan(matrixTop);
  });

  test('shows the curl of the first failure, which the Copy button puts on the clipboard', async () => {
    const curl = page.locator('.card-failed .curl').first();
    expect(await curl.isVisible()).toBe(true);
    const command = (await curl.locator('pre').textContent())!;
    expect(command).toMatch(/^curl -sS -i -X GET 'http:\/\/127\.0\.0\.1:\d+\/agents/);
    expect(command).toContain(`-H 'authorization: Bearer '"$API_KEY"`);
    expect(command).not.toContain('conformance-mock-key');
    await curl.locator('button').click();
    await expect.poll(() => curl.locator('button').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    // Expected and actual side by side, the missing property marked in the actual body.
    const expected = (await page.locator('.card-failed .expected').first().boundingBox())!;
    const actual = (await page.locator('.card-failed .actual').first().boundingBox())!;
    expect(actual.x).toBeGreaterThan(expected.x + expected.width - 1);
    expect(Math.abs(actual.y - expected.y)).toBeLessThan(2);
    expect(await page.locator('.card-failed .actual .add').first().textContent()).toContain(BROKEN_PROPERTY);
  });

  test('keeps the bar with search and legend on screen while scrolling', async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    const bar = (await page.locator('header.top').boundingBox())!;
    expect(bar.y).toBe(0);
    expect(await page.locator('#legend').isVisible()).toBe(true);
    expect(await page.locator('#search').isVisible()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  test('renders the matrix with coloured cells and a time per case', async () => {
    expect((await visibleRows()).length).toBeGreaterThan(20);
    const failedCell = page.locator('#matrix td.check.failed').first();
    const passedCell = page.locator('#matrix td.check.passed').first();
    const colour = (l: typeof failedCell) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await colour(failedCell)).not.toBe(await colour(passedCell));
    expect(await page.locator('#matrix tr[data-id] td.ms').first().textContent()).toMatch(/^\d+ ms$/);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    // Tall enough for the first failure whole: reason, curl, expected and actual side by side.
    await page.setViewportSize({ width: 1280, height: 1250 });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(dark).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: DARK_SCREENSHOT });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('search narrows the failures and the matrix to the cases that match', async () => {
    const all = (await visibleRows()).length;
    await page.fill('#search', 'archiveAgent 200');
    expect(await visibleRows()).toEqual(['qoder archiveAgent 200']);
    expect(await page.locator('[data-section=failures] .card:visible').count()).toBe(1);
    // Three operation cases and Qoder's examples case (a defect in our spec fails the run).
    expect(await page.textContent('[data-section=failures] .count')).toBe('1 of 4');
    await page.fill('#search', 'deliberately_missing');
    expect((await visibleRows()).every((id) => id!.startsWith('qoder '))).toBe(true);
    await page.fill('#search', 'no case has this text');
    expect(await visibleRows()).toEqual([]);
    await page.fill('#search', '');
    expect((await visibleRows()).length).toBe(all);
  });

  test('the cases not run are folded into one count per vendor, opened by a click', async () => {
    expect(await page.locator('tbody.group .group-head button').allTextContents()).toEqual([
      expect.stringMatching(/^127 vocalis operations not covered by the façade/),
      expect.stringMatching(/^\d+ vocalis cases out of scope/),
    ]);
    const group = page.locator('tbody.group', { hasText: 'out of scope' });
    const head = group.locator('.group-head button');
    const total = Number(await group.getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    expect(await head.textContent()).toMatch(new RegExp(`^${total} vocalis cases out of scope`));
    expect(await group.locator('tr[data-id]:visible').count()).toBe(0);
    await head.click();
    expect(await head.getAttribute('aria-expanded')).toBe('true');
    expect(await group.locator('tr[data-id]:visible').count()).toBe(total);
    await head.click();
    expect(await group.locator('tr[data-id]:visible').count()).toBe(0);
  });

  test('filters by vendor and by outcome', async () => {
    const visibleVendors = async () => [
      ...new Set(
        await page.$$eval('#matrix tr[data-id]', (trs) =>
          trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.getAttribute('data-vendor')),
        ),
      ),
    ];
    await page.selectOption('#vendor', 'ayra');
    expect(await visibleVendors()).toEqual(['ayra']);
    await page.selectOption('#vendor', '');
    expect((await visibleVendors()).sort()).toEqual(['ayra', 'qoder', 'vocalis']);
    await page.uncheck('input[name=outcome][value=failed]');
    expect(await page.locator('.card-failed').first().isVisible()).toBe(false);
    await page.check('input[name=outcome][value=failed]');
    expect(await page.locator('.card-failed').first().isVisible()).toBe(true);
  });
});
