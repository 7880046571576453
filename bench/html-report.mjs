// Size and first contentful paint of the --html review page, in headless Chromium.
//   node bench/html-report.mjs PAGE.html [PAGE.html ...]
// (write the pages first: node bin/dedupe.js CORPUS --html PAGE.html --quiet)
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const started = Date.now();
  await page.goto(pathToFileURL(file).href, { timeout: 600_000, waitUntil: 'load' });
  await page.waitForSelector('details.cluster', { timeout: 600_000 });
  const loaded = Date.now() - started;
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  const shown = await page.evaluate(() => document.getElementById('count').textContent);
  // Time for the search box to filter the whole list.
  const t0 = Date.now();
  await page.fill('#search', 'zzzz-no-match');
  await page.waitForSelector('#clusters .empty', { timeout: 600_000 });
  const searchMs = Date.now() - t0;
  console.log(JSON.stringify({ file, bytes: statSync(file).size, firstContentfulPaintMs: fcp === null ? null : Math.round(fcp), listShownMs: loaded, searchMs, shown }));
  await page.close();
}
await browser.close();
