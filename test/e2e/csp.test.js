// Every element under the strictest policy an agency page may send (demo/csp.html, served with
// STRICT_CSP): no inline script or style, Trusted Types for every HTML sink, the lit-html policy
// only. Any `securitypolicyviolation` or CSP console error fails the test, before and after a
// citizen signs in through the provider.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { STRICT_CSP } from '../../server/index.js';
import { setup } from './browser.js';
import { KIET, signIn, shownText } from './citizens.js';

const ROOT = new URL('../../', import.meta.url);

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** Opens a page that records every CSP violation and CSP console error of every document it shows. */
async function watchedPage() {
  const page = await env.browser.newPage();
  const violations = [];
  const consoleErrors = [];
  const pageErrors = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation({
        page: location.pathname,
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Trusted Type/i.test(msg.text())) consoleErrors.push({ page: new URL(page.url()).pathname, text: msg.text() });
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, violations, consoleErrors, pageErrors };
}

/** Waits until the element's shadow text matches `pattern`. */
function waitForText(page, tag, pattern, index = 0) {
  return page.waitForFunction(
    (t, i, source) => new RegExp(source).test((document.querySelectorAll(t)[i]?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ')),
    { timeout: 15000 },
    tag,
    index,
    pattern.source,
  );
}

describe('strict Content-Security-Policy', () => {
  it('serves demo/csp.html with the strict policy: no unsafe-inline, no unsafe-eval, one Trusted Types policy', async () => {
    const response = await fetch(env.url('/csp.html'));
    const policy = response.headers.get('content-security-policy');
    assert.equal(policy, STRICT_CSP);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|unsafe-hashes|nonce-|sha256-/);
    assert.match(policy, /require-trusted-types-for 'script'/);
    assert.match(policy, /trusted-types lit-html(;|$)/);
    // Only the CSP page gets it; the other demo pages are as they were.
    assert.equal((await fetch(env.url('/'))).headers.get('content-security-policy'), null);
  });

  it('the page itself has no inline script, style, style attribute or event handler attribute', async () => {
    const page = readFileSync(new URL('demo/csp.html', ROOT), 'utf8');
    assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every script has a src');
    assert.doesNotMatch(page, /<style/i);
    assert.doesNotMatch(page, /\sstyle=/i);
    assert.doesNotMatch(page, /\son[a-z]+=/i);
    assert.doesNotMatch(page, /javascript:/i);
  });

  it('the script tag\'s modules have no eval or new Function, and set no style attribute from a string', () => {
    // The loader and every module it may fetch from beside itself.
    const dir = new URL('dist/elements/', ROOT);
    const bundle = [new URL('dist/dvc-widgets.js', ROOT), ...readdirSync(dir).map((f) => new URL(f, dir))].map((f) => readFileSync(f, 'utf8')).join('\n');
    // ok(!test) rather than doesNotMatch: the message must not print a 100 KB bundle.
    const absent = (pattern, what) => assert.ok(!pattern.test(bundle), `the bundle has ${what}`);
    absent(/\beval\s*\(/, 'eval(');
    absent(/new\s+Function\s*\(/, 'new Function(');
    absent(/[^.\w]Function\s*\(\s*["'`]/, 'Function("…")');
    absent(/set(?:Timeout|Interval)\s*\(\s*["'`]/, 'a string given to setTimeout');
    absent(/\.insertAdjacentHTML\s*\(|document\.write\s*\(|\.outerHTML\s*=/, 'an HTML sink besides the template element');
    // The donut's segment lengths are presentation attributes, not style="" (refused without unsafe-inline).
    absent(/style="stroke-dasharray/, 'a style attribute on the donut');
  });

  it('every element shows its data with no violation, signed out and after a sign-in', async () => {
    const { page, violations, consoleErrors, pageErrors } = await watchedPage();
    const response = await page.goto(env.url('/csp.html'));
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);

    // Signed out: every element has drawn something real.
    await waitForText(page, 'dvc-stats-donut', /3\.788.*32|99,2%/);
    await waitForText(page, 'dvc-dossier-table', /NGUYỄN/, 0);
    await page.waitForFunction(() => document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tr[part="row"]').length > 0);
    await waitForText(page, 'dvc-dossier-table', /Vui lòng đăng nhập/, 1);
    await waitForText(page, 'dvc-profile-sync', /Vui lòng đăng nhập/);
    await waitForText(page, 'dvc-process-steps', /Bước 2: Chọn thủ tục \(Đang thực hiện\)/);
    await waitForText(page, 'dvc-otp-input', /Mã OTP.*\*+123/);
    await waitForText(page, 'dvc-signin', /Chọn loại tài khoản/);
    await waitForText(page, 'dvc-login-button', /Đăng nhập bằng Cổng DVC Quốc gia/);
    // The donut's segments are drawn (their lengths set without any style attribute).
    const dash = await page.evaluate(() => {
      const seg = document.querySelector('dvc-stats-donut').shadowRoot.querySelector('[data-segment="on-time"]');
      seg.getAnimations().forEach((a) => a.finish());
      return { computed: getComputedStyle(seg).strokeDasharray, style: seg.getAttribute('style') };
    });
    assert.match(dash.computed, /^99\.1/);
    assert.equal(dash.style, null);

    // Look-up by code, then the page's only form typing.
    const code = await page.evaluate(() => document.querySelector('dvc-dossier-table').shadowRoot.querySelector('tr[part="row"] button')?.textContent);
    assert.ok(code);
    await page.type('dvc-dossier-table >>> input[part="lookup-input"]', '000.00.30.H50-230411-0001');
    await page.click('dvc-dossier-table >>> button[part="lookup-button"]');
    await page.waitForFunction(() => (document.querySelector('dvc-dossier-table').shadowRoot.querySelector('[part="lookup-result"]')?.textContent.trim() ?? '') !== '' && !/Đang/.test(document.querySelector('dvc-dossier-table').shadowRoot.querySelector('[part="lookup-result"]').textContent));

    assert.deepEqual(violations, [], 'no violation while signed out');
    assert.deepEqual(consoleErrors, []);

    // Signed in (through the provider's pages, back on csp.html under the same policy).
    await signIn(page, env.url('/'), KIET);
    assert.equal(new URL(page.url()).pathname, '/csp.html');
    await waitForText(page, 'dvc-profile-sync', /Họ tên.*Đã xác thực/);
    await waitForText(page, 'dvc-dossier-table', /Mã hồ sơ.*Trạng thái/, 1);
    await page.waitForFunction(() => document.querySelectorAll('dvc-dossier-table')[1]?.shadowRoot?.querySelectorAll('tr[part="row"]').length > 0, { timeout: 15000 });
    // Reveal a field and sync with the national database.
    await page.click('dvc-profile-sync >>> button[part="reveal"]');
    await page.click('dvc-profile-sync >>> button[part="sync-button"]');
    await waitForText(page, 'dvc-profile-sync', /Đã cập nhật|khớp|trùng/);
    assert.match(await shownText(page, 'dvc-profile-sync'), new RegExp(KIET.name));

    // Every page the tab showed: csp.html and the provider's sign-in pages (under their own strict policy).
    assert.deepEqual(violations, [], 'no violation after the sign-in, on any page');
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
