// Backend mode (dvc-widgets/server) against small providers and APIs that misbehave on purpose:
// every check of the callback, the transaction rules, the cookie, CSRF, renewal, logout and the
// faults of PRODUCT.md. The backend's Web handler is called directly, as a browser would call it.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { createBackend } from 'dvc-widgets/server';
import { CookieJar } from './http-browser.js';
import { CITIZEN, SITE, browserFor, startFakeProvider } from './backend-fakes.js';

const SECRET = 'an agency secret of at least thirty-two bytes, for tests';
const OTHER_SECRET = 'another agency secret of thirty-two bytes or more, too';

/** @type {Awaited<ReturnType<typeof startFakeProvider>>} */
let fake;
/** The clock the backends under test read; tests move it. */
let clockOffset = 0;
const now = () => Date.now() + clockOffset;

/** @param {Record<string, unknown>} [extra] */
function backend(extra = {}) {
  return createBackend({
    issuer: fake.issuer,
    clientId: 'dvc-agency',
    clientSecret: 'agency-client-secret',
    redirectUri: `${SITE}/auth/callback`,
    postLogoutRedirectUri: `${SITE}/`,
    api: fake.api,
    secrets: [SECRET],
    timeout: 2,
    now,
    ...extra,
  });
}

/** The dvc_error of a redirect, or null. @param {Response} res */
function dvcError(res) {
  return new URL(/** @type {string} */ (res.headers.get('location'))).searchParams.get('dvc_error');
}

/** @param {ReturnType<typeof browserFor>} browser */
async function sessionStatus(browser) {
  const res = await browser.call('/auth/session');
  return { status: res.status, body: await res.json() };
}

before(async () => {
  fake = await startFakeProvider();
});

after(async () => {
  await fake.close();
});

beforeEach(() => {
  for (const key of Object.keys(fake.faults)) delete fake.faults[/** @type {keyof typeof fake.faults} */ (key)];
  fake.tokenRequests.length = 0;
  fake.revocations.length = 0;
  fake.apiRequests.length = 0;
  clockOffset = 0;
});

