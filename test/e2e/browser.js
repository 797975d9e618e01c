// End-to-end helpers: the reference server on a free port and Debian's browsers: setup() gives
// Chromium through puppeteer, setupIn(engine) any of the three engines through ./driver.js.
import puppeteer from 'puppeteer';
import { startServer } from '../../server/index.js';
import { chromiumLaunchOptions, selectedEngines } from '../browsers.js';
import { asPage, launchEngine } from './driver.js';

export { CHROMIUM } from '../browsers.js';

export async function launch() {
  return puppeteer.launch(chromiumLaunchOptions);
}

/** Starts the reference server and a browser (`open()`); returns both and a closer. */
async function withServer(open) {
  const server = await startServer({ port: 0, quiet: true });
  let browser;
  try {
    browser = await open();
  } catch (error) {
    await server.close();
    throw error;
  }
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

/** The reference server and Chromium (a puppeteer Browser). */
export function setup() {
  return withServer(launch);
}

/** The engines the end-to-end tests that run in every engine use (BROWSERS picks, as for the browser tests). */
export const engines = selectedEngines();

/** The reference server and `engine`; browser.newPage() gives an engine-neutral page (./driver.js). */
export function setupIn(engine) {
  return withServer(() => launchEngine(engine));
}

/** Collects page errors and unhandled rejections, so a test can assert there were none. */
export function watchErrors(page) {
  return asPage(page).watchErrors();
}
