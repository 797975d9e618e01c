// End-to-end helpers: the reference server on a free port and Debian's Chromium driven by puppeteer.
import puppeteer from 'puppeteer';
import { startServer } from '../../server/index.js';
import { chromiumLaunchOptions } from '../browsers.js';

export { CHROMIUM } from '../browsers.js';

export async function launch() {
  return puppeteer.launch(chromiumLaunchOptions);
}

/** Starts the reference server and a browser; returns both and a closer. */
export async function setup() {
  const server = await startServer({ port: 0, quiet: true });
  const browser = await launch();
  return {
    server,
    browser,
    url: (path = '/') => new URL(path, server.url).href,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Collects page errors and unhandled rejections, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}

/** Text of an element inside shadow roots: `>>>` selectors reach through them. */
export async function textOf(page, selector) {
  const handle = await page.waitForSelector(selector);
  return handle.evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim());
}