describe('callback: every check of browser mode, a failure is no session and dvc_error on returnTo', () => {
  test('a good sign-in: a session cookie, 302 to returnTo, the normalised user at /session', async () => {
    const browser = browserFor(backend());
    const res = await browser.signIn('/hoso.html?tab=2');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${SITE}/hoso.html?tab=2`);
    const { status, body } = await sessionStatus(browser);
    assert.equal(status, 200);
    assert.equal(body.user.sub, CITIZEN.sub);
    assert.equal(body.user.name, 'Nguyễn Văn An');
    assert.equal(body.user.idNumber, '045090001111');
    assert.equal(body.user.birthDate, '1990-05-12');
    assert.equal(body.user.vneid, true);
    assert.equal(body.user.accountType, 1);
    assert.equal(body.user.claims.HoVaTen, 'Nguyễn Văn An');
    assert.equal(body.user.claims.nonce, undefined, 'no protocol claims in the user');
    // The token request carried the PKCE verifier and the client's secret (client_secret_basic).
    const [request] = fake.tokenRequests;
    assert.match(/** @type {string} */ (request.body.get('code_verifier')), /^[\w-]{43,}$/);
    const basic = Buffer.from(/** @type {string} */ (request.authorization).replace(/^Basic /, ''), 'base64').toString();
    assert.deepEqual(basic.split(':').map(decodeURIComponent), ['dvc-agency', 'agency-client-secret']);
  });

  /** @type {[string, import('./backend-fakes.js').Faults, string, boolean][]} name, faults, code, reaches the token endpoint */
  const cases = [
    ['a wrong iss (RFC 9207)', { iss: 'http://localhost:1/evil' }, 'issuer_mismatch', false],
    ['no iss from a provider that promises it', { noIss: true }, 'issuer_mismatch', false],
    ['an error response', { error: 'access_denied' }, 'authorization_denied', false],
    ['an ID token signed by another key', { badSignature: true }, 'id_token_invalid', true],
    ['an ID token for another client', { idTokenAud: 'someone-else' }, 'id_token_invalid', true],
    ['an ID token from another issuer', { idTokenIss: 'http://localhost:1/evil' }, 'id_token_invalid', true],
    ['an expired ID token', { idTokenExp: -3600 }, 'id_token_invalid', true],
    ['a wrong nonce', { nonce: 'not-the-nonce' }, 'nonce_mismatch', true],
    ['userinfo for another sub', { userinfoSub: 'someone-else' }, 'userinfo_mismatch', true],
    ['a token endpoint that refuses', { token: { status: 400, body: '{"error":"invalid_grant"}' } }, 'http', true],
    ['a token endpoint that answers nonsense', { token: { status: 200, body: '<html>oops</html>', type: 'text/html' } }, 'invalid_response', true],
    ['a token endpoint that answers JSON nonsense', { token: { status: 200, body: '{"access_token":42}' } }, 'invalid_response', true],
    ['a userinfo that answers nonsense', { userinfo: { status: 200, body: '[1,2]' } }, 'invalid_response', true],
    ['a token endpoint that fails', { token: { status: 503, body: 'down', type: 'text/plain' } }, 'http', true],
  ];
  for (const [name, faults, code, reachesToken] of cases) {
    test(`${name} → dvc_error=${code}`, async () => {
      const browser = browserFor(backend());
      // Signed in first: a failed new sign-in must not leave the old session either.
      await browser.signIn();
      assert.equal((await sessionStatus(browser)).status, 200);
      fake.tokenRequests.length = 0;
      Object.assign(fake.faults, faults);
      const res = await browser.signIn('/hoso.html');
      assert.equal(res.status, 302);
      assert.equal(dvcError(res), code);
      assert.equal(new URL(/** @type {string} */ (res.headers.get('location'))).pathname, '/hoso.html');
      assert.equal(fake.tokenRequests.length, reachesToken ? 1 : 0);
      const after = await sessionStatus(browser);
      assert.equal(after.status, 401);
      assert.equal(after.body.error, 'signed_out');
    });
  }

  test('a missing or different state → state_mismatch, no token request', async () => {
    const browser = browserFor(backend());
    for (const change of [(/** @type {URL} */ u) => u.searchParams.delete('state'), (/** @type {URL} */ u) => u.searchParams.set('state', 'forged')]) {
      const { callbackUrl } = await browser.startLogin('/a.html');
      const url = new URL(callbackUrl);
      change(url);
      const res = await browser.call(url.pathname + url.search);
      assert.equal(dvcError(res), 'state_mismatch');
      assert.equal(new URL(/** @type {string} */ (res.headers.get('location'))).pathname, '/a.html');
    }
    assert.equal(fake.tokenRequests.length, 0);
    assert.equal((await sessionStatus(browser)).status, 401);
  });

  test('no secret, code or token in any URL the browser is sent to', async () => {
    const browser = browserFor(backend());
    const { login, callbackUrl } = await browser.startLogin('/x.html');
    const url = new URL(callbackUrl);
    const done = await browser.call(url.pathname + url.search);
    const authorize = new URL(/** @type {string} */ (login.headers.get('location')));
    assert.equal(authorize.searchParams.get('client_secret'), null);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('code_verifier'), null);
    const back = /** @type {string} */ (done.headers.get('location'));
    assert.equal(back, `${SITE}/x.html`);
    assert.doesNotMatch(back, /code|token|agency-client-secret/);
  });
});

describe('transactions: one callback each, at most 10 minutes', () => {
  test('a replayed callback URL makes no second token request', async () => {
    const handler = backend();
    const browser = browserFor(handler);
    const { callbackUrl } = await browser.startLogin();
    const url = new URL(callbackUrl);
    const jarCopy = new CookieJar();
    jarCopy.cookies = new Map(browser.jar.cookies);
    const first = await browser.call(url.pathname + url.search);
    assert.equal(dvcError(first), null);
    // The same URL again, even with the transaction cookie the browser had before.
    const replayer = browserFor(handler, jarCopy);
    const replay = await replayer.call(url.pathname + url.search);
    assert.equal(dvcError(replay), 'state_mismatch');
    const again = await browser.call(url.pathname + url.search);
    assert.equal(dvcError(again), 'state_mismatch');
    assert.equal(fake.tokenRequests.length, 1);
  });

  test('the transaction cookie gone: no token request, the existing session left alone', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    fake.tokenRequests.length = 0;
    const { callbackUrl } = await browser.startLogin();
    for (const key of [...browser.jar.cookies.keys()]) if (key.startsWith('dvc-tx|')) browser.jar.cookies.delete(key);
    const url = new URL(callbackUrl);
    const res = await browser.call(url.pathname + url.search);
    assert.equal(dvcError(res), 'state_mismatch');
    assert.equal(new URL(/** @type {string} */ (res.headers.get('location'))).pathname, '/');
    assert.equal(fake.tokenRequests.length, 0);
    assert.equal((await sessionStatus(browser)).status, 200, 'a stranger linking to /callback signs nobody out');
  });

  test('a transaction more than 10 minutes old: no token request', async () => {
    const browser = browserFor(backend());
    const { callbackUrl, login } = await browser.startLogin();
    assert.match(login.headers.getSetCookie().join(), /Max-Age=600/);
    clockOffset = 10 * 60 * 1000 + 1000;
    const url = new URL(callbackUrl);
    const res = await browser.call(url.pathname + url.search);
    assert.equal(dvcError(res), 'state_mismatch');
    assert.equal(fake.tokenRequests.length, 0);
  });

  test('50 parallel callbacks with one transaction: exactly one token request, one session', async () => {
    const handler = backend();
    const browser = browserFor(handler);
    const { callbackUrl } = await browser.startLogin('/p.html');
    const url = new URL(callbackUrl);
    const cookie = browser.jar.header(url.href);
    const results = await Promise.all(Array.from({ length: 50 }, () => handler(new Request(url.href, { headers: { cookie } }))));
    const ok = results.filter((r) => dvcError(r) === null);
    assert.equal(ok.length, 1);
    assert.equal(results.filter((r) => dvcError(r) === 'state_mismatch').length, 49);
    assert.equal(fake.tokenRequests.length, 1);
  });
});

describe('returnTo: only a path on this site', () => {
  for (const evil of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'http:/evil.example', ' //evil.example', '\\\\evil.example', '/auth/logout']) {
    test(`returnTo=${JSON.stringify(evil)} lands on /`, async () => {
      const browser = browserFor(backend());
      const res = await browser.signIn(evil);
      assert.equal(res.headers.get('location'), `${SITE}/`);
      // A failing sign-in lands there too.
      fake.faults.error = 'access_denied';
      const failed = await browser.signIn(evil);
      assert.equal(failed.headers.get('location'), `${SITE}/?dvc_error=authorization_denied`);
    });
  }

  test('a path with query and hash is kept; an old dvc_error is dropped', async () => {
    const browser = browserFor(backend());
    const res = await browser.signIn('/dich-vu/ho-so.html?ma=1&dvc_error=timeout#danh-sach');
    assert.equal(res.headers.get('location'), `${SITE}/dich-vu/ho-so.html?ma=1#danh-sach`);
  });
});

