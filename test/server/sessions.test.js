// Sessions at the reference provider, tried as a client and as an attacker would: refresh token
// rotation and reuse, the idle and absolute limits on the development clock, revocation,
// sign-out that ends the tokens at the API and userinfo, logout hints, RFC 9068 checks, DPoP.

import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { startServer } from '../../server/index.js';
import { CITIZENS, DEMO_PASSWORD } from '../../server/auth/accounts.js';
import { TokenError, createAccessTokenVerifier } from '../../server/auth/access-token.js';
import { CookieJar, b64url, browse, passSignin, pkce } from './http-browser.js';

const [KIET, HUONG] = CITIZENS;
const MINUTE = 60_000;

/** A DPoP key and its proofs (RFC 9449 §4.2), as a browser client makes them. */
async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return {
    jkt: await calculateJwkThumbprint(jwk),
    /** @param {string} htm @param {string} htu @param {{ nonce?: string, accessToken?: string, iat?: number }} [o] */
    proof(htm, htu, o = {}) {
      /** @type {Record<string, unknown>} */
      const payload = { htm, htu, jti: randomUUID(), iat: o.iat ?? Math.floor(Date.now() / 1000) };
      if (o.nonce) payload.nonce = o.nonce;
      if (o.accessToken) payload.ath = createHash('sha256').update(o.accessToken).digest('base64url');
      return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).sign(privateKey);
    },
  };
}

