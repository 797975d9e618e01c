// Backend mode end to end, in Chromium against the reference server: /backend.html (where
// dvc-widgets/server at /auth is the confidential client dvc-backend) → the reference sign-in
// (account type, CCCD and password, the code from /dev/sms.json) → back signed in: the name,
// "Hồ sơ của tôi" and the identity panel; sync; reload; switch account; sign out. Throughout, no
// page script could read a token or a code: not in the storages, not in document.cookie, not in
// the address of any page the tab showed, not in an event, not in an answer the page fetched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watchErrors, watchWhatPagesSee } from './browser.js';
import { HUONG, KIET, LOGIN_BUTTON, chooseMenuItem, shownText, signIn, signInAtProvider, waitForName, waitForShownText, waitForSignedOut } from './citizens.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** A JWS in compact form (ID and access tokens of the reference provider are JWTs). */
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/;
/** Protocol parameters and fields that would carry a token. */
const TOKEN_WORDS = /\b(?:access_token|refresh_token|id_token|id_token_hint)\b/;

/** Where a page script could have read a token or a code, as "where: excerpt". */
function leaks(seen) {
  const places = [
    ...seen.documents.map((s) => ['address of a page the tab showed', s]),
    ...seen.events.map((s) => ['dvc-* event detail', s]),
    ...seen.answers.map((s) => ['answer fetched by the page', s]),
    ...seen.snapshots.flatMap((s) => [
      ['sessionStorage', s.sessionStorage],
      ['localStorage', s.localStorage],
      ['document.cookie', s.cookie],
      ['location', s.href],
    ]),
  ];
  const found = [];
  for (const [where, text] of places) {
    if (JWT.test(text) || TOKEN_WORDS.test(text)) found.push(`${where}: ${text.slice(0, 200)}`);
    for (const code of seen.codes) if (text.includes(code)) found.push(`${where} has the authorization code: ${text.slice(0, 200)}`);
  }
  return found;
}