describe('session cookie: sealed, HttpOnly, rotating keys, anything wrong is signed out', () => {
  /** @param {Response} res */
  const sessionCookies = (res) => res.headers.getSetCookie().filter((c) => /^(__Host-)?dvc-session/.test(c) && !/Max-Age=0/.test(c));

  test('attributes on http://localhost: dvc-session; HttpOnly; SameSite=Lax; Path=/; no Secure', async () => {
    const browser = browserFor(backend());
    const res = await browser.signIn();
    const [cookie, ...more] = sessionCookies(res);
    assert.equal(more.length, 0);
    assert.match(cookie, /^dvc-session=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+; /, 'a compact JWE with dir (empty key part)');
    for (const attr of ['HttpOnly', 'SameSite=Lax', 'Path=/']) assert.ok(cookie.split('; ').includes(attr), attr);
    assert.ok(!cookie.includes('Secure'));
    assert.ok(!cookie.includes(CITIZEN.HoVaTen) && !cookie.includes('at-'), 'nothing readable in the cookie');
  });

  test('over https: __Host-dvc-session with Secure', async () => {
    const handler = createBackend({
      issuer: fake.issuer, clientId: 'dvc-agency', clientSecret: 'x', redirectUri: 'https://so.quangtri.gov.vn/auth/callback', secrets: [SECRET],
    });
    const login = await handler(new Request('https://so.quangtri.gov.vn/auth/login?returnTo=/'));
    const [tx] = login.headers.getSetCookie();
    assert.match(tx, /^__Host-dvc-tx=/);
    assert.ok(tx.split('; ').includes('Secure'));
    const session = await handler(new Request('https://so.quangtri.gov.vn/auth/session', { headers: { cookie: '__Host-dvc-session=forged' } }));
    assert.equal(session.status, 401);
    assert.match(session.headers.getSetCookie().join(), /^__Host-dvc-session=; .*Secure/);
    assert.throws(() => createBackend({
      issuer: fake.issuer, clientId: 'a', clientSecret: 'x', redirectUri: 'http://so.quangtri.gov.vn/auth/callback', secrets: [SECRET],
    }), /https/);
  });

  /** @type {[string, (value: string) => string][]} */
  const spoil = [
    ['tampered', (v) => `${v.slice(0, -30)}${v.at(-30) === 'A' ? 'B' : 'A'}${v.slice(-29)}`],
    ['truncated', (v) => v.slice(0, Math.floor(v.length / 2))],
    ['not a JWE', () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ['garbage', () => '%%%<script>'],
  ];
  for (const [name, change] of spoil) {
    test(`a ${name} cookie is signed out (401), never a 500, no stack trace`, async () => {
      const browser = browserFor(backend());
      await browser.signIn();
      const entry = /** @type {{ value: string, path: string }} */ (browser.jar.cookies.get('dvc-session|/'));
      entry.value = change(entry.value);
      for (const path of ['/auth/session', '/auth/api/me/profile']) {
        const res = await browser.call(path);
        assert.equal(res.status, 401, path);
        const text = await res.text();
        assert.deepEqual(Object.keys(JSON.parse(text)).sort(), ['error', 'message']);
        assert.equal(JSON.parse(text).error, 'signed_out');
        assert.doesNotMatch(text, /at .*\.js|Error:|node_modules/);
        browser.jar.cookies.set('dvc-session|/', entry);
      }
      assert.equal(fake.apiRequests.length, 0);
    });
  }

  test('an expired cookie: 401 session_expired', async () => {
    const browser = browserFor(backend({ sessionMaxAge: 3600 }));
    await browser.signIn();
    clockOffset = 3601 * 1000;
    const { status, body } = await sessionStatus(browser);
    assert.equal(status, 401);
    assert.equal(body.error, 'session_expired');
  });

  test('keys rotate: a cookie sealed with an older key in `secrets` still opens; one with an unknown key does not', async () => {
    const old = browserFor(backend({ secrets: [OTHER_SECRET] }));
    await old.signIn();
    const rotated = browserFor(backend({ secrets: [SECRET, OTHER_SECRET] }), old.jar);
    assert.equal((await sessionStatus(rotated)).status, 200);
    const unknown = browserFor(backend({ secrets: [SECRET] }), old.jar);
    assert.equal((await sessionStatus(unknown)).body.error, 'signed_out');
    // A renewal under the rotated keys seals with the first (new) key.
    const again = browserFor(backend({ secrets: [OTHER_SECRET] }));
    await again.signIn();
    clockOffset = 16 * 60 * 1000;
    const renewed = await browserFor(backend({ secrets: [SECRET, OTHER_SECRET] }), again.jar).call('/auth/api/me');
    assert.equal(renewed.status, 200);
    assert.equal((await sessionStatus(browserFor(backend({ secrets: [SECRET] }), again.jar))).status, 200);
  });

  test('secrets shorter than 32 bytes, or none, are refused at start', () => {
    assert.throws(() => backend({ secrets: ['short'] }), /32 bytes/);
    assert.throws(() => backend({ secrets: [] }), /secrets/);
  });

  test('claims too long for one cookie are split into numbered cookies under 4 KB, and shrink back', async () => {
    fake.faults.claims = { birthPlace: 'Thôn Xuân Lộc, xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị. '.repeat(60) };
    const browser = browserFor(backend());
    const res = await browser.signIn();
    const cookies = sessionCookies(res);
    assert.ok(cookies.length >= 2, `${cookies.length} cookies`);
    cookies.forEach((c, i) => {
      assert.match(c, new RegExp(`^dvc-session\\.${i}=`));
      assert.ok(c.split(';')[0].length < 4000, `chunk ${i}: ${c.length} bytes`);
    });
    assert.equal((await sessionStatus(browser)).body.user.claims.birthPlace, fake.faults.claims.birthPlace);
    delete fake.faults.claims;
    const small = await browser.signIn();
    const cleared = small.headers.getSetCookie().filter((c) => /^dvc-session\.\d+=;/.test(c));
    assert.equal(cleared.length, cookies.length, 'every old chunk is cleared');
    assert.equal((await sessionStatus(browser)).status, 200);
  });
});

describe('CSRF: X-DVC-Request on every non-GET, no cross-site requests', () => {
  test('POST /logout without X-DVC-Request (or with another value): 403, still signed in, nothing revoked', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    for (const headers of [{}, { 'x-dvc-request': '0' }, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const res = await browser.call('/auth/logout', { method: 'POST', headers });
      assert.equal(res.status, 403);
      assert.equal(res.headers.getSetCookie().length, 0);
    }
    assert.equal((await sessionStatus(browser)).status, 200);
    assert.equal(fake.revocations.length, 0);
  });

  test('POST /api without the header: 403, the API never called', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const res = await browser.call('/auth/api/me/profile/sync', { method: 'POST' });
    assert.equal(res.status, 403);
    assert.equal(fake.apiRequests.length, 0);
  });

  test('Sec-Fetch-Site: cross-site is refused on every route but the provider\'s redirect back', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const cross = { 'sec-fetch-site': 'cross-site' };
    for (const [path, init] of /** @type {[string, RequestInit][]} */ ([
      ['/auth/session', {}], ['/auth/login?returnTo=/', {}], ['/auth/api/me', {}],
      ['/auth/logout', { method: 'POST', headers: { 'x-dvc-request': '1' } }],
      ['/auth/api/me/profile/sync', { method: 'POST', headers: { 'x-dvc-request': '1' } }],
    ])) {
      const res = await browser.call(path, { ...init, headers: { ...init.headers, ...cross } });
      assert.equal(res.status, 403, path);
    }
    assert.equal(fake.apiRequests.length, 0);
    assert.equal(fake.revocations.length, 0);
    assert.equal((await sessionStatus(browser)).status, 200);
    // The provider's redirect back is a cross-site navigation.
    const { callbackUrl } = await browser.startLogin();
    const url = new URL(callbackUrl);
    const res = await browser.call(url.pathname + url.search, { headers: cross });
    assert.equal(dvcError(res), null);
  });
});

