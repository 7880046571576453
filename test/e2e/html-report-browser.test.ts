/**
 * The review page in a real browser (headless Chromium through playwright-core): every duplicate
 * cluster is listed, a known shared passage of a known pair is marked, search filters, a
 * #c000001 link opens its cluster, nothing is logged as an error and nothing is fetched.
 *
 * Needs a Chromium executable (Debian's `chromium`; CHROMIUM_PATH to use another). Without one
 * the test is skipped, except under CI, where it must run and fails when Chromium is missing.
 */

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES, ROOT } from '../helpers/paths.js';
import { story } from '../helpers/text.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const underCi = Boolean(process.env.CI);
if (!available && !underCi) console.warn(`html-report-browser: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH); under CI=true this test fails instead`);

describe.skipIf(!available && !underCi)('the review page in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let report: { clusters: { id: string; size: number; members: { id: string }[] }[] };

  beforeAll(async () => {
    assertBuilt();
    expect(existsSync(CHROMIUM), `Chromium is required under CI: none at ${CHROMIUM}`).toBe(true);
    dir = tempDir('dedupe-html-');
    file = path.join(dir, 'report.html');
    const result = await runCli([FIXTURES, '--json', '--html', file, '--quiet']);
    expect(result.code).toBe(0);
    report = JSON.parse(result.stdout);
    // Chromium makes temp entries of its own (.org.chromium.Chromium.*) and does not always remove
    // them by the time close() returns: it gets a temp folder of its own, removed with the others.
    const chromiumTemp = tempDir('dedupe-chromium-tmp-');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox'],
      env: { ...process.env, TMPDIR: chromiumTemp },
    });
  });

  afterAll(async () => {
    await browser?.close();
    removeTempDirs();
  });

  /** Opens the page with every console error, page error and non-file request recorded. */
  async function open(hash = ''): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href + hash);
    await page.waitForSelector('details.cluster');
    return { page, errors, requests };
  }

  it('lists every duplicate cluster, marks a known shared passage, and logs and fetches nothing', async () => {
    const { page, errors, requests } = await open();
    const duplicates = report.clusters.filter((c) => c.size > 1).map((c) => c.id);
    expect(await page.locator('details.cluster').evaluateAll((els) => els.map((e) => e.id))).toEqual(duplicates);
    // The Lowmere Water story: the archive's copy and the wire's share this sentence word for word.
    const cluster = report.clusters.find((c) => c.members.some((m) => m.id === 'mw-20250415-0047'))!;
    await page.locator(`#${cluster.id} > summary`).click();
    const pair = page.locator(`#${cluster.id} .pair[data-copy="mw-20250415-0047"]`);
    // A cluster's body is built on its toggle event, which follows the click as a task of its own.
    await pair.waitFor();
    const marks = await pair.locator('mark').allTextContents();
    expect(marks.some((t) => t.includes('23 percent of the water it treats is lost through leaks'))).toBe(true);
    // "filing" is the wire's word where the archive says "application": marked as found in one text only.
    expect((await pair.locator('.side').nth(1).locator('.only').allTextContents()).join(' ')).toContain('filing');
    expect((await pair.locator('.side').nth(0).locator('.only').allTextContents()).join(' ')).toContain('application');
    // What cleaning removed, folded away.
    expect(await pair.locator('details.removed').first().evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    expect(fcp).not.toBeNull();
    console.log(`html-report: fixtures page ${statSync(file).size} bytes, first contentful paint ${Math.round(fcp!)} ms`);
    const shots = tempDir('dedupe-html-shots-');
    await page.screenshot({ path: path.join(shots, 'review-report.png') });
    expect(statSync(path.join(shots, 'review-report.png')).size).toBeGreaterThan(0);
    if (process.env.DEDUPE_UPDATE_SCREENSHOT) {
      mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'docs', 'review-report.png') });
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('filters clusters as a title is typed in the search box', async () => {
    const { page, errors, requests } = await open();
    await page.locator('#search').pressSequentially('lowmere', { delay: 20 });
    await expect.poll(() => page.locator('details.cluster').count()).toBe(1);
    const shown = await page.locator('details.cluster').first().getAttribute('id');
    expect(report.clusters.find((c) => c.id === shown)!.members.map((m) => m.id)).toContain('mw-20250415-0047');
    await page.fill('#search', 'no such story anywhere');
    await expect.poll(() => page.locator('details.cluster').count()).toBe(0);
    await page.fill('#search', '');
    await expect.poll(() => page.locator('details.cluster').count()).toBe(report.clusters.filter((c) => c.size > 1).length);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('opens the cluster a #c000001 link names, and moves between clusters with j and k', async () => {
    const { page, errors, requests } = await open('#c000001');
    const first = report.clusters[0];
    // Only the linked cluster is laid out; the others' texts wait until they are opened.
    expect(await page.locator('#c000002 .pair').count()).toBe(0);
    expect(await page.locator('#c000001').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator('#c000001 .pair').count()).toBe(first.size - 1);
    await page.keyboard.press('j');
    expect(await page.locator('details.cluster.current').getAttribute('id')).toBe('c000002');
    await page.keyboard.press('k');
    expect(await page.locator('details.cluster.current').getAttribute('id')).toBe('c000001');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('lists a large run in chunks as it is scrolled, and a link opens a cluster not yet listed', async () => {
    const big = tempDir('dedupe-html-big-');
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) {
      const text = story(1000 + i);
      lines.push(JSON.stringify({ id: `s${i}`, title: `Story ${i}`, text }), JSON.stringify({ id: `s${i}-copy`, title: `Story ${i} (copy)`, text: `${text}\n\nSyndicated by another outlet.` }));
    }
    writeFileSync(path.join(big, 'feed.jsonl'), lines.join('\n') + '\n');
    const page_ = path.join(big, 'big.html');
    const result = await runCli([big, '--html', page_, '--quiet']);
    expect(result.code).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(page_).href);
    await page.waitForSelector('details.cluster');
    expect(await page.locator('details.cluster').count()).toBe(100);
    await page.locator('.more').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('details.cluster').count()).toBeGreaterThan(100);
    await page.goto(pathToFileURL(page_).href + '#c000240');
    await page.waitForSelector('#c000240[open] .pair');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the page file needs nothing beside it', () => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/<(?:link|iframe|object|embed)\b/i);
  });
});
