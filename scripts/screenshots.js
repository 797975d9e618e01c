#!/usr/bin/env node
// Screenshots of the demo pages and the provider's sign-in steps at 320, 390 and 1280 CSS px, in
// Debian's Chromium against the reference server (started here on a free port, stopped at the end).
// Output: screenshots/<page>-<width>.png (ignored by git). Run with `npm run screenshots` (it builds
// first). Pages the server does not serve (/backend.html before backend mode lands) are skipped.
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer';
import { startServer } from '../server/index.js';
import { chromiumLaunchOptions } from '../test/browsers.js';
import { KIET, latestCode, reachCodeStep, submitCode, waitForName } from '../test/e2e/citizens.js';

const OUT = fileURLToPath(new URL('../screenshots/', import.meta.url));
const WIDTHS = [320, 390, 1280];
const HEIGHT = { 320: 640, 390: 844, 1280: 900 };

/** Waits until no element's shadow root still shows a loading text, so a picture shows the data. */
async function settled(page) {
  await page
    .waitForFunction(
      () => {
        const roots = [...document.querySelectorAll('*')].map((el) => el.shadowRoot).filter(Boolean);
        return roots.every((root) => !/Đang tải|Loading/.test(root.textContent));
      },
      { timeout: 10000, polling: 100 },
    )
    .catch(() => {});
  await page.evaluate(() => document.fonts.ready);
}

async function shoot(page, name, width) {
  await page.setViewport({ width, height: HEIGHT[width] });
  await settled(page);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  const file = `${OUT}${name}-${width}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const note = scroll > width ? `  ⚠ scrolls sideways: ${scroll} px wide` : '';
  console.log(`${file.slice(OUT.length)}${note}`);
  return scroll <= width;
}

const server = await startServer({ port: 0, quiet: true });
const browser = await puppeteer.launch(chromiumLaunchOptions);
let wide = 0;
try {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const url = (path) => new URL(path, server.url).href;

  for (const width of WIDTHS) {
    // A context of its own per width: no provider session carries over from the last one.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // Still pictures: no chart caught half-way through its animation.
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.setViewport({ width, height: HEIGHT[width] });
    for (const [name, path] of [['agency', '/'], ['portal', '/portal.html'], ['backend', '/backend.html']]) {
      const response = await page.goto(url(path));
      if (!response.ok()) {
        console.log(`${name}-${width}.png skipped: ${path} answers ${response.status()}`);
        continue;
      }
      if (!(await shoot(page, name, width))) wide++;
    }

    // The provider's sign-in steps, then the agency page signed in.
    await page.goto(url('/'));
    await page.click('dvc-login-button >>> button[part="button"]');
    await page.waitForFunction(() => location.pathname.startsWith('/interaction/'), { timeout: 15000 });
    await page.waitForFunction(() => document.querySelector('dvc-signin')?.shadowRoot?.querySelector('button[value="vneid"]'), { timeout: 15000 });
    if (!(await shoot(page, 'signin-1-account', width))) wide++;
    await page.click('dvc-signin >>> button[value="vneid"]');
    await page.waitForFunction(() => document.querySelector('dvc-signin')?.shadowRoot?.querySelector('input[name="idNumber"]'), { timeout: 15000 });
    await page.type('dvc-signin >>> input[name="idNumber"]', '04509000123');
    await page.click('dvc-signin >>> button[part="submit"]');
    if (!(await shoot(page, 'signin-2-credentials-invalid', width))) wide++;
    // Back to a fresh start of step 2 and through it, to the code step.
    await page.goto(url('/'));
    await page.click('dvc-login-button >>> button[part="button"]');
    const since = await reachCodeStep(page, KIET);
    if (!(await shoot(page, 'signin-3-code', width))) wide++;
    await submitCode(page, await latestCode(server.url, since));
    await waitForName(page, KIET.name);
    if (!(await shoot(page, 'agency-signed-in', width))) wide++;
    await page.click('dvc-login-button >>> [part="name"]');
    if (!(await shoot(page, 'agency-menu', width))) wide++;
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(wide ? `${wide} screenshot(s) scroll sideways` : 'no page scrolls sideways');
process.exitCode = wide ? 1 : 0;