describe('API forwarding and renewal', () => {
  test('/api/* goes to `api` with the Bearer token, query and body; no cookie, no X-DVC-Request upstream', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const res = await browser.call('/auth/api/me/dossiers?status=4&page=2', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), { path: '/api/me/dossiers', query: '?status=4&page=2', method: 'GET', body: '' });
    const post = await browser.call('/auth/api/me/profile/sync', {
      method: 'POST', headers: { 'x-dvc-request': '1', 'content-type': 'application/json' }, body: '{"a":1}',
    });
    assert.equal((await post.json()).body, '{"a":1}');
    for (const request of fake.apiRequests) assert.match(/** @type {string} */ (request.authorization), /^Bearer at-/);
  });

  test('paths cannot leave the API base', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    for (const path of ['/auth/api/../token', '/auth/api/%2e%2e/token', '/auth/api/%2E%2E/%2E%2E/jwks']) {
      const res = await browser.call(path);
      assert.notEqual(res.status, 200, path);
    }
    assert.ok(fake.apiRequests.every((r) => r.url.startsWith('/api/')));
  });

  test('an expired access token is renewed first; the rotated refresh token goes into a new cookie', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const firstToken = fake.tokenRequests.length;
    clockOffset = 16 * 60 * 1000;
    const res = await browser.call('/auth/api/me');
    assert.equal(res.status, 200);
    const refresh = fake.tokenRequests.slice(firstToken).filter((r) => r.grant === 'refresh_token');
    assert.equal(refresh.length, 1);
    assert.match(res.headers.getSetCookie().join(), /^dvc-session=[\w-]+\./);
    // The next renewal sends the new refresh token, not the first one.
    clockOffset = 32 * 60 * 1000;
    assert.equal((await browser.call('/auth/api/me')).status, 200);
    const refreshes = fake.tokenRequests.filter((r) => r.grant === 'refresh_token').map((r) => r.body.get('refresh_token'));
    assert.equal(refreshes.length, 2);
    assert.notEqual(refreshes[0], refreshes[1]);
  });

  test('ten parallel API calls with an expired token send the refresh token once', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    clockOffset = 16 * 60 * 1000;
    const results = await Promise.all(Array.from({ length: 10 }, () => browser.call('/auth/api/me')));
    assert.deepEqual(results.map((r) => r.status), Array(10).fill(200));
    assert.equal(fake.tokenRequests.filter((r) => r.grant === 'refresh_token').length, 1);
  });

  test('a refused renewal: 401 session_expired, the cookie cleared', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    fake.faults.refresh = { status: 400, body: '{"error":"invalid_grant"}' };
    clockOffset = 16 * 60 * 1000;
    const res = await browser.call('/auth/api/me');
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error, 'session_expired');
    assert.match(res.headers.getSetCookie().join(), /^dvc-session=; .*Max-Age=0/);
    assert.equal((await sessionStatus(browser)).status, 401);
    assert.equal(fake.apiRequests.length, 0);
  });

  test('/session renews an expired access token: a session the provider ended shows as ended at once', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    clockOffset = 16 * 60 * 1000;
    const renewed = await browser.call('/auth/session');
    assert.equal(renewed.status, 200);
    assert.match(renewed.headers.getSetCookie().join(), /^dvc-session=[\w-]+\./);
    assert.equal(fake.tokenRequests.filter((r) => r.grant === 'refresh_token').length, 1);
    // Unreachable provider: the session stands.
    clockOffset = 32 * 60 * 1000;
    fake.faults.refresh = { status: 503, body: '{"error":"temporarily_unavailable"}' };
    assert.equal((await browser.call('/auth/session')).status, 200);
    // The provider refuses (idle limit, revoked): ended.
    fake.faults.refresh = { status: 400, body: '{"error":"invalid_grant"}' };
    const { status, body } = await sessionStatus(browser);
    assert.equal(status, 401);
    assert.equal(body.error, 'session_expired');
    assert.equal((await sessionStatus(browser)).body.error, 'signed_out', 'the cookie was cleared');
  });

  test('a renewal whose ID token names another citizen is refused', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    fake.faults.refreshSub = 'someone-else';
    clockOffset = 16 * 60 * 1000;
    const res = await browser.call('/auth/api/me');
    assert.equal(res.status, 401);
    assert.equal(fake.apiRequests.length, 0);
  });

  test('no refresh token: an expired access token is session_expired', async () => {
    fake.faults.noRefreshToken = true;
    const browser = browserFor(backend());
    await browser.signIn();
    clockOffset = 16 * 60 * 1000;
    assert.equal((await sessionStatus(browser)).body.error, 'session_expired');
    assert.equal((await browser.call('/auth/api/me')).status, 401);
  });

  test('the API refusing a fresh token (signed out elsewhere): 401 session_expired, cookie cleared', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    fake.faults.api = { status: 401, body: '{"error":"invalid_token"}' };
    const res = await browser.call('/auth/api/me');
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error, 'session_expired');
    assert.equal((await sessionStatus(browser)).status, 401);
  });

  test('expiresAt is the session\'s end (refresh token), not the access token\'s', async () => {
    fake.faults.refreshExpiresIn = 1800;
    const browser = browserFor(backend());
    const t = Date.now();
    await browser.signIn();
    const { body } = await sessionStatus(browser);
    assert.ok(Math.abs(body.expiresAt - (t + 1800 * 1000)) < 5000, `${body.expiresAt - t}`);
    delete fake.faults.refreshExpiresIn;
    const capped = browserFor(backend({ sessionMaxAge: 7200 }));
    await capped.signIn();
    assert.ok(Math.abs((await sessionStatus(capped)).body.expiresAt - (t + 7200 * 1000)) < 5000);
    fake.faults.noRefreshToken = true;
    const short = browserFor(backend());
    await short.signIn();
    assert.ok(Math.abs((await sessionStatus(short)).body.expiresAt - (t + 900 * 1000)) < 5000);
  });
});

