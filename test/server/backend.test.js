// Backend mode against the reference server: /auth (dvc-widgets/server, as server/index.js mounts
// it) as the confidential client dvc-backend of the reference provider, signed in over HTTP the
// way a browser does (test/server/http-browser.js).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../server/index.js';
import { CITIZENS, DEMO_PASSWORD, allClaims } from '../../server/auth/accounts.js';
import { normaliseUser } from '../../dist/server/auth/claims.js';
import { CookieJar, b64url, browse, passSignin, pkce, signinAction } from './http-browser.js';

const KIET = CITIZENS[0];
const X = { 'x-dvc-request': '1' };

describe('backend mode on the reference server (/auth, client dvc-backend)', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  /** @type {string} */
  let origin;
  /** @type {any} */
  let discovery;
  const secret = b64url(randomBytes(32));
  const saved = process.env.DVC_BACKEND_CLIENT_SECRET;

  before(async () => {
    process.env.DVC_BACKEND_CLIENT_SECRET = secret;
    server = await startServer({ port: 0, quiet: true, production: false });
    origin = server.url.replace(/\/$/, '');
    discovery = await (await fetch(`${origin}/oidc/.well-known/openid-configuration`)).json();
  });

  after(async () => {
    if (saved === undefined) delete process.env.DVC_BACKEND_CLIENT_SECRET;
    else process.env.DVC_BACKEND_CLIENT_SECRET = saved;
    await server.close();
  });

  /**
   * Follows redirects from `start` through the provider's sign-in until the browser is sent to
   * `stop` (not opened).
   * @param {CookieJar} jar
   * @param {string} start
   * @param {string} stop
   * @param {{ idNumber: string }} citizen
   */
  async function untilRedirect(jar, start, stop, citizen) {
    let next = start;
    for (let hop = 0; hop < 14; hop += 1) {
      if (next.startsWith(stop)) return next;
      const res = await browse(jar, next);
      if (res.status === 302 || res.status === 303) {
        next = new URL(/** @type {string} */ (res.headers.get('location')), next).href;
        continue;
      }
      assert.equal(res.status, 200, `unexpected ${res.status} at ${next}`);
      const html = await res.text();
      const autoPost = /<form method="post" action="([^"]+\/session\/end\/confirm)">/.exec(html);
      if (autoPost) {
        const inputs = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]));
        const ended = await browse(jar, autoPost[1], { method: 'POST', form: inputs });
        next = new URL(/** @type {string} */ (ended.headers.get('location')), autoPost[1]).href;
        continue;
      }
      assert.ok(signinAction(html), `the sign-in page at ${next}`);
      next = await passSignin(jar, next, { idNumber: citizen.idNumber, password: DEMO_PASSWORD });
    }
    throw new Error('too many redirects');
  }

  /**
   * /auth/login → the provider's sign-in → the callback URL, not yet opened.
   * @param {CookieJar} jar
   */
  function toCallback(jar, citizen = KIET, query = 'returnTo=/backend.html') {
    return untilRedirect(jar, `${origin}/auth/login?${query}`, `${origin}/auth/callback`, citizen);
  }

  /** The whole sign-in; resolves the callback's response. */
  async function signIn(jar = new CookieJar(), citizen = KIET, query = undefined) {
    const callback = await toCallback(jar, citizen, query);
    return browse(jar, callback);
  }

  test('the provider registers dvc-backend as a confidential client; PKCE stays required of public clients', async () => {
    assert.deepEqual([...discovery.token_endpoint_auth_methods_supported].sort(), ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
    assert.ok(discovery.grant_types_supported.includes('refresh_token'));
    // An authorization request of dvc-backend without PKCE is accepted (as the national portal does)...
    const jar = new CookieJar();
    const state = b64url(randomBytes(16));
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: 'dvc-backend', redirect_uri: `${origin}/auth/callback`, response_type: 'code', scope: 'openid profile', state, nonce: 'n1',
    }).toString();
    const back = new URL(await untilRedirect(jar, authorize.href, `${origin}/auth/callback`, KIET));
    assert.equal(back.searchParams.get('error'), null);
    const code = /** @type {string} */ (back.searchParams.get('code'));
    const form = { grant_type: 'authorization_code', code, redirect_uri: `${origin}/auth/callback` };
    // ...but its token request needs the secret.
    const anonymous = await fetch(discovery.token_endpoint, { method: 'POST', body: new URLSearchParams({ ...form, client_id: 'dvc-backend' }) });
    assert.equal(anonymous.status, 401);
    assert.equal((await anonymous.json()).error, 'invalid_client');
    const wrong = await fetch(discovery.token_endpoint, {
      method: 'POST', body: new URLSearchParams(form), headers: { authorization: `Basic ${Buffer.from('dvc-backend:wrong').toString('base64')}` },
    });
    assert.equal(wrong.status, 401);
    // client_secret_post: a refresh token comes with the access token.
    const good = await fetch(discovery.token_endpoint, { method: 'POST', body: new URLSearchParams({ ...form, client_id: 'dvc-backend', client_secret: secret }) });
    const tokens = await good.json();
    assert.equal(good.status, 200, JSON.stringify(tokens));
    assert.equal(typeof tokens.refresh_token, 'string');
    // A public client still needs PKCE.
    const demo = new URL(discovery.authorization_endpoint);
    demo.search = new URLSearchParams({ client_id: 'dvc-demo', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid', state }).toString();
    const refused = await fetch(demo, { redirect: 'manual' });
    assert.match(/** @type {string} */ (refused.headers.get('location')), /error=invalid_request.*PKCE|PKCE/);
  });

  test('sign-in, session, dossier API through /auth, sync, sign-out', async () => {
    const jar = new CookieJar();
    const done = await signIn(jar);
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), `${origin}/backend.html`);
    assert.ok(jar.cookies.has('dvc-session|/'));
    assert.ok(!jar.cookies.has('dvc-tx|/'), 'the transaction cookie is gone');

    const session = await browse(jar, `${origin}/auth/session`);
    assert.equal(session.status, 200);
    const { user, expiresAt } = await session.json();
    assert.equal(user.sub, KIET.sub);
    assert.equal(user.name, KIET.fullName);
    assert.equal(user.idNumber, KIET.idNumber);
    assert.equal(user.birthDate, KIET.birthDate);
    assert.equal(user.vneid, true);
    // The very object browser mode builds from the same claims (src/auth/claims.ts).
    assert.deepEqual(user, normaliseUser(KIET.sub, allClaims(KIET)));
    // The provider session (8 h), not one access token (15 min).
    assert.ok(expiresAt - Date.now() > 60 * 60 * 1000, `${expiresAt - Date.now()} ms`);

    const profile = await browse(jar, `${origin}/auth/api/me/profile`);
    assert.equal(profile.status, 200);
    assert.equal((await profile.json()).fullName, KIET.fullName);
    const dossiers = await browse(jar, `${origin}/auth/api/me/dossiers?page=1&pageSize=5`);
    assert.equal(dossiers.status, 200);
    assert.ok(Array.isArray((await dossiers.json()).items));
    const refusedSync = await browse(jar, `${origin}/auth/api/me/profile/sync`, { method: 'POST' });
    assert.equal(refusedSync.status, 403);
    const sync = await browse(jar, `${origin}/auth/api/me/profile/sync`, { method: 'POST', headers: X });
    assert.equal(sync.status, 200);
    assert.ok(Array.isArray((await sync.json()).changed));

    const logout = await browse(jar, `${origin}/auth/logout`, { method: 'POST', headers: X });
    assert.equal(logout.status, 200);
    const { endSessionUrl } = await logout.json();
    const end = new URL(endSessionUrl);
    assert.equal(`${end.origin}${end.pathname}`, discovery.end_session_endpoint);
    assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${origin}/backend.html`);
    assert.equal(end.searchParams.get('id_token_hint'), null, 'no ID token in the address bar');
    assert.equal(end.searchParams.get('client_id'), 'dvc-backend');
    const page = await browse(jar, endSessionUrl);
    assert.equal(page.status, 200, 'the provider accepts the logout request');
    assert.match(await page.text(), /Bạn có muốn đăng xuất/, 'without the hint the provider asks the citizen');
    assert.equal((await browse(jar, `${origin}/auth/session`)).status, 401);
  });

  test('sign-out revokes the grant at the provider: the old cookie, brought back, opens nothing', async (t) => {
    if (!discovery.revocation_endpoint) {
      t.skip('the provider has no revocation endpoint');
      return;
    }
    const jar = new CookieJar();
    await signIn(jar);
    const kept = new Map(jar.cookies);
    assert.equal((await browse(jar, `${origin}/auth/api/me/profile`)).status, 200);
    assert.equal((await browse(jar, `${origin}/auth/logout`, { method: 'POST', headers: X })).status, 200);
    jar.cookies = kept;
    const res = await browse(jar, `${origin}/auth/api/me/profile`);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error, 'session_expired');
  });

  test('account switch: logout then /auth/login?prompt=login asks for the password again', async () => {
    const jar = new CookieJar();
    await signIn(jar);
    await browse(jar, `${origin}/auth/logout`, { method: 'POST', headers: X });
    const login = await browse(jar, `${origin}/auth/login?returnTo=/backend.html&prompt=login`);
    assert.equal(new URL(/** @type {string} */ (login.headers.get('location'))).searchParams.get('prompt'), 'login');
    const other = CITIZENS[1];
    const done = await browse(jar, await toCallback(jar, other, 'returnTo=/backend.html&prompt=login'));
    assert.equal(done.headers.get('location'), `${origin}/backend.html`);
    assert.equal((await (await browse(jar, `${origin}/auth/session`)).json()).user.sub, other.sub);
  });

  test('50 parallel callbacks with one transaction: one session, 49 refusals', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar);
    const cookie = jar.header(callback);
    const results = await Promise.all(Array.from({ length: 50 }, () => fetch(callback, { headers: { cookie }, redirect: 'manual' })));
    const locations = results.map((r) => /** @type {string} */ (r.headers.get('location')));
    assert.equal(locations.filter((l) => l === `${origin}/backend.html`).length, 1);
    assert.equal(locations.filter((l) => l.endsWith('dvc_error=state_mismatch')).length, 49);
  });

  test('the session cookie stays under 4 KB for every demo citizen (the longest claims the simulator issues)', async (t) => {
    const sizes = [];
    for (const citizen of CITIZENS) {
      const jar = new CookieJar();
      const done = await signIn(jar, citizen);
      const cookies = done.headers.getSetCookie().filter((c) => c.startsWith('dvc-session'));
      assert.equal(cookies.length, 1, 'one cookie, no chunks needed');
      const [cookie] = cookies;
      const claimsLength = JSON.stringify(allClaims(citizen)).length;
      sizes.push({ citizen: citizen.idNumber, claimsLength, cookie: cookie.length, value: cookie.split(';')[0].length });
      assert.ok(cookie.length < 4096, `${cookie.length} bytes`);
    }
    t.diagnostic(`Set-Cookie bytes per citizen: ${JSON.stringify(sizes)}`);
  });

  test('/backend.html is the agency page in backend mode', async () => {
    const res = await fetch(`${origin}/backend.html`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<dvc-portal backend="\/auth">/);
    for (const tag of ['<dvc-login-button>', '<dvc-dossier-table source="mine">', '<dvc-profile-sync>']) assert.ok(html.includes(tag), tag);
    assert.doesNotMatch(html, /client-id=|issuer=/);
  });

  test('forged Host and Origin headers change nothing the backend redirects to', async () => {
    const login = await fetch(`${origin}/auth/login?returnTo=/backend.html`, { redirect: 'manual', headers: { host: 'evil.example', origin: 'https://evil.example' } });
    const location = new URL(/** @type {string} */ (login.headers.get('location')));
    assert.equal(location.searchParams.get('redirect_uri'), `${origin}/auth/callback`);
  });
});
