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

const DVC_EVENTS = ['dvc-login', 'dvc-logout', 'dvc-error', 'dvc-profile-synced', 'dvc-profile-request', 'dvc-dossier-select'];

/**
 * Records what a page script of `page` could ever read, across every navigation: the address of
 * every document the tab commits (and so its history), the detail of every dvc-* event, and every
 * answer the page's own fetch calls get (a script of the page can wrap fetch, as this one does).
 * It also records every request URL the browser sends (redirects included) and the codes the
 * provider sends to `callbackPath` (the front channel of the code flow, seen by no page script).
 * `snapshot()` reads the storages, `document.cookie` and the address as a page script would.
 */
export async function watchWhatPagesSee(page, { callbackPath = '/auth/callback' } = {}) {
  const seen = { documents: [], events: [], answers: [], requests: [], codes: [], snapshots: [] };
  page.on('framenavigated', (frame) => seen.documents.push(frame.url()));
  page.on('request', (request) => {
    const url = new URL(request.url());
    seen.requests.push(url.href);
    if (url.pathname === callbackPath && url.searchParams.get('code')) seen.codes.push(url.searchParams.get('code'));
  });
  await page.exposeFunction('__dvcSawEvent', (type, detail) => seen.events.push(`${type} ${detail}`));
  await page.exposeFunction('__dvcSawAnswer', (url, body) => seen.answers.push(`${url} ${body}`));
  await page.evaluateOnNewDocument((types) => {
    for (const type of types) {
      document.addEventListener(type, (event) => window.__dvcSawEvent(type, JSON.stringify(event.detail ?? null)), true);
    }
    const original = window.fetch;
    window.fetch = async (...args) => {
      const response = await original(...args);
      response.clone().text().then((body) => window.__dvcSawAnswer(response.url, body), () => undefined);
      return response;
    };
  }, DVC_EVENTS);
  return {
    seen,
    /** What a script of the page in front reads now: storages, cookies, the address, history length. */
    async snapshot() {
      const state = await page.evaluate(() => ({
        sessionStorage: JSON.stringify({ ...sessionStorage }),
        localStorage: JSON.stringify({ ...localStorage }),
        cookie: document.cookie,
        href: location.href,
        history: history.length,
      }));
      seen.snapshots.push(state);
      return state;
    },
  };
}