describe('sessions at the reference provider', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  let origin = '';
  /** @type {any} */
  let discovery;

  before(async () => {
    server = await startServer({ port: 0, quiet: true, production: false });
    origin = server.url.replace(/\/$/, '');
    discovery = await (await fetch(`${origin}/oidc/.well-known/openid-configuration`)).json();
  });
  after(() => server.close());
  beforeEach(() => setClock(0));

  /** @param {number} offsetMs */
  async function setClock(offsetMs) {
    const res = await fetch(`${origin}/dev/provider-clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
    assert.equal(res.status, 200);
  }

  /**
   * A whole sign-in: authorization request, sign-in page, code, token request.
   * @param {{ jar?: CookieJar, citizen?: typeof KIET, dpop?: Awaited<ReturnType<typeof dpopKey>> }} [o]
   */
  async function signIn({ jar = new CookieJar(), citizen = KIET, dpop } = {}) {
    const redirectUri = `${origin}/`;
    const { verifier, challenge } = pkce();
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: 'dvc-demo', redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile',
      state: b64url(randomBytes(16)), nonce: b64url(randomBytes(16)), code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    let next = url.href;
    for (let hop = 0; hop < 12 && !next.startsWith(`${redirectUri}?`); hop++) {
      const res = await browse(jar, next);
      if (res.status === 302 || res.status === 303) {
        next = new URL(/** @type {string} */ (res.headers.get('location')), next).href;
        continue;
      }
      assert.equal(res.status, 200);
      await res.text();
      next = await passSignin(jar, next, { idNumber: citizen.idNumber, password: DEMO_PASSWORD });
    }
    const code = /** @type {string} */ (new URL(next).searchParams.get('code'));
    const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'dvc-demo', code_verifier: verifier };
    const tokens = await token(form, dpop);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    return { jar, ...tokens.body };
  }

  /**
   * A token request; with a DPoP key, answers the nonce challenge once (as the browser client does).
   * @param {Record<string, string>} form
   * @param {Awaited<ReturnType<typeof dpopKey>>} [dpop]
   * @param {string} [nonce]
   * @returns {Promise<{ status: number, body: any, headers: Headers }>}
   */
  async function token(form, dpop, nonce) {
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (dpop) headers.dpop = await dpop.proof('POST', discovery.token_endpoint, nonce ? { nonce } : {});
    const res = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: new URLSearchParams(form) });
    const body = await res.json();
    const challenge = res.headers.get('dpop-nonce');
    if (dpop && !nonce && res.status === 400 && body.error === 'use_dpop_nonce' && challenge) return token(form, dpop, challenge);
    return { status: res.status, body, headers: res.headers };
  }

  /** @param {string} refreshToken @param {Awaited<ReturnType<typeof dpopKey>>} [dpop] */
  const refresh = (refreshToken, dpop) => token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'dvc-demo' }, dpop);

  /** @param {string} accessToken */
  const api = (accessToken) => fetch(`${origin}/api/me/profile`, { headers: { authorization: `Bearer ${accessToken}` } });
  /** @param {string} accessToken */
  const userinfo = (accessToken) => fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });

  test('a refresh rotates the refresh token and gives a working access token and an ID token for the same sub, with no personal data', async () => {
    const first = await signIn();
    const renewed = await refresh(first.refresh_token);
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.equal(typeof renewed.body.refresh_token, 'string');
    assert.notEqual(renewed.body.refresh_token, first.refresh_token, 'rotated');
    assert.notEqual(renewed.body.access_token, first.access_token);
    const id = decodeJwt(renewed.body.id_token);
    assert.equal(id.sub, KIET.sub);
    assert.equal(id.HoVaTen, undefined);
    assert.equal(id.SoDinhDanh, undefined);
    assert.equal((await api(renewed.body.access_token)).status, 200);
    assert.equal((await userinfo(renewed.body.access_token)).status, 200);
  });

  test('a used refresh token that comes back revokes the whole grant: the new refresh token and every access token stop working', async () => {
    const first = await signIn();
    const renewed = await refresh(first.refresh_token);
    assert.equal(renewed.status, 200);
    const replay = await refresh(first.refresh_token);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const next = await refresh(renewed.body.refresh_token);
    assert.equal(next.status, 400, 'the rotated token died with the grant');
    assert.equal(next.body.error, 'invalid_grant');
    for (const at of [first.access_token, renewed.body.access_token]) {
      assert.equal((await api(at)).status, 401);
      assert.equal((await userinfo(at)).status, 401);
    }
  });

  test('fifty parallel refreshes with one refresh token: at most one succeeds, and the grant ends', async () => {
    const first = await signIn();
    const results = await Promise.all(Array.from({ length: 50 }, () => refresh(first.refresh_token)));
    const ok = results.filter((r) => r.status === 200);
    assert.ok(ok.length <= 1, `${ok.length} refreshes succeeded`);
    assert.ok(results.some((r) => r.body.error === 'invalid_grant'));
    for (const r of ok) assert.equal((await refresh(r.body.refresh_token)).status, 400, 'reuse revoked the grant');
  });

  test('idle limit: a session unused for 30 minutes ends (refresh refused, sign-in asked again); used every 25 minutes it lasts', async () => {
    const first = await signIn();
    let rt = first.refresh_token;
    for (let step = 1; step <= 3; step++) {
      await setClock(step * 25 * MINUTE);
      const renewed = await refresh(rt);
      assert.equal(renewed.status, 200, `refresh after ${step * 25} min of activity: ${JSON.stringify(renewed.body)}`);
      rt = renewed.body.refresh_token;
    }
    await setClock(75 * MINUTE + 31 * MINUTE);
    const idle = await refresh(rt);
    assert.equal(idle.status, 400);
    assert.equal(idle.body.error, 'invalid_grant');
    // The provider session ended too: a new authorization shows the sign-in page.
    const res = await browse(first.jar, `${discovery.authorization_endpoint}?${new URLSearchParams({
      client_id: 'dvc-demo', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid', code_challenge: pkce().challenge, code_challenge_method: 'S256', state: 's1234567890123456789012',
    })}`);
    const location = res.headers.get('location') ?? '';
    assert.match(location, /\/interaction\//, 'sign-in asked again');
  });

  test('absolute limit: however active, the session ends 8 hours after sign-in', async () => {
    const first = await signIn();
    let rt = first.refresh_token;
    let lastOk = 0;
    for (let minutes = 25; minutes <= 8 * 60 + 25; minutes += 25) {
      await setClock(minutes * MINUTE);
      const renewed = await refresh(rt);
      if (renewed.status !== 200) {
        assert.equal(renewed.body.error, 'invalid_grant');
        break;
      }
      lastOk = minutes;
      rt = renewed.body.refresh_token;
    }
    assert.ok(lastOk >= 7 * 60 + 30 && lastOk < 8 * 60, `the last refresh that worked was at ${lastOk} min`);
  });

  test('revocation (RFC 7009) of the refresh token ends the grant: refresh and access tokens refused at the API and userinfo', async () => {
    const first = await signIn();
    assert.equal((await api(first.access_token)).status, 200);
    const res = await fetch(discovery.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: first.refresh_token, token_type_hint: 'refresh_token', client_id: 'dvc-demo' }),
    });
    assert.equal(res.status, 200);
    assert.equal((await refresh(first.refresh_token)).status, 400);
    assert.equal((await api(first.access_token)).status, 401);
    assert.equal((await userinfo(first.access_token)).status, 401);
  });

  test('an access token taken before sign-out is refused after it, at the API and userinfo, with a generic message', async () => {
    const first = await signIn();
    assert.equal((await api(first.access_token)).status, 200);
    assert.equal((await userinfo(first.access_token)).status, 200);
    const end = await browse(first.jar, `${discovery.end_session_endpoint}?${new URLSearchParams({ id_token_hint: first.id_token, post_logout_redirect_uri: `${origin}/` })}`);
    const html = await end.text();
    assert.match(html, /data-auto-logout="yes"/, 'the own ID token ends the session without asking');
    const action = /** @type {string[]} */ (/<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html))[1];
    const xsrf = /** @type {string[]} */ (/name="xsrf" value="([^"]+)"/.exec(html))[1];
    assert.equal((await browse(first.jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } })).status, 303);

    const atApi = await api(first.access_token);
    assert.equal(atApi.status, 401);
    assert.match(/** @type {string} */ (atApi.headers.get('www-authenticate')), /error="invalid_token"/);
    const body = await atApi.json();
    assert.equal(body.error, 'invalid_token');
    assert.doesNotMatch(JSON.stringify(body), /JWS|JWT|signature|claim|ERR_/i);
    assert.equal((await userinfo(first.access_token)).status, 401);
    assert.equal((await refresh(first.refresh_token)).status, 400);
  });

  test("another citizen's ID token as id_token_hint does not end this session without asking", async () => {
    const other = await signIn({ citizen: HUONG });
    const mine = await signIn();
    const res = await browse(mine.jar, `${discovery.end_session_endpoint}?${new URLSearchParams({ id_token_hint: other.id_token, post_logout_redirect_uri: `${origin}/` })}`);
    const html = await res.text();
    assert.doesNotMatch(html, /data-auto-logout/);
    assert.match(html, /Bạn có muốn đăng xuất/);
    assert.equal((await api(mine.access_token)).status, 200, 'the session goes on');
  });

  test('the API and userinfo refuse an ID token as an access token, with no jose text', async () => {
    const first = await signIn();
    for (const res of [await api(first.id_token), await userinfo(first.id_token)]) {
      assert.equal(res.status, 401);
      const text = await res.text();
      assert.doesNotMatch(text + res.headers.get('www-authenticate'), /typ|JWS|JWT|ERR_|claim/i);
    }
  });

  describe('DPoP (RFC 9449)', () => {
    test('the token endpoint asks for a nonce once, then binds the tokens to the key (cnf.jkt, token_type DPoP)', async () => {
      const key = await dpopKey();
      const form = { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'dvc-demo' };
      const challenge = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await key.proof('POST', discovery.token_endpoint) },
        body: new URLSearchParams(form),
      });
      assert.equal(challenge.status, 400);
      assert.equal((await challenge.json()).error, 'use_dpop_nonce');
      assert.ok(challenge.headers.get('dpop-nonce'));

      const bound = await signIn({ dpop: key });
      assert.equal(bound.token_type, 'DPoP');
      assert.equal(/** @type {any} */ (decodeJwt(bound.access_token)).cnf?.jkt, key.jkt);
      // The refresh token is bound as well: without the key it is refused.
      assert.equal((await refresh(bound.refresh_token)).status, 400);
      const renewed = await refresh(bound.refresh_token, key);
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    });

    test('the API and userinfo check the proof: htm, htu, iat, ath, key, and a replayed proof is refused', async () => {
      const key = await dpopKey();
      const other = await dpopKey();
      const { access_token: at } = await signIn({ dpop: key });
      const url = `${origin}/api/me/profile`;
      /** @param {Record<string, string>} headers */
      const call = (headers, target = url) => fetch(target, { headers });

      const proof = await key.proof('GET', url, { accessToken: at });
      assert.equal((await call({ authorization: `DPoP ${at}`, dpop: proof })).status, 200);
      const replayed = await call({ authorization: `DPoP ${at}`, dpop: proof });
      assert.equal(replayed.status, 401, 'replayed proof');
      assert.match(/** @type {string} */ (replayed.headers.get('www-authenticate')), /^DPoP .*error="invalid_dpop_proof"/);

      // The same proof fifty times at once: one request gets through.
      const burstProof = await key.proof('GET', url, { accessToken: at });
      const burst = await Promise.all(Array.from({ length: 50 }, () => call({ authorization: `DPoP ${at}`, dpop: burstProof })));
      assert.equal(burst.filter((r) => r.status === 200).length, 1, 'one of fifty identical proofs accepted');

      const cases = {
        'Bearer scheme for a bound token': { authorization: `Bearer ${at}` },
        'no proof': { authorization: `DPoP ${at}` },
        'wrong htm': { authorization: `DPoP ${at}`, dpop: await key.proof('POST', url, { accessToken: at }) },
        'wrong htu': { authorization: `DPoP ${at}`, dpop: await key.proof('GET', `${origin}/api/me/dossiers`, { accessToken: at }) },
        'no ath': { authorization: `DPoP ${at}`, dpop: await key.proof('GET', url) },
        'old iat': { authorization: `DPoP ${at}`, dpop: await key.proof('GET', url, { accessToken: at, iat: Math.floor(Date.now() / 1000) - 600 }) },
        'another key': { authorization: `DPoP ${at}`, dpop: await other.proof('GET', url, { accessToken: at }) },
      };
      for (const [name, headers] of Object.entries(cases)) {
        assert.equal((await call(headers)).status, 401, name);
      }
      const info = await call({ authorization: `DPoP ${at}`, dpop: await key.proof('GET', discovery.userinfo_endpoint, { accessToken: at }) }, discovery.userinfo_endpoint);
      assert.equal(info.status, 200);
      assert.equal((await call({ authorization: `DPoP ${at}`, dpop: await key.proof('GET', url, { accessToken: at }) }, discovery.userinfo_endpoint)).status, 401, 'a proof for the API is not one for userinfo');
    });
  });
});

describe('RFC 9068 access token check', () => {
  test('refuses a token without typ at+jwt, without client_id, jti or the needed scope; answers with fixed texts', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    const verify = createAccessTokenVerifier({ issuer: 'https://op.example', audience: 'https://api.example', keySet: () => keys, scope: 'profile' });
    /** @param {Record<string, unknown>} claims @param {Record<string, unknown>} [header] */
    const sign = (claims, header = { typ: 'at+jwt' }) => new SignJWT({ client_id: 'c', scope: 'openid profile', jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).setIssuer('https://op.example').setAudience('https://api.example')
      .setSubject('s').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    /** @param {string} token */
    const check = (token) => verify({ authorization: `Bearer ${token}`, dpop: undefined, method: 'GET', url: 'https://api.example/x' });

    assert.equal((await check(await sign({}))).sub, 's');
    const refused = {
      'no typ': await sign({}, { typ: undefined }),
      'typ JWT (an ID token)': await sign({}, { typ: 'JWT' }),
      'no client_id': await sign({ client_id: undefined }),
      'no jti': await sign({ jti: undefined }),
    };
    for (const [name, t] of Object.entries(refused)) {
      await assert.rejects(check(t), (e) => e instanceof TokenError && e.status === 401 && e.description === 'invalid or expired access token', name);
    }
    await assert.rejects(check(await sign({ scope: 'openid' })), (e) => e instanceof TokenError && e.status === 403 && e.error === 'insufficient_scope');
  });
});