describe('faults: the provider or the API down, slow or answering nonsense', () => {
  test('provider down at /login: back to returnTo with dvc_error=network', async () => {
    const down = createBackend({
      issuer: 'http://localhost:1', clientId: 'a', clientSecret: 'b', redirectUri: `${SITE}/auth/callback`, secrets: [SECRET], timeout: 0.5,
    });
    const res = await down(new Request(`${SITE}/auth/login?returnTo=/hoso.html`));
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${SITE}/hoso.html?dvc_error=network`);
  });

  test('provider slower than the timeout at /login: dvc_error=timeout', async () => {
    fake.faults.slow = 3000;
    const res = await browserFor(backend()).call('/auth/login?returnTo=/');
    assert.equal(dvcError(res), 'timeout');
  });

  test('provider discovery answering nonsense: dvc_error=invalid_response', async () => {
    fake.faults.discovery = { status: 200, body: '{"issuer":"http://localhost:1/other"}' };
    const res = await browserFor(backend()).call('/auth/login?returnTo=/');
    assert.equal(dvcError(res), 'invalid_response');
  });

  test('provider slower than the timeout at the token endpoint: dvc_error=timeout', async () => {
    const browser = browserFor(backend());
    const { callbackUrl } = await browser.startLogin();
    fake.faults.slow = 3000;
    const url = new URL(callbackUrl);
    const res = await browser.call(url.pathname + url.search);
    assert.equal(dvcError(res), 'timeout');
  });

  test('API down: 502 network; API slow: 504 timeout; API nonsense passes through as it came', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const downApi = browserFor(backend({ api: 'http://localhost:1/api' }), browser.jar);
    const down = await downApi.call('/auth/api/me');
    assert.equal(down.status, 502);
    assert.equal((await down.json()).error, 'network');
    fake.faults.apiSlow = 3000;
    const slow = await browser.call('/auth/api/me');
    assert.equal(slow.status, 504);
    assert.equal((await slow.json()).error, 'timeout');
    delete fake.faults.apiSlow;
    fake.faults.api = { status: 200, body: '<html>not json</html>', type: 'text/html' };
    const nonsense = await browser.call('/auth/api/me');
    assert.equal(nonsense.status, 200);
    assert.equal(nonsense.headers.get('content-type'), 'text/html');
  });

  test('provider down during renewal: 502 network, the session kept for a retry', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    fake.faults.refresh = { status: 503, body: '{"error":"temporarily_unavailable"}' };
    clockOffset = 16 * 60 * 1000;
    const res = await browser.call('/auth/api/me');
    assert.equal(res.status, 502);
    assert.equal((await res.json()).error, 'network');
    assert.equal(res.headers.getSetCookie().length, 0);
    // The provider is back: the retry renews.
    delete fake.faults.refresh;
    const retry = await browser.call('/auth/api/me');
    assert.equal(retry.status, 200);
    assert.equal(fake.tokenRequests.filter((r) => r.grant === 'refresh_token').length, 2);
  });
});

describe('logout', () => {
  test('revokes the refresh token (RFC 7009), answers the RP-initiated logout URL and clears the cookie', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const res = await browser.call('/auth/logout', { method: 'POST', headers: { 'x-dvc-request': '1' } });
    assert.equal(res.status, 200);
    const { endSessionUrl } = await res.json();
    const url = new URL(endSessionUrl);
    assert.equal(url.origin + url.pathname, `${fake.issuer}/logout`);
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${SITE}/`);
    assert.equal(url.searchParams.get('client_id'), 'dvc-agency');
    assert.equal(url.searchParams.get('id_token_hint'), null, 'no ID token in a URL page scripts read and the address bar shows');
    assert.equal(fake.revocations.length, 1);
    assert.equal(fake.revocations[0].get('token_type_hint'), 'refresh_token');
    assert.match(/** @type {string} */ (fake.revocations[0].get('token')), /^rt-/);
    assert.match(res.headers.getSetCookie().join(), /^dvc-session=; .*Max-Age=0/);
    assert.equal((await sessionStatus(browser)).status, 401);
  });

  test('provider down at logout: the cookie is cleared all the same', async () => {
    const browser = browserFor(backend());
    await browser.signIn();
    const down = browserFor(backend({ issuer: 'http://localhost:1' }), browser.jar);
    const res = await down.call('/auth/logout', { method: 'POST', headers: { 'x-dvc-request': '1' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { endSessionUrl: null });
    assert.equal((await sessionStatus(browser)).status, 401);
  });
});

describe('client authentication and providers without discovery', () => {
  test('client_secret_post sends the secret in the body, not a Basic header', async () => {
    const browser = browserFor(backend({ clientAuthMethod: 'client_secret_post' }));
    assert.equal(dvcError(await browser.signIn()), null);
    const [request] = fake.tokenRequests;
    assert.equal(request.authorization, undefined);
    assert.equal(request.body.get('client_secret'), 'agency-client-secret');
  });

  test('private_key_jwt signs a client assertion the provider verifies', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'agency-1', alg: 'ES256' };
    fake.privateKeyJwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'agency-1', alg: 'ES256' }] };
    try {
      const browser = browserFor(backend({ clientSecret: undefined, privateKey: jwk }));
      assert.equal(dvcError(await browser.signIn()), null);
      const [request] = fake.tokenRequests;
      assert.equal(request.body.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      assert.equal(request.body.get('client_secret'), null);
      // A key the provider does not know: the token endpoint refuses (invalid_client).
      const other = await generateKeyPair('ES256', { extractable: true });
      const stranger = browserFor(backend({ clientSecret: undefined, privateKey: { ...(await exportJWK(other.privateKey)), alg: 'ES256' } }));
      assert.equal(dvcError(await stranger.signIn()), 'http');
    } finally {
      fake.privateKeyJwks = undefined;
    }
  });

  test('explicit endpoints, no discovery document', async () => {
    fake.faults.discovery = { status: 404, body: '{}' };
    const browser = browserFor(backend({
      endpoints: {
        authorization: `${fake.issuer}/authorize`, token: `${fake.issuer}/token`, jwks: `${fake.issuer}/jwks`,
        userinfo: `${fake.issuer}/userinfo`, endSession: `${fake.issuer}/logout`, revocation: `${fake.issuer}/revoke`,
        issParameter: true,
      },
      authorizationParams: { acr_values: 'LoA1' },
    }));
    const { login, callbackUrl } = await browser.startLogin();
    assert.equal(new URL(/** @type {string} */ (login.headers.get('location'))).searchParams.get('acr_values'), 'LoA1');
    const url = new URL(callbackUrl);
    assert.equal(dvcError(await browser.call(url.pathname + url.search)), null);
    assert.equal((await sessionStatus(browser)).status, 200);
  });

  test('a secret or a key is required', () => {
    assert.throws(() => backend({ clientSecret: undefined }), /clientSecret/);
    assert.throws(() => backend({ clientAuthMethod: 'private_key_jwt' }), /privateKey/);
  });
});

