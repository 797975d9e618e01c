// The reference OpenID provider, driven over HTTP the way a browser would: redirects followed
// by hand, cookies carried by hand, tokens checked with jose.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startServer } from '../../server/index.js';
import {
  CITIZENS, DEMO_LOGINS, DEMO_PASSWORD, findAccount, storedCredential, verifyCredentials,
} from '../../server/auth/accounts.js';
import { createStatic, resolveSafe } from '../../server/static.js';
import { CookieJar, b64url, browse, passSignin, pkce, signinAction } from './http-browser.js';

const KIET = CITIZENS[0];
const API_MODULE = new URL('../../server/api/index.js', import.meta.url);

describe('reference OpenID provider', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  /** @type {string} */
  let origin;
  /** @type {string} */
  let issuer;
  /** @type {any} */
  let discovery;

  before(async () => {
    server = await startServer({ port: 0, quiet: true, production: false });
    origin = server.url.replace(/\/$/, '');
    issuer = `${origin}/oidc`;
    discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  });

  after(async () => {
    await server.close();
  });

  /**
   * Authorization request → sign-in page (password, then the code from the outbox) → consent
   * (automatic) → redirect to the client.
   * @param {{ jar?: CookieJar, clientId?: string, redirectUri?: string, idNumber?: string,
   *   password?: string, extra?: Record<string, string> }} [options]
   */
  async function authorize(options = {}) {
    const {
      jar = new CookieJar(), clientId = 'dvc-demo', redirectUri = `${origin}/`,
      idNumber = KIET.idNumber, password = DEMO_PASSWORD, extra = {},
    } = options;
    const { verifier, challenge } = pkce();
    const state = b64url(randomBytes(16));
    const nonce = b64url(randomBytes(16));
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }).toString();

    let next = url.href;
    let sawLoginForm = false;
    for (let hop = 0; hop < 12; hop += 1) {
      if (next.startsWith(redirectUri) && !next.startsWith(`${origin}/oidc`) && !next.startsWith(`${origin}/interaction`)) {
        const callback = new URL(next);
        return { jar, callback, verifier, state, nonce, sawLoginForm, redirectUri, clientId };
      }
      const res = await browse(jar, next);
      if (res.status === 303 || res.status === 302) {
        next = new URL(/** @type {string} */ (res.headers.get('location')), next).href;
        continue;
      }
      assert.equal(res.status, 200, `unexpected ${res.status} at ${next}: ${res.status === 200 ? "" : await res.clone().text()}`);
      const html = await res.text();
      const autoPost = /<form method="post" action="([^"]+\/session\/end\/confirm)">/.exec(html);
      if (autoPost) {
        // Another citizen signed in over an existing session: the provider ends the old session
        // with a self-submitting form, as a browser would run it.
        const inputs = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]));
        const ended = await browse(jar, autoPost[1], { method: 'POST', form: inputs });
        assert.equal(ended.status, 303);
        next = new URL(/** @type {string} */ (ended.headers.get('location')), autoPost[1]).href;
        continue;
      }
      const action = signinAction(html);
      assert.ok(action, 'the interaction shows the sign-in page');
      sawLoginForm = true;
      assert.equal(new URL(action, next).href, next, 'the sign-in talks to its own interaction');
      next = await passSignin(jar, next, { idNumber, password });
    }
    throw new Error('too many redirects');
  }

  /** @param {Awaited<ReturnType<typeof authorize>>} flow */
  async function exchange(flow, verifier = flow.verifier) {
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: /** @type {string} */ (flow.callback.searchParams.get('code')),
        redirect_uri: flow.redirectUri,
        client_id: flow.clientId,
        code_verifier: verifier,
      }),
    });
    return { status: res.status, body: await res.json() };
  }

  test('discovery names the exact issuer, S256 only, RFC 9207 iss and the endpoints', () => {
    assert.equal(discovery.issuer, `${origin}/oidc`);
    assert.match(origin, /^http:\/\/localhost:\d+$/);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.equal(discovery.authorization_response_iss_parameter_supported, true);
    assert.equal(discovery.end_session_endpoint, `${issuer}/session/end`);
    assert.equal(discovery.userinfo_endpoint, `${issuer}/me`);
    assert.equal(discovery.jwks_uri, `${issuer}/jwks`);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    // none for the public clients; the secret and key methods for the confidential dvc-backend.
    assert.deepEqual([...discovery.token_endpoint_auth_methods_supported].sort(), ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
    assert.equal(discovery.revocation_endpoint, `${issuer}/token/revocation`);
    assert.ok(discovery.dpop_signing_alg_values_supported.includes('ES256'));
    for (const claim of ['HoVaTen', 'SoDinhDanh', 'SoCMND', 'NgayThangNamSinh', 'GioiTinh', 'SoDienThoai', 'loginIdp', 'LoaiTaiKhoan', 'name', 'birthdate']) {
      assert.ok(discovery.claims_supported.includes(claim), claim);
    }
  });

  test('JWKS publishes an RS256 and an ES256 public key, no private parts', async () => {
    const res = await fetch(discovery.jwks_uri);
    assert.equal(res.status, 200);
    const { keys } = await res.json();
    const rsa = keys.find((/** @type {any} */ k) => k.alg === 'RS256');
    const ec = keys.find((/** @type {any} */ k) => k.alg === 'ES256');
    assert.equal(rsa?.kty, 'RSA');
    assert.equal(ec?.kty, 'EC');
    assert.equal(ec?.crv, 'P-256');
    for (const key of keys) {
      assert.ok(key.kid, 'every key has a kid');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(key[secret], undefined, `${key.alg} ${secret}`);
    }
  });

  test('code flow with PKCE: iss on the redirect, ID token with sub only, userinfo with national claims, API access token, refresh token', async () => {
    const flow = await authorize();
    assert.ok(flow.sawLoginForm);
    const { callback } = flow;
    assert.equal(callback.origin + callback.pathname, `${origin}/`);
    assert.equal(callback.searchParams.get('state'), flow.state);
    assert.equal(callback.searchParams.get('iss'), issuer, 'RFC 9207 iss parameter');
    assert.ok(callback.searchParams.get('code'));

    const { status, body: tokens } = await exchange(flow);
    assert.equal(status, 200, JSON.stringify(tokens));
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.scope, 'openid profile');
    assert.equal(typeof tokens.refresh_token, 'string', 'public clients get a refresh token');

    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload: id, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer, audience: 'dvc-demo', algorithms: ['RS256'],
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(id.nonce, flow.nonce);
    assert.equal(id.sub, KIET.sub);
    // No personal data in the ID token (it travels as id_token_hint): sub and protocol claims only.
    const protocol = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'auth_time', 'acr', 'amr', 'azp', 'at_hash', 'sid', 'c_hash', 's_hash']);
    assert.deepEqual(Object.keys(id).filter((k) => !protocol.has(k)), []);

    // The access token is an RFC 9068 JWT for the dossier API.
    const { payload: at, protectedHeader: atHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer, audience: `${origin}/api`, typ: 'at+jwt', algorithms: ['RS256', 'ES256'],
    });
    assert.equal(atHeader.typ, 'at+jwt');
    assert.equal(at.sub, KIET.sub);
    assert.equal(at.client_id, 'dvc-demo');
    assert.equal(at.scope, 'openid profile');
    assert.ok(/** @type {number} */ (at.exp) - /** @type {number} */ (at.iat) <= 3600);

    // ...and the same token works at userinfo, from the demo origin.
    const info = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}`, origin },
    });
    assert.equal(info.status, 200);
    assert.equal(info.headers.get('access-control-allow-origin'), origin);
    assert.equal(info.headers.get('cache-control'), 'no-store');
    const claims = await info.json();
    assert.equal(claims.sub, id.sub);
    assert.equal(claims.HoVaTen, 'Nguyễn Đức Tuấn Kiệt');
    assert.equal(claims.NgayThangNamSinh, '19900512');
    assert.equal(claims.LoaiTaiKhoan, 1);
    assert.equal(claims.phone_number, '+84912345678');

    // A code is good once.
    const again = await exchange(flow);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  test('the token endpoint refuses a wrong code_verifier', async () => {
    const flow = await authorize();
    const { status, body } = await exchange(flow, pkce().verifier);
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_grant');
  });

  test('an authorization request without code_challenge, or with plain, is refused', async () => {
    const url = new URL(discovery.authorization_endpoint);
    const base = {
      client_id: 'dvc-demo', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid profile', state: 'abc123', nonce: 'n-1',
    };
    url.search = new URLSearchParams(base).toString();
    let res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 303);
    let location = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(/** @type {string} */ (location.searchParams.get('error_description')), /PKCE/);
    assert.equal(location.searchParams.get('code'), null);
    assert.equal(location.searchParams.get('iss'), issuer);

    url.search = new URLSearchParams({ ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }).toString();
    res = await fetch(url, { redirect: 'manual' });
    location = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('code'), null);
  });

  test('an unregistered redirect_uri gets an error page, not a redirect', async () => {
    const url = new URL(discovery.authorization_endpoint);
    const { challenge } = pkce();
    url.search = new URLSearchParams({
      client_id: 'dvc-demo', redirect_uri: 'https://evil.example/cb', response_type: 'code', scope: 'openid',
      code_challenge: challenge, code_challenge_method: 'S256', state: 's',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    const html = await res.text();
    assert.match(html, /lang="vi"/);
    assert.match(html, /redirect_uri/);
  });

  /** Starts an authorization request and returns the sign-in page's URL and jar. */
  async function openLoginForm() {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: 'dvc-demo', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid profile',
      state: 'st', nonce: 'nn', code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    const res = await browse(jar, url.href);
    assert.equal(res.status, 303);
    const formUrl = new URL(/** @type {string} */ (res.headers.get('location')), url).href;
    return { jar, formUrl };
  }

  test('the sign-in page is <dvc-signin> in a Vietnamese page without inline script', async () => {
    const { jar, formUrl } = await openLoginForm();
    const res = await browse(jar, formUrl);
    assert.equal(res.status, 200);
    assert.match(/** @type {string} */ (res.headers.get('content-security-policy')), /script-src 'self'/);
    const html = await res.text();
    assert.match(html, /<html lang="vi">/);
    assert.equal(signinAction(html), new URL(formUrl).pathname);
    assert.match(html, /<script type="module" src="\/dist\/dvc-widgets\.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /style=/, 'no inline style');
  });

  test('there is no way around the code: the old password-only form endpoint is gone', async () => {
    const { jar, formUrl } = await openLoginForm();
    const res = await browse(jar, `${formUrl}/login`, {
      method: 'POST', form: { username: KIET.idNumber, password: DEMO_PASSWORD },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('location'), null);
  });

  test('credentials that are not JSON are refused with JSON, and the server keeps serving', async () => {
    const { jar, formUrl } = await openLoginForm();
    const res = await browse(jar, `${formUrl}/credentials`, {
      method: 'POST', form: { idNumber: KIET.idNumber, password: DEMO_PASSWORD, accountType: 'vneid' },
    });
    assert.equal(res.status, 415);
    assert.equal((await res.json()).error, 'invalid_request');
    const ok = await fetch(discovery.jwks_uri);
    assert.equal(ok.status, 200);
  });

  test('an interaction without its cookie shows an expiry page', async () => {
    const { formUrl } = await openLoginForm();
    const res = await fetch(formUrl);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Phiên đăng nhập đã hết hạn/);
  });

  test('cancelling the sign-in returns access_denied to the agency', async () => {
    const { jar, formUrl } = await openLoginForm();
    let res = await browse(jar, `${formUrl}/abort`, { method: 'POST', form: {} });
    assert.equal(res.status, 303);
    res = await browse(jar, new URL(/** @type {string} */ (res.headers.get('location')), formUrl).href);
    const callback = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(callback.origin, origin);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), 'st');
    assert.equal(callback.searchParams.get('iss'), issuer);
  });

  test('with a session a new request signs in silently, prompt=login shows the form again', async () => {
    const first = await authorize({ redirectUri: `${origin}/portal.html` });
    assert.ok(first.sawLoginForm);
    const silent = await authorize({ jar: first.jar, redirectUri: `${origin}/portal.html` });
    assert.equal(silent.sawLoginForm, false);
    assert.ok(silent.callback.searchParams.get('code'));

    const other = CITIZENS[1];
    const forced = await authorize({
      jar: first.jar, redirectUri: `${origin}/profile.html`, idNumber: other.idNumber, extra: { prompt: 'login' },
    });
    assert.ok(forced.sawLoginForm, 'prompt=login asks again');
    const { body } = await exchange(forced);
    const { payload } = await jwtVerify(body.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer, audience: 'dvc-demo' });
    assert.equal(payload.sub, other.sub);
    const info = await (await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${body.access_token}` } })).json();
    assert.equal(info.GioiTinh, 'Nữ');
    assert.equal(info.NgayThangNamSinh, '19851103');
  });

  test('RP-initiated logout with id_token_hint needs no confirmation and returns to the agency', async () => {
    const flow = await authorize({ redirectUri: `${origin}/e2e.html` });
    const { body: tokens } = await exchange(flow);
    const end = new URL(discovery.end_session_endpoint);
    end.search = new URLSearchParams({
      id_token_hint: tokens.id_token, post_logout_redirect_uri: `${origin}/e2e.html`, state: 'bye',
    }).toString();
    const res = await browse(flow.jar, end.href);
    assert.equal(res.status, 200);
    assert.match(/** @type {string} */ (res.headers.get('content-security-policy')), /script-src 'self'/);
    const html = await res.text();
    assert.match(html, /data-auto-logout="yes"/);
    assert.match(html, /<script src="\/oidc-assets\/logout\.js" defer><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    const script = await fetch(`${origin}/oidc-assets/logout.js`);
    assert.equal(script.status, 200);
    assert.match(/** @type {string} */ (script.headers.get('content-type')), /^text\/javascript/);

    // What logout.js does: submit the provider's form with logout=yes.
    const action = /** @type {string[]} */ (/<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html))[1];
    const xsrf = /** @type {string[]} */ (/name="xsrf" value="([^"]+)"/.exec(html))[1];
    const confirm = await browse(flow.jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } });
    assert.equal(confirm.status, 303);
    const back = new URL(/** @type {string} */ (confirm.headers.get('location')));
    assert.equal(back.href.split('?')[0], `${origin}/e2e.html`);
    assert.equal(back.searchParams.get('state'), 'bye');

    // The session is gone: the next request asks for the password again.
    const next = await authorize({ jar: flow.jar });
    assert.ok(next.sawLoginForm);
  });

  test('logout without id_token_hint asks the citizen first', async () => {
    const flow = await authorize();
    const res = await browse(flow.jar, discovery.end_session_endpoint);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.doesNotMatch(html, /data-auto-logout/);
    assert.match(html, /Bạn có muốn đăng xuất/);
    assert.match(html, /name="logout" value="yes"/);

    // Confirming without a post_logout_redirect_uri ends on the provider's own page.
    const action = /** @type {string[]} */ (/<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html))[1];
    const xsrf = /** @type {string[]} */ (/name="xsrf" value="([^"]+)"/.exec(html))[1];
    const confirm = await browse(flow.jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } });
    assert.equal(confirm.status, 303);
    const done = await browse(flow.jar, new URL(/** @type {string} */ (confirm.headers.get('location')), action).href);
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Bạn đã đăng xuất/);
  });

  test('userinfo refuses missing, tampered and non-access tokens', async () => {
    let res = await fetch(discovery.userinfo_endpoint);
    assert.equal(res.status, 401);
    assert.match(/** @type {string} */ (res.headers.get('www-authenticate')), /^Bearer realm=/);

    const flow = await authorize();
    const { body: tokens } = await exchange(flow);
    const [h, p, s] = tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, sub: CITIZENS[2].sub })).toString('base64url'), s].join('.');
    res = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(res.status, 401);
    assert.match(/** @type {string} */ (res.headers.get('www-authenticate')), /error="invalid_token"/);

    // An ID token is not an access token (typ and audience differ).
    res = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.id_token}` } });
    assert.equal(res.status, 401);
  });

  test('CORS: demo origin allowed at token and userinfo, a foreign origin is not', async () => {
    const preflight = await fetch(discovery.userinfo_endpoint, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
    assert.match(/** @type {string} */ (preflight.headers.get('access-control-allow-headers')), /Authorization/i);

    const flow = await authorize();
    const tokenRes = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: /** @type {string} */ (flow.callback.searchParams.get('code')),
        redirect_uri: flow.redirectUri, client_id: 'dvc-demo', code_verifier: flow.verifier,
      }),
    });
    assert.equal(tokenRes.status, 200);
    assert.equal(tokenRes.headers.get('access-control-allow-origin'), origin);
    const tokens = await tokenRes.json();

    const foreign = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}`, origin: 'https://evil.example' },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);

    // Discovery and JWKS are public: any agency origin may read them.
    for (const url of [`${issuer}/.well-known/openid-configuration`, discovery.jwks_uri]) {
      const res = await fetch(url, { headers: { origin: 'https://agency.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://agency.example');
    }
  });

  test('the dossier API accepts the access token (when server/api is present)', { skip: !existsSync(API_MODULE) && 'no server/api/index.js yet' }, async () => {
    const flow = await authorize({ idNumber: CITIZENS[2].idNumber });
    const { body: tokens } = await exchange(flow);
    const res = await fetch(`${origin}/api/me/profile`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    const profile = await res.json();
    assert.equal(profile.idNumber, CITIZENS[2].idNumber);
    const denied = await fetch(`${origin}/api/me/profile`, { headers: { authorization: `Bearer ${tokens.id_token}` } });
    assert.equal(denied.status, 401);
  });

  test('the e2e client may use any loopback redirect URI and gets ES256 ID tokens', async () => {
    const flow = await authorize({ clientId: 'dvc-e2e', redirectUri: 'http://localhost:9/callback.html' });
    assert.equal(flow.callback.searchParams.get('iss'), issuer);
    const { status, body } = await exchange(flow);
    assert.equal(status, 200);
    assert.equal(decodeProtectedHeader(body.id_token).alg, 'ES256');
    await jwtVerify(body.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer, audience: 'dvc-e2e' });
  });

  test('static files: traversal is refused, dist JavaScript is text/javascript', async () => {
    for (const p of ['/..%2fpackage.json', '/%2e%2e/package.json', '/dist/..%2f..%2fpackage.json', '/dist/%2e%2e%2fpackage.json', '/.git/config', '/dist/%00x.js']) {
      const res = await fetch(`${origin}${p}`);
      assert.equal(res.status, 404, p);
      assert.doesNotMatch(await res.text(), /"name"|repositoryformatversion/);
    }
    const res = await fetch(`${origin}/dev/`);
    assert.notEqual(res.status, 500);
    if (existsSync(new URL('../../demo/index.html', import.meta.url))) {
      const home = await fetch(`${origin}/`);
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.doesNotMatch(html, /__ORIGIN__/);
      if (html.includes('issuer=')) assert.match(html, new RegExp(`issuer="${issuer}"`));
    }
    const api = await fetch(`${origin}/api/no-such-route-here`);
    assert.ok([401, 404].includes(api.status), String(api.status));
    assert.match(/** @type {string} */ (api.headers.get('content-type')), /application\/json/);
  });
});