/** Resolves once the tab has shown a document whose path is `pathname`, after the first `from` documents. */
async function shown(seen, pathname, from, timeout = 15000) {
  const end = Date.now() + timeout;
  while (!seen.documents.slice(from).some((url) => new URL(url).pathname === pathname)) {
    if (Date.now() > end) throw new Error(`the tab never showed ${pathname}: ${seen.documents.slice(from).join(' → ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('backend mode end to end (/backend.html)', () => {
  it('signs a demo citizen in through the reference sign-in, keeps them on reload, switches account and signs out, with no token any page script could read', async () => {
    const page = await env.browser.newPage();
    const errors = watchErrors(page);
    const pages = await watchWhatPagesSee(page);
    const { seen } = pages;

    await page.goto(env.url('/backend.html'));
    await waitForSignedOut(page);
    assert.match(await shownText(page, 'dvc-profile-sync'), /Vui lòng đăng nhập/);
    assert.match(await shownText(page, 'dvc-dossier-table'), /Vui lòng đăng nhập để xem hồ sơ của bạn/);

    // The sign-in: the backend's /auth/login, the provider's account type, CCCD, password and SMS code.
    await signIn(page, env.server.url, KIET);
    assert.equal(new URL(page.url()).pathname, '/backend.html');
    assert.equal(new URL(page.url()).search, '', 'nothing in the address after the sign-in');
    assert.ok(seen.requests.some((u) => new URL(u).pathname === '/auth/login'), 'the sign-in went through /auth/login');
    assert.equal(seen.codes.length, 1, 'the provider sent one code to /auth/callback');
    assert.ok(
      !seen.documents.some((u) => new URL(u).pathname === '/auth/callback'),
      'the callback is a redirect: no page is ever shown at its address',
    );

    // "Hồ sơ của tôi" and the identity panel, from /auth/api with the cookie.
    await waitForShownText(page, 'dvc-dossier-table', /HỒ SƠ CỦA TÔI/);
    await waitForShownText(page, 'dvc-dossier-table', /Tổng số: \d+ hồ sơ/);
    assert.match(await shownText(page, 'dvc-dossier-table'), /\d{3}\.\d{2}\.\d{2}\.H50-\d{6}-\d{4}/);
    await waitForShownText(page, 'dvc-profile-sync', /Thông tin định danh.*Họ tên/);
    assert.match(await shownText(page, 'dvc-profile-sync'), /\*+234/, 'the ID number is masked');
    assert.ok(seen.requests.some((u) => new URL(u).pathname === '/auth/api/me/profile'));
    assert.ok(!seen.requests.some((u) => new URL(u).pathname.startsWith('/api/me/')), 'the page never calls the API itself');

    // Sync with the National Population Database (a POST through /auth/api with X-DVC-Request).
    await page.click('dvc-profile-sync >>> [part="sync-button"]');
    await waitForShownText(page, 'dvc-profile-sync', /Đã cập nhật \d+ trường|Thông tin đã khớp với CSDL Quốc gia về Dân cư/);
    await waitForShownText(page, 'dvc-profile-sync', /Đồng bộ lần cuối: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    const signedIn = await pages.snapshot();
    assert.doesNotMatch(signedIn.cookie, /dvc-session/, 'the session cookie is HttpOnly');

    // Reload: still signed in (the cookie), restored from /auth/session.
    await page.reload();
    await waitForName(page, KIET.name);
    await waitForShownText(page, 'dvc-profile-sync', /Họ tên/);
    await pages.snapshot();

    // Switch account: /auth/logout, then /auth/login?prompt=login: the provider asks who is there.
    await chooseMenuItem(page, 'tài khoản khác');
    await page.waitForFunction(() => location.pathname.startsWith('/interaction/'), { timeout: 15000 });
    assert.ok(
      seen.requests.some((u) => new URL(u).pathname === '/auth/login' && new URL(u).searchParams.get('prompt') === 'login'),
      'the new sign-in asks for credentials (prompt=login)',
    );
    await signInAtProvider(page, env.server.url, HUONG);
    await waitForName(page, HUONG.name);
    assert.equal(new URL(page.url()).pathname, '/backend.html');
    await waitForShownText(page, 'dvc-profile-sync', /Họ tên/);
    assert.doesNotMatch(await shownText(page, 'dvc-profile-sync'), /\*+234\b/, "the first citizen's number is gone");
    await pages.snapshot();

    // Sign out: the backend forgets the session; the provider's logout, with no ID token to hint
    // with, asks the citizen, then sends them back signed out.
    const before = seen.documents.length;
    await chooseMenuItem(page, 'Đăng xuất');
    await page.waitForFunction(() => location.pathname.startsWith('/oidc/session/end'), { timeout: 15000 });
    await page.waitForSelector('button[name="logout"][value="yes"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), page.click('button[name="logout"][value="yes"]')]);
    await shown(seen, '/backend.html', before);
    await waitForSignedOut(page);
    await page.reload();
    await waitForSignedOut(page);
    assert.match(await shownText(page, 'dvc-profile-sync'), /Vui lòng đăng nhập/);
    await pages.snapshot();

    assert.deepEqual(leaks(seen), [], 'no token in storage, cookies, addresses, events or answers, the provider logout included');
    assert.ok(seen.events.some((e) => e.startsWith('dvc-login ')), 'events were seen');
    assert.ok(seen.answers.some((a) => a.includes('/auth/session ')), 'answers were seen');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('backend mode: a failed sign-in comes back as dvc_error', () => {
  it('a callback with a forged state: the page shows the state_mismatch message once, and dvc_error leaves the address bar', async () => {
    const page = await env.browser.newPage();
    const errors = watchErrors(page);
    const { seen } = await watchWhatPagesSee(page);
    await page.goto(env.url('/backend.html?tab=ho-so'));
    await waitForSignedOut(page);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), page.click(LOGIN_BUTTON)]);
    await page.waitForFunction(() => location.pathname.startsWith('/interaction/'), { timeout: 15000 });
    // Back at the callback with a state that is not the one the backend sent (the transaction cookie is there).
    await page.goto(env.url(`/auth/callback?code=forged&state=forged&iss=${encodeURIComponent(env.server.issuer)}`));
    await waitForShownText(page, 'dvc-login-button', /Phiên đăng nhập không khớp hoặc đã được dùng\. Vui lòng đăng nhập lại\./);
    assert.equal(new URL(page.url()).pathname, '/backend.html');
    assert.equal(new URL(page.url()).search, '?tab=ho-so', 'dvc_error removed, the page\'s own parameter kept');
    assert.ok(seen.documents.some((u) => new URL(u).searchParams.get('dvc_error') === 'state_mismatch'), 'the backend sent dvc_error=state_mismatch');
    const reported = seen.events.filter((e) => e.startsWith('dvc-error '));
    assert.equal(reported.length, 1, 'one dvc-error: ' + reported.join(' / '));
    assert.equal(JSON.parse(reported[0].slice('dvc-error '.length)).code, 'state_mismatch');
    await waitForShownText(page, 'dvc-login-button', /Thử lại/);
    assert.match(await shownText(page, 'dvc-profile-sync'), /Vui lòng đăng nhập/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

