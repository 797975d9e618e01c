// The script tag's loader (dist/dvc-widgets.js) in Chromium and Firefox (WebDriver BiDi): each page
// fetches only its elements' modules, all at once; a module that fails to download shows
// "Thử lại" in its element and loads on retry; the script twice, or beside an element imported
// from npm, defines each tag once; elements added or created later upgrade; the strict-CSP page
// draws every element with no violation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer';
import { build } from 'esbuild';
import { startServer } from '../../server/index.js';
import { chromiumLaunchOptions, firefoxLaunchOptions } from '../browsers.js';
import { PAGES, allShown } from '../../scripts/pages.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * A static server of dist/ and of test pages, as an agency's CDN and site would be. `faults` maps
 * a path to what happens to its next requests: 404, a dropped connection, or a delay.
 */
async function cdn() {
  const pages = new Map();
  const faults = new Map();
  const requests = [];
  let appJs = '';
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    requests.push({ path: req.url, at: performance.now() });
    const page = pages.get(pathname);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(page.headers ?? {}) });
      return res.end(page.html);
    }
    if (pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(appJs);
    }
    const fault = faults.get(pathname);
    if (fault && fault.kind !== 'delay' && (fault.times === undefined || fault.times-- > 0)) {
      if (fault.kind === 404) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('Not found');
      }
      if (fault.kind === 'drop') return req.socket.destroy();
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    const file = path.join(DIST, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    faults,
    page(name, html, headers) {
      pages.set(name, { html: `<!doctype html><html lang="vi"><head><meta charset="utf-8">${html}`, headers });
      return origin + name;
    },
    setApp(code) {
      appJs = code;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const LOADER = '<script type="module" src="/dvc-widgets.js"></script>';

/** A new page that keeps its errors and every dvc-error event the document hears. */
async function openPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  // The browsers' own notices of a module that failed to download are what some tests cause.
  const notice = /Failed to load resource|error loading dynamically imported module|Failed to fetch dynamically|disallowed MIME type/i;
  page.on('pageerror', (e) => notice.test(e.message) || errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !notice.test(m.text())) errors.push(m.text());
  });
  await page.evaluateOnNewDocument(() => {
    window.__dvcErrors = [];
    window.__violations = [];
    document.addEventListener('dvc-error', (e) => window.__dvcErrors.push({ tag: e.target.localName, ...e.detail }));
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  return { page, errors };
}

const shadowText = (page, tag) =>
  page.evaluate((t) => (document.querySelector(t)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim(), tag);
const waitForSteps = (page, count = 1) =>
  page.waitForFunction((n) => [...document.querySelectorAll('dvc-process-steps')].filter((el) => el.shadowRoot?.querySelectorAll('li').length === 5).length >= n, { timeout: 15000 }, count);
const elementModules = (requests) =>
  requests.map((r) => new URL(r.path, 'http://x').pathname).filter((p) => p.startsWith('/elements/') || p.startsWith('/dist/elements/'));
const nameOf = (p) => p.replace(/^.*\//, '').replace(/\.js$/, '');

for (const [engine, options] of [
  ['Chromium', chromiumLaunchOptions],
  ['Firefox', firefoxLaunchOptions],
]) {
  describe(`the script-tag loader in ${engine}`, () => {
    let browser;
    let server;
    let site;
    before(async () => {
      [browser, server, site] = await Promise.all([puppeteer.launch(options), startServer({ port: 0, quiet: true }), cdn()]);
    });
    after(async () => {
      await Promise.all([browser?.close(), server?.close(), site?.close()]);
    });

    it('the portal home page fetches its elements\' modules once each, and nothing of the sign-in form, the code entry, the profile panel, the sign-in start, the token check, backend mode or DPoP', async () => {
      const { page, errors } = await openPage(browser);
      const fetched = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname.startsWith('/dist/')) fetched.push(url.pathname);
      });
      await page.goto(new URL('/portal.html', server.url).href);
      await page.waitForFunction(allShown, { timeout: 15000 });
      const names = fetched.map(nameOf);
      assert.equal(new Set(fetched).size, fetched.length, `each module once: ${fetched.join(', ')}`);
      for (const present of ['dvc-widgets', 'portal', 'login-button', 'process-steps', 'dossier-table', 'stats-donut', 'account']) assert.ok(names.includes(present), `${present} is fetched`);
      // `session`, `actions` and `discovery`: the browser-mode session and the sign-in start, loaded
      // when the citizen points at the login button or clicks it (a later test).
      // `live`: the session's signed-in half, for a tab that holds a session (the next test).
      // `en`: the English strings, for a page in English.
      // `account-menu` and `mask`: the login button's signed-in half, for a signed-in citizen.
      for (const absent of ['signin', 'otp-input', 'profile-sync', 'cccd', 'account-menu', 'mask', 'session', 'actions', 'discovery', 'complete', 'backend-session', 'dpop', 'live', 'en']) {
        assert.ok(!names.includes(absent), `${absent} is not fetched: ${names.join(', ')}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('the agency page signed out fetches the elements\' signed-out halves only: no session, no menu, no profile panel, no ID checks', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/agency.html', `${LOADER}</head><body>${PAGES.agency.body(new URL(server.url).origin)}`));
      await page.waitForFunction(allShown, { timeout: 15000 });
      const names = elementModules(site.requests).map(nameOf);
      for (const present of ['portal', 'login-button', 'dossier-table', 'profile-sync', 'core', 'account', 'data']) assert.ok(names.includes(present), `${present} is fetched: ${names.join(', ')}`);
      for (const absent of ['session', 'live', 'account-menu', 'profile-view', 'cccd', 'mask', 'actions', 'discovery', 'complete']) {
        assert.ok(!names.includes(absent), `${absent} is not fetched: ${names.join(', ')}`);
      }
      assert.deepEqual(await page.evaluate(() => window.__dvcErrors), []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a page whose tab holds a session fetches the session with its signed-in half at once, shows the citizen, and fetches them once; no token check', async () => {
      const { page, errors } = await openPage(browser);
      const fetched = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname.startsWith('/dist/')) fetched.push(nameOf(url.pathname));
      });
      // What a sign-in on an earlier page of the tab left in its sessionStorage (the tokens are not checked again on restore).
      const origin = new URL(server.url).origin;
      await page.evaluateOnNewDocument((key) => {
        const user = { sub: 'citizen-045', name: 'Nguyễn Văn A', vneid: true, claims: { sub: 'citizen-045' } };
        const now = Date.now();
        sessionStorage.setItem(key, JSON.stringify({ idToken: 'id', accessToken: 'at', expiresAt: now + 3600_000, user, tokenType: 'Bearer', signedInAt: now, lineage: 'e2e' }));
      }, `dvc:session:${origin}/oidc dvc-demo`);
      await page.goto(new URL('/portal.html', server.url).href);
      await page.waitForFunction(() => /Nguyễn Văn A/.test(document.querySelector('dvc-login-button')?.shadowRoot?.textContent ?? ''), { timeout: 15000 });
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/live.js')), { timeout: 15000 });
      assert.equal(fetched.filter((name) => name === 'live').length, 1, fetched.join(', '));
      // The session and its signed-in half, asked for by the loader itself before the portal's module
      // (without it: the session after the portal's module ran, the signed-in half after the session's).
      for (const name of ['session', 'live']) assert.ok(fetched.indexOf(name) < fetched.indexOf('portal'), fetched.join(', '));
      // The login button's menu, asked for as the button is made (not once the session has arrived).
      assert.equal(fetched.filter((name) => name === 'account-menu').length, 1, fetched.join(', '));
      for (const absent of ['complete', 'actions', 'dpop']) assert.ok(!fetched.includes(absent), `${absent} is not fetched: ${fetched.join(', ')}`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a signed-out page fetches the session\'s code when the citizen points at the login button, with the sign-in start, all at once', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      const issuer = `${new URL(server.url).origin}/oidc`;
      await page.goto(site.page('/login.html', `${LOADER}</head><body><dvc-login-button issuer="${issuer}" client-id="dvc-demo"></dvc-login-button>`));
      await page.waitForSelector('dvc-login-button[data-dvc-ready]', { timeout: 15000 });
      const onDemand = ['session', 'actions', 'discovery'];
      const before = elementModules(site.requests).map(nameOf);
      for (const name of onDemand) assert.ok(!before.includes(name), `${name} is not fetched before: ${before.join(', ')}`);
      // Each takes 300 ms to arrive: one asked for only after another arrived would start 300 ms late.
      for (const name of onDemand) site.faults.set(`/elements/${name}.js`, { kind: 'delay', ms: 300 });
      try {
        const button = await page.evaluateHandle(() => document.querySelector('dvc-login-button').shadowRoot.querySelector('button'));
        await button.hover();
        await page.waitForFunction((names) => names.every((n) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(`/elements/${n}.js`))), { timeout: 15000 }, onDemand);
      } finally {
        for (const name of onDemand) site.faults.delete(`/elements/${name}.js`);
      }
      const asked = site.requests.filter((r) => onDemand.includes(nameOf(new URL(r.path, 'http://x').pathname)));
      assert.equal(asked.length, onDemand.length, asked.map((r) => r.path).join(', '));
      const spread = Math.max(...asked.map((r) => r.at)) - Math.min(...asked.map((r) => r.at));
      assert.ok(spread < 250, `all requested within ${spread.toFixed(0)} ms: ${asked.map((r) => `${r.path} ${r.at.toFixed(0)}`).join(', ')}`);
      assert.equal(await shadowText(page, 'dvc-login-button'), 'Đăng nhập bằng Cổng DVC Quốc gia', 'still signed out');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a sign-in whose session code cannot be downloaded shows the network message with "Thử lại" and fires dvc-error network', async () => {
      const { page } = await openPage(browser);
      const issuer = `${new URL(server.url).origin}/oidc`;
      site.faults.set('/elements/session.js', { kind: 404 });
      try {
        await page.goto(site.page('/login-fails.html', `${LOADER}</head><body><dvc-login-button issuer="${issuer}" client-id="dvc-demo"></dvc-login-button>`));
        await page.waitForSelector('dvc-login-button[data-dvc-ready]', { timeout: 15000 });
        const button = await page.evaluateHandle(() => document.querySelector('dvc-login-button').shadowRoot.querySelector('button'));
        // Pointing at the button asks for the code too; its failure waits for the click.
        await button.hover();
        await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/elements/session.js')), { timeout: 15000 });
        await button.click();
        await page.waitForFunction(() => window.__dvcErrors.some((e) => e.code === 'network' && e.tag === 'dvc-login-button'), { timeout: 15000 });
        // The click's failure, once: the hover's was not shown nor reported.
        assert.equal((await page.evaluate(() => window.__dvcErrors)).length, 1, JSON.stringify(await page.evaluate(() => window.__dvcErrors)));
        const text = await shadowText(page, 'dvc-login-button');
        assert.match(text, /Không kết nối được máy chủ/);
        assert.match(text, /Thử lại/);
        assert.match(text, /Đăng nhập bằng Cổng DVC Quốc gia/, 'the sign-in button stays');
      } finally {
        site.faults.delete('/elements/session.js');
      }
      if (engine === 'Chromium') {
        // Firefox keeps a failed module fetch for the page's lifetime (README: a page reload then).
        const retry = await page.evaluateHandle(() => [...document.querySelector('dvc-login-button').shadowRoot.querySelectorAll('button')].find((b) => b.textContent.includes('Thử lại')));
        await Promise.all([page.waitForNavigation({ timeout: 15000 }), retry.click()]);
        assert.ok(page.url().startsWith(`${issuer}/`), `at the provider: ${page.url()}`);
      }
      await page.close();
    });

    it('widgets inside a portal whose module arrives last wait for it: no configuration error, then its data', async () => {
      const { page, errors } = await openPage(browser);
      const origin = new URL(server.url).origin;
      site.faults.set('/elements/portal.js', { kind: 'delay', ms: 500 });
      try {
        await page.goto(site.page('/late-portal.html', `${LOADER}</head><body>${PAGES.agency.body(origin).replace('</dvc-portal>', `<dvc-stats-donut year="2023"></dvc-stats-donut></dvc-portal>`)}`));
        await page.waitForFunction(allShown, { timeout: 15000 });
      } finally {
        site.faults.delete('/elements/portal.js');
      }
      assert.deepEqual(await page.evaluate(() => window.__dvcErrors), []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a page completing a sign-in fetches the token check with the portal\'s modules, not after them', async () => {
      const { page } = await openPage(browser);
      const fetched = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname.startsWith('/dist/')) fetched.push(nameOf(url.pathname));
      });
      // A response this tab never asked for: the portal refuses it (state_mismatch), but the code is fetched.
      await page.goto(new URL('/portal.html?code=abc&state=def', server.url).href);
      await page.waitForFunction(() => window.__dvcErrors.some((e) => e.code === 'state_mismatch'), { timeout: 15000 });
      // The token check and the session's signed-in half, which keeps the new tokens.
      for (const name of ['complete', 'live']) {
        assert.ok(fetched.includes(name), fetched.join(', '));
        // Asked for by the loader itself, before the portal's module (without it: after the session's module ran).
        assert.ok(fetched.indexOf(name) < fetched.indexOf('portal'), fetched.join(', '));
      }
      await page.close();
    });

    it('a page with the process steps alone fetches the loader, that element and the shared core: no session, no API client', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/steps.html', `${LOADER}</head><body><dvc-process-steps current="2"></dvc-process-steps>`));
      await waitForSteps(page);
      const names = elementModules(site.requests).map(nameOf);
      assert.ok(names.includes('process-steps'));
      for (const absent of ['portal', 'login-button', 'session', 'data', 'stats-donut', 'dossier-table', 'signin', 'otp-input', 'profile-sync', 'complete']) {
        assert.ok(!names.includes(absent), `${absent} is not fetched: ${names.join(', ')}`);
      }
      // The element and the core every element shares (Lit, the base element, the HTTP helper).
      assert.ok(names.length <= 2, `the element and the shared core: ${names.join(', ')}`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a page in English fetches the English strings once, with its elements, and each element draws in English', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/english.html', `${LOADER}</head><body lang="en"><dvc-process-steps current="2"></dvc-process-steps><dvc-otp-input></dvc-otp-input>`));
      await waitForSteps(page);
      await page.waitForFunction(() => document.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input'), { timeout: 15000 });
      assert.match(await shadowText(page, 'dvc-process-steps'), /HOW TO APPLY ONLINE/);
      assert.doesNotMatch(await shadowText(page, 'dvc-process-steps'), /QUY TRÌNH/);
      assert.match(await shadowText(page, 'dvc-otp-input'), /One-time code/);
      const names = elementModules(site.requests).map(nameOf);
      assert.equal(names.filter((n) => n === 'en').length, 1, names.join(', '));
      // Asked for by the loader as it starts, before the elements' modules have arrived and drawn.
      const at = (name) => site.requests.find((r) => nameOf(new URL(r.path, 'http://x').pathname) === name).at;
      assert.ok(at('en') <= at('process-steps') + 50, `en.js requested with the elements: ${site.requests.map((r) => `${r.path} ${r.at.toFixed(0)}`).join(', ')}`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a Vietnamese page switched to English fetches the English strings then and draws again in English', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/switch.html', `${LOADER}</head><body><dvc-process-steps></dvc-process-steps>`));
      await waitForSteps(page);
      assert.match(await shadowText(page, 'dvc-process-steps'), /QUY TRÌNH/);
      assert.ok(!elementModules(site.requests).map(nameOf).includes('en'), 'nothing in English until the page is');
      await page.evaluate(() => (document.documentElement.lang = 'en'));
      await page.waitForFunction(() => /HOW TO APPLY ONLINE/.test(document.querySelector('dvc-process-steps').shadowRoot.textContent), { timeout: 15000 });
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('an English page whose English strings cannot be downloaded draws its elements in Vietnamese, not blank', async () => {
      const { page } = await openPage(browser);
      site.faults.set('/elements/en.js', { kind: 404 });
      try {
        await page.goto(site.page('/english-offline.html', `${LOADER}</head><body lang="en"><dvc-process-steps></dvc-process-steps>`));
        await waitForSteps(page);
        assert.match(await shadowText(page, 'dvc-process-steps'), /QUY TRÌNH THỰC HIỆN NỘP HỒ SƠ QUA MẠNG/);
      } finally {
        site.faults.delete('/elements/en.js');
      }
      await page.close();
    });

    it('starts every module of the tags in the page at once: none waits for another to arrive', async () => {
      site.requests.length = 0;
      const { page } = await openPage(browser);
      // The code entry's module imports two chunks (core, mask): without the loader asking for them at once,
      // they would be requested only once it arrived. (Two elements: HTTP/1.1 opens 6 connections.)
      const url = site.page('/two.html', `${LOADER}</head><body><dvc-process-steps></dvc-process-steps><dvc-otp-input></dvc-otp-input>`);
      // Every module takes 300 ms to arrive: a module requested only after another arrived would start 300 ms late.
      const delayed = ['process-steps', 'otp-input', 'core', 'mask'].map((n) => `/elements/${n}.js`);
      for (const p of delayed) site.faults.set(p, { kind: 'delay', ms: 300 });
      try {
        await page.goto(url);
        await waitForSteps(page);
        await page.waitForFunction(() => document.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input'), { timeout: 15000 });
      } finally {
        for (const p of delayed) site.faults.delete(p);
      }
      const modules = site.requests.filter((r) => new URL(r.path, 'http://x').pathname.startsWith('/elements/'));
      assert.equal(modules.length, delayed.length, modules.map((r) => r.path).join(', '));
      const spread = Math.max(...modules.map((r) => r.at)) - Math.min(...modules.map((r) => r.at));
      assert.ok(spread < 250, `all ${modules.length} modules requested within ${spread.toFixed(0)} ms: ${modules.map((r) => `${r.path} ${r.at.toFixed(0)}`).join(', ')}`);
      await page.close();
    });

    for (const [kind, label] of [
      [404, 'answers 404'],
      ['drop', 'drops the connection'],
    ]) {
      it(`an element whose module ${label} shows the message and "Thử lại", fires dvc-error network, and loads on retry; the others are unaffected`, async () => {
        const { page, errors } = await openPage(browser);
        // Until the retry: Chromium asks again by itself for a request whose connection dropped.
        site.faults.set('/elements/process-steps.js', { kind });
        await page.goto(site.page(`/fail-${kind}.html`, `${LOADER}</head><body><dvc-process-steps></dvc-process-steps><dvc-otp-input masked-phone="0912345123"></dvc-otp-input>`));
        const button = await page.waitForSelector('dvc-process-steps [data-dvc-load-error] button', { timeout: 15000 });
        assert.equal(await button.evaluate((b) => b.textContent), 'Thử lại');
        assert.match(await page.evaluate(() => document.querySelector('[data-dvc-load-error]').textContent), /Không tải được tiện ích này/);
        assert.equal(await page.evaluate(() => document.querySelector('[data-dvc-load-error]').getAttribute('role')), 'alert');
        const events = await page.evaluate(() => window.__dvcErrors);
        assert.deepEqual(events.map((e) => [e.tag, e.code]), [['dvc-process-steps', 'network']]);
        assert.match(events[0].message, /Không tải được/);
        // The code entry next to it draws as usual.
        await page.waitForFunction(() => document.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input'), { timeout: 15000 });
        assert.equal(await page.evaluate(() => customElements.get('dvc-process-steps')), undefined);

        site.faults.delete('/elements/process-steps.js');
        await button.click();
        await waitForSteps(page);
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-dvc-load-error]').length), 0, 'the message is gone');
        assert.match(await shadowText(page, 'dvc-process-steps'), /Đăng nhập/);
        assert.deepEqual(errors, []);
        await page.close();
      });
    }

    it('the message follows the element\'s language, and a retry that fails again says so again', async () => {
      const { page } = await openPage(browser);
      site.faults.set('/elements/process-steps.js', { kind: 404, times: 2 });
      await page.goto(site.page('/fail-en.html', `${LOADER}</head><body lang="en"><dvc-process-steps></dvc-process-steps>`));
      const button = await page.waitForSelector('dvc-process-steps [data-dvc-load-error] button', { timeout: 15000 });
      assert.equal(await button.evaluate((b) => b.textContent), 'Retry');
      assert.match(await page.evaluate(() => document.querySelector('[data-dvc-load-error]').textContent), /could not be loaded/);
      await button.click();
      await page.waitForFunction(() => window.__dvcErrors.length === 2, { timeout: 15000 });
      assert.match(await page.evaluate(() => document.querySelector('[data-dvc-load-error]').textContent), /could not be loaded.*Retry/);
      await button.click();
      await waitForSteps(page);
      await page.close();
    });

    it('a module the page\'s Content-Security-Policy refuses shows the message too, and the element stays usable for retry', async () => {
      const { page } = await openPage(browser);
      // Only the loader's own URL is allowed: every module beside it is refused.
      const url = site.page('/csp-refused.html', `${LOADER}</head><body><dvc-process-steps></dvc-process-steps>`, {
        'content-security-policy': `script-src ${site.origin}/dvc-widgets.js`,
      });
      await page.goto(url);
      await page.waitForSelector('dvc-process-steps [data-dvc-load-error] button', { timeout: 15000 });
      assert.deepEqual((await page.evaluate(() => window.__dvcErrors)).map((e) => e.code), ['network']);
      await page.close();
    });

    it('the script included twice (two URLs) defines each tag once, without an error, and fetches each module once', async () => {
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/twice.html', `${LOADER}<script type="module" src="/dvc-widgets.js?v=2"></script></head><body><dvc-process-steps></dvc-process-steps>`));
      await waitForSteps(page);
      const modules = elementModules(site.requests);
      assert.equal(modules.filter((p) => p === '/elements/process-steps.js').length, 1, modules.join(', '));
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('beside an element imported from npm (bundled by the app): one definition, no error, the loader fetches nothing for that tag', async () => {
      const app = await build({
        entryPoints: [path.join(DIST, 'components/process-steps.js')],
        bundle: true,
        format: 'esm',
        write: false,
        conditions: ['production'],
        logLevel: 'silent',
      });
      site.setApp(app.outputFiles[0].text);
      site.requests.length = 0;
      const { page, errors } = await openPage(browser);
      await page.goto(site.page('/npm.html', `<script type="module" src="/app.js"></script>${LOADER}</head><body><dvc-process-steps></dvc-process-steps><dvc-otp-input></dvc-otp-input>`));
      await waitForSteps(page);
      await page.waitForFunction(() => document.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input'), { timeout: 15000 });
      const names = elementModules(site.requests).map(nameOf);
      assert.ok(!names.includes('process-steps'), names.join(', '));
      assert.ok(names.includes('otp-input'));
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('elements created before the script runs, added later, or created and connected after it loads all upgrade', async () => {
      const { page, errors } = await openPage(browser);
      await page.goto(
        site.page(
          '/late.html',
          `<script>
            window.early = document.createElement('dvc-process-steps');
            document.addEventListener('DOMContentLoaded', () => document.body.append(window.early));
          </script>${LOADER}</head><body><div id="later"></div>`,
        ),
      );
      await waitForSteps(page, 1);
      await page.evaluate(() => {
        // Created after the loader ran, connected now; then one inside a subtree added in one go.
        document.getElementById('later').append(document.createElement('dvc-process-steps'));
        const box = document.createElement('section');
        box.innerHTML = '<dvc-stats-donut></dvc-stats-donut><dvc-process-steps current="3"></dvc-process-steps>';
        document.body.append(box);
      });
      await waitForSteps(page, 3);
      await page.waitForFunction(() => customElements.get('dvc-stats-donut') && document.querySelector('dvc-stats-donut').shadowRoot, { timeout: 15000 });
      assert.equal(await page.evaluate(() => document.querySelectorAll('dvc-process-steps')[2].shadowRoot.querySelector('[aria-current="step"]')?.textContent.includes('Khai báo')), true);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('the strict-CSP page (demo/csp.html) draws every element through the loader with no violation', async () => {
      const { page, errors } = await openPage(browser);
      await page.goto(new URL('/csp.html', server.url).href);
      await page.waitForFunction(allShown, { timeout: 20000 });
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(await page.evaluate(() => window.__dvcErrors), []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}

// The pages npm run size measures are the pages of scripts/pages.js; keep their tags in step.
it('scripts/pages.js lists the tags each page shows', () => {
  for (const [name, page] of Object.entries(PAGES)) {
    const body = page.body('http://x');
    for (const tag of page.tags) if (tag !== 'dvc-otp-input' || name !== 'signin') assert.ok(body.includes(`<${tag}`), `${name} shows ${tag}`);
  }
});