describe('routes', () => {
  test('unknown routes 404, wrong methods 405, /session is never cached', async () => {
    const browser = browserFor(backend());
    assert.equal((await browser.call('/auth/nope')).status, 404);
    assert.equal((await browser.call('/auth/logout')).status, 405);
    // A HEAD of the callback URL (a link preview) redeems nothing.
    const { callbackUrl } = await browser.startLogin();
    const callback = new URL(callbackUrl);
    assert.equal((await browser.call(callback.pathname + callback.search, { method: 'HEAD' })).status, 405);
    assert.equal(fake.tokenRequests.length, 0);
    assert.equal(dvcError(await browser.call(callback.pathname + callback.search)), null);
    const put = await browser.call('/auth/session', { method: 'PUT', headers: { 'x-dvc-request': '1' } });
    assert.equal(put.status, 405);
    const res = await browser.call('/auth/session');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  });
});

describe('toNodeHandler: node:http and Express', () => {
  test('node:http: the routes under /auth, Set-Cookie lines kept apart, 404 outside', async () => {
    const { toNodeHandler } = await import('dvc-widgets/server');
    const node = toNodeHandler(backend());
    const server = http.createServer((req, res) => {
      node(req, res);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    try {
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/auth/login?returnTo=/a.html`, { redirect: 'manual' });
      assert.equal(login.status, 302);
      assert.equal(login.headers.getSetCookie().length, 1);
      const authorize = await fetch(/** @type {string} */ (login.headers.get('location')), { redirect: 'manual' });
      const callback = new URL(/** @type {string} */ (authorize.headers.get('location')));
      const cookie = login.headers.getSetCookie()[0].split(';')[0];
      const done = await fetch(`${base}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { cookie } });
      assert.equal(done.headers.get('location'), `${SITE}/a.html`);
      assert.equal(done.headers.getSetCookie().length, 2, 'the cleared transaction and the session, as two lines');
      const session = done.headers.getSetCookie().find((c) => c.startsWith('dvc-session='));
      const post = await fetch(`${base}/auth/api/me/profile/sync`, {
        method: 'POST', headers: { cookie: /** @type {string} */ (session).split(';')[0], 'x-dvc-request': '1', 'content-type': 'application/json' }, body: '{"b":2}',
      });
      assert.equal((await post.json()).body, '{"b":2}', 'the body reaches the API');
      assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('Express: reads req.originalUrl under a mount path, reuses a parsed req.body, passes other paths to next()', async () => {
    const { toNodeHandler } = await import('dvc-widgets/server');
    const node = toNodeHandler(backend());
    const browser = browserFor(backend());
    await browser.signIn();
    const cookie = browser.jar.header(`${SITE}/auth/session`);
    /** @param {{ url: string, originalUrl?: string, method?: string, body?: unknown, ended?: boolean, headers?: Record<string, string> }} r */
    async function run(r) {
      const { Readable } = await import('node:stream');
      const req = Object.assign(Readable.from([]), {
        url: r.url, originalUrl: r.originalUrl, method: r.method ?? 'GET', headers: { cookie, ...r.headers }, body: r.body,
      });
      if (r.ended) req.resume();
      await new Promise((resolve) => setImmediate(resolve));
      /** @type {{ status?: number, headers?: any, body?: string, next: boolean }} */
      const out = { next: false };
      const res = {
        headersSent: false,
        writeHead(/** @type {number} */ status, /** @type {any} */ headers) { out.status = status; out.headers = headers; return this; },
        end(/** @type {Buffer | undefined} */ body) { out.body = body?.toString(); },
      };
      await node(/** @type {any} */ (req), /** @type {any} */ (res), () => { out.next = true; });
      return out;
    }
    const session = await run({ url: '/session', originalUrl: '/auth/session' });
    assert.equal(session.status, 200);
    assert.equal(JSON.parse(/** @type {string} */ (session.body)).user.sub, CITIZEN.sub);
    const other = await run({ url: '/', originalUrl: '/trang-chu' });
    assert.equal(other.next, true);
    const parsed = await run({
      url: '/api/me/profile/sync', originalUrl: '/auth/api/me/profile/sync', method: 'POST', body: { c: 3 }, ended: true,
      headers: { 'x-dvc-request': '1', 'content-type': 'application/json' },
    });
    assert.equal(parsed.status, 200);
    assert.equal(JSON.parse(/** @type {string} */ (parsed.body)).body, '{"c":3}');
  });
});
