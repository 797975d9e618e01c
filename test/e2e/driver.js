// One page API over three engines, so an end-to-end test is written once and run in each:
// Chromium and Firefox through puppeteer (CDP and WebDriver BiDi), WebKit through webdriverio over
// WebDriver classic (WebKitGTK's MiniBrowser, see ../webkit.js). Selectors may use `>>>` to cross
// shadow roots in every engine (puppeteer's deep combinator; for WebKit the page resolves it itself).
import puppeteer from 'puppeteer';
import { remote } from 'webdriverio';
import { chromiumLaunchOptions, firefoxLaunchOptions } from '../browsers.js';
import { startWebKitDriver } from '../webkit.js';

/**
 * In the page: every element matching `selector`, where `a >>> b` is any b inside a (its light
 * children or any shadow root below it, however deep). Sent to the page as source, so self-contained.
 */
function deepQueryAll(selector) {
  const within = (root, part, out) => {
    for (const el of root.querySelectorAll(part)) out.add(el);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) within(el.shadowRoot, part, out);
  };
  let scopes = [document];
  for (const part of selector.split('>>>').map((s) => s.trim())) {
    const out = new Set();
    for (const scope of scopes) {
      within(scope, part, out);
      if (scope.shadowRoot) within(scope.shadowRoot, part, out);
    }
    scopes = [...out];
  }
  return scopes;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` in the page from here until it returns something truthy. A page that is navigating
 * answers nothing (or an error), and the poll goes on in the next document: the same in every engine,
 * where a wait inside the page would die with the document it started in. `fn` returns plain data
 * (a boolean, not an element: Firefox's BiDi cannot send a node back as a value).
 */
async function poll(page, fn, timeout, args) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      if (await page.evaluate(fn, ...args)) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`waitForFunction timed out after ${timeout} ms${last ? `: ${last.message}` : ''}`);
    await sleep(50);
  }
}

/** A page in Chromium or Firefox (puppeteer). */
class PuppeteerPage {
  constructor(page, engine) {
    this.raw = page;
    this.engine = engine;
  }
  goto(url) {
    return this.raw.goto(url);
  }
  reload() {
    return this.raw.reload();
  }
  /** The document's own address: puppeteer's page.url() can lag a navigation in Firefox (BiDi). */
  async url() {
    return this.raw.evaluate(() => location.href).catch(() => this.raw.url());
  }
  evaluate(fn, ...args) {
    return this.raw.evaluate(fn, ...args);
  }
  waitForFunction(fn, { timeout = 15000 } = {}, ...args) {
    return poll(this, fn, timeout, args);
  }
  async exists(selector) {
    return Boolean(await this.raw.$(selector).catch(() => null));
  }
  async click(selector) {
    await this.raw.click(selector);
  }
  async clickText(selector, text) {
    for (const item of await this.raw.$$(selector)) {
      if ((await item.evaluate((el) => el.textContent)).includes(text)) return item.click();
    }
    throw new Error(`no ${selector} reading "${text}"`);
  }
  async type(selector, text) {
    await this.raw.type(selector, text);
  }
  /** Replaces what a text box holds with `text`, as a person does: select all, delete, type. */
  async replaceText(selector, text) {
    const input = await this.raw.$(selector);
    await input.click({ count: 3 });
    await this.raw.keyboard.press('Backspace');
    await input.type(text);
  }
  bringToFront() {
    return this.raw.bringToFront();
  }
  /** Page errors and console errors, as they come (puppeteer sees both in Chromium and Firefox). */
  watchErrors() {
    const errors = [];
    this.raw.on('pageerror', (error) => errors.push(error.message));
    this.raw.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
    });
    return errors;
  }
  close() {
    return this.raw.close();
  }
}

/** A page in WebKit: one window of the browser's WebDriver session, driven while it is the current one. */
class WebDriverPage {
  constructor(session) {
    this.raw = session;
    this.engine = 'webkit';
  }
  goto(url) {
    return this.raw.url(url);
  }
  reload() {
    return this.raw.refresh();
  }
  url() {
    return this.raw.getUrl();
  }
  evaluate(fn, ...args) {
    return this.raw.execute(fn, ...args);
  }
  waitForFunction(fn, { timeout = 15000 } = {}, ...args) {
    return poll(this, fn, timeout, args);
  }
  async element(selector, text) {
    const found = await this.raw.execute(
      `const all = (${deepQueryAll})(arguments[0]);
       return arguments[1] == null ? all[0] ?? null : all.find((el) => el.textContent.includes(arguments[1])) ?? null;`,
      selector,
      text ?? null,
    );
    if (!found) throw new Error(`no ${selector}${text ? ` reading "${text}"` : ''}`);
    return this.raw.$(found);
  }
  async exists(selector) {
    return this.raw.execute(`return (${deepQueryAll})(arguments[0]).length > 0;`, selector);
  }
  async click(selector) {
    await (await this.element(selector)).click();
  }
  async clickText(selector, text) {
    await (await this.element(selector, text)).click();
  }
  /**
   * Types into a text box. WebKitWebDriver refuses a click on a text box inside a shadow root as
   * "intercepted" (its hit test lands in the box's own inner element), so the keys go through
   * Element Send Keys, which focuses the box itself, as a tap would.
   */
  async type(selector, text) {
    await (await this.element(selector)).addValue(text);
  }
  async replaceText(selector, text) {
    const input = await this.element(selector);
    await this.raw.execute((el) => {
      el.focus();
      el.select();
    }, input);
    await this.raw.keys(['Backspace']);
    // Not browser.keys(text): its key actions lose the second of two equal keys in a row in WebKit.
    await input.addValue(text);
  }
  async bringToFront() {
    // One window per session: it is always in front.
  }
  /**
   * WebDriver classic has no console or page-error events (WebKitGTK offers no BiDi), so WebKit
   * cannot collect them: the list stays empty there and the assertion on it holds in the other two.
   */
  watchErrors() {
    return [];
  }
  close() {
    // Replaced by the browser that opened the page (one window of a shared session).
    return Promise.resolve();
  }
}

/** Starts `engine` ('chromium' | 'firefox' | 'webkit'); newPage() opens a page in it. */
export async function launchEngine(engine) {
  if (engine === 'webkit') {
    // One WebDriver session for the whole run, a new window per page: starting a second session
    // after the first was deleted could hang for minutes in WebKitWebDriver on a loaded machine.
    const driver = await startWebKitDriver();
    let session;
    try {
      session = await remote(driver.remoteOptions);
      await session.setTimeouts(15000, 15000, 15000);
    } catch (error) {
      await driver.stop();
      throw error;
    }
    /** A window no page uses any more, kept because closing a session's last window ends the session. */
    let spare = await session.getWindowHandle();
    return {
      engine,
      /** A page in a window of its own (its own sessionStorage; cookies shared, as in one browser). */
      async newPage() {
        const { handle } = await session.createWindow('tab');
        await session.switchToWindow(handle);
        if (spare) {
          await session.switchToWindow(spare);
          await session.closeWindow();
          await session.switchToWindow(handle);
          spare = undefined;
        }
        const page = new WebDriverPage(session);
        page.close = async () => {
          await session.switchToWindow(handle);
          if ((await session.getWindowHandles()).length > 1) await session.closeWindow();
          else {
            await session.navigateTo('about:blank');
            spare = handle;
          }
        };
        return page;
      },
      async close() {
        await session.deleteSession().catch(() => {});
        await driver.stop();
      },
    };
  }
  const browser = await puppeteer.launch(engine === 'firefox' ? firefoxLaunchOptions : chromiumLaunchOptions);
  return {
    engine,
    raw: browser,
    newPage: async () => new PuppeteerPage(await browser.newPage(), engine),
    close: () => browser.close(),
  };
}

/** A puppeteer page as the engine-neutral page (for helpers also called from Chromium-only tests). */
export function asPage(page) {
  return page instanceof PuppeteerPage || page instanceof WebDriverPage ? page : new PuppeteerPage(page, 'chromium');
}