describe('static file handler', () => {
  /** @type {string} */
  let root;
  /** @type {http.Server} */
  let srv;
  /** @type {string} */
  let base;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dvc-static-'));
    await mkdir(path.join(root, 'sub'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Trang chủ</title>');
    await writeFile(path.join(root, 'dvc-widgets.js'), 'export {};');
    await writeFile(path.join(root, 'sub', 'index.html'), '<a href="__ORIGIN__/x">sub</a>');
    const serve = createStatic(root, { html: (text) => text.replaceAll('__ORIGIN__', 'http://localhost:1234') });
    srv = http.createServer(async (req, res) => {
      if (!(await serve(req, res, (req.url ?? '/').split('?')[0]))) {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise((resolve) => { srv.listen(0, '127.0.0.1', () => resolve(undefined)); });
    const address = /** @type {import('node:net').AddressInfo} */ (srv.address());
    base = `http://127.0.0.1:${address.port}`;
  });

  after(async () => {
    srv.closeAllConnections();
    await new Promise((resolve) => { srv.close(() => resolve(undefined)); });
    await rm(root, { recursive: true, force: true });
  });

  test('serves index.html for / and JavaScript as text/javascript with nosniff', async () => {
    let res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await res.text(), /Trang chủ/);
    res = await fetch(`${base}/dvc-widgets.js`);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    res = await fetch(`${base}/sub`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/sub/');
    res = await fetch(`${base}/sub/`);
    assert.equal(await res.text(), '<a href="http://localhost:1234/x">sub</a>', 'HTML gets the server origin');
    res = await fetch(`${base}/dvc-widgets.js`);
    assert.equal(await res.text(), 'export {};');
  });

  test('resolveSafe keeps every path inside the root', () => {
    assert.equal(resolveSafe(root, '/dvc-widgets.js'), path.join(root, 'dvc-widgets.js'));
    for (const p of ['/../x', '/..%2fx', '/%2e%2e/x', '/a/../../x', '/%00', '/.env', '/..\\x', '/%E0%A4%A']) {
      assert.equal(resolveSafe(root, p), undefined, p);
    }
  });
});

describe('production mode', () => {
  test('no /dev paths and no e2e client', async () => {
    const server = await startServer({ port: 0, quiet: true, production: true });
    try {
      const origin = server.url.replace(/\/$/, '');
      const res = await fetch(`${origin}/dev/`);
      assert.equal(res.status, 404);
      const { challenge } = pkce();
      const url = new URL(`${origin}/oidc/auth`);
      url.search = new URLSearchParams({
        client_id: 'dvc-e2e', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid',
        code_challenge: challenge, code_challenge_method: 'S256',
      }).toString();
      const auth = await fetch(url, { redirect: 'manual' });
      assert.equal(auth.status, 400);
      assert.match(await auth.text(), /invalid_client/);
    } finally {
      await server.close();
    }
  });
});

describe('demo accounts', () => {
  test('passwords are stored as per-user salted scrypt hashes, never in clear', async () => {
    assert.ok(CITIZENS.length >= 3);
    const records = await Promise.all(CITIZENS.map((c) => storedCredential(c.idNumber)));
    const salts = new Set();
    for (const record of records) {
      assert.ok(record);
      assert.equal(record.algorithm, 'scrypt');
      assert.ok(record.salt.length >= 16);
      assert.ok(record.hash.length >= 32);
      assert.ok(!record.hash.includes(Buffer.from(DEMO_PASSWORD)));
      assert.doesNotMatch(JSON.stringify(record), new RegExp(DEMO_PASSWORD));
      salts.add(record.salt.toString('hex'));
    }
    assert.equal(salts.size, records.length, 'a salt per citizen');
    for (const citizen of CITIZENS) {
      assert.doesNotMatch(JSON.stringify(citizen), new RegExp(DEMO_PASSWORD), 'account data holds no password');
      assert.equal(findAccount(citizen.sub), citizen);
    }
    assert.deepEqual(DEMO_LOGINS.map((l) => l.idNumber), CITIZENS.map((c) => c.idNumber));
    assert.equal((await verifyCredentials(CITIZENS[2].idNumber, DEMO_PASSWORD))?.sub, CITIZENS[2].sub);
    assert.equal(await verifyCredentials(CITIZENS[2].idNumber, 'demo@2023'), undefined);
  });

  test('demo citizens have Quảng Trị CCCD numbers that match their birth year and sex, and valid mobiles', () => {
    for (const c of CITIZENS) {
      assert.match(c.idNumber, /^045\d{9}$/);
      const year = Number(c.birthDate.slice(0, 4));
      const century = Math.floor(year / 100);
      const female = c.gender === 'Nữ';
      const expected = (century - 19) * 2 + (female ? 1 : 0);
      assert.equal(Number(c.idNumber[3]), expected, `${c.fullName} century/sex digit`);
      assert.equal(c.idNumber.slice(4, 6), String(year).slice(2), `${c.fullName} birth year`);
      assert.match(c.phone, /^(?:\+?84|0)(3|5|7|8|9)\d{8}$/);
      if (c.legacyIdNumber) assert.match(c.legacyIdNumber, /^\d{9}$/);
      assert.equal(c.loginIdp, 'BCA');
      assert.equal(c.accountType, 1);
    }
    assert.equal(new Set(CITIZENS.map((c) => c.sub)).size, CITIZENS.length);
  });
});
