// A small OpenID provider and dossier API that misbehave on request, for the backend-mode tests
// (test/server/backend*.test.js), and a way to drive the backend's Web handler as a browser would.
// It holds no tests itself.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import { CookieJar } from './http-browser.js';

/**
 * @typedef {object} Faults what the provider or API does wrong (all off by default)
 * @property {string} [iss] the `iss` of the authorization response
 * @property {boolean} [noIss] no `iss` in the authorization response
 * @property {string} [error] an `error` authorization response
 * @property {string} [idTokenIss] the ID token's `iss`
 * @property {string} [idTokenAud]
 * @property {string} [nonce] the ID token's `nonce`
 * @property {boolean} [badSignature] the ID token signed by a key not in the JWKS
 * @property {number} [idTokenExp] seconds from now (negative: expired)
 * @property {string} [userinfoSub]
 * @property {{ status: number, body: string, type?: string }} [token] the token endpoint's answer
 * @property {{ status: number, body: string, type?: string }} [refresh] the refresh answer
 * @property {{ status: number, body: string, type?: string }} [userinfo]
 * @property {{ status: number, body: string, type?: string }} [discovery]
 * @property {number} [slow] ms before every provider answer
 * @property {number} [apiSlow] ms before every API answer
 * @property {{ status: number, body: string, type?: string }} [api]
 * @property {number} [expiresIn] the access token's expires_in (default 900)
 * @property {boolean} [noRefreshToken]
 * @property {number} [refreshExpiresIn] Keycloak's refresh_expires_in
 * @property {boolean} [rotate] a new refresh token at every refresh (default true)
 * @property {string} [refreshSub] the `sub` of the ID token a refresh returns
 * @property {Record<string, unknown>} [claims] userinfo claims
 */

const CITIZEN = Object.freeze({
  sub: 'fake-citizen-1',
  HoVaTen: 'Nguyễn Văn An',
  SoDinhDanh: '045090001111',
  NgayThangNamSinh: '19900512',
  loginIdp: 'BCA',
  LoaiTaiKhoan: 1,
});

/** @param {http.IncomingMessage} req */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the fake provider (and its API under /api) on a loopback port.
 * @returns {Promise<{
 *   issuer: string, api: string, faults: Faults, close: () => Promise<void>,
 *   tokenRequests: { grant: string, body: URLSearchParams, authorization?: string }[],
 *   revocations: URLSearchParams[], apiRequests: { url: string, authorization?: string, method: string, body: string }[],
 *   accessTokens: Set<string>, privateKeyJwks?: { keys: import('jose').JWK[] }, codes: Map<string, { nonce: string }>,
 * }>}
 */
export async function startFakeProvider() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  /** @type {Faults} */
  const faults = {};
  /** @type {Map<string, { nonce: string }>} */
  const codes = new Map();
  /** @type {{ grant: string, body: URLSearchParams, authorization?: string }[]} */
  const tokenRequests = [];
  /** @type {URLSearchParams[]} */
  const revocations = [];
  /** @type {{ url: string, authorization?: string, method: string, body: string }[]} */
  const apiRequests = [];
  const accessTokens = new Set();
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let issuer = '';
  let counter = 0;

  const fake = {
    issuer, api: '', faults, codes, tokenRequests, revocations, apiRequests, accessTokens,
    /** @type {{ keys: import('jose').JWK[] } | undefined} */
    privateKeyJwks: undefined,
    close: async () => {},
  };

  /** @param {{ sub?: string, nonce?: string }} claims */
  async function idToken({ sub = CITIZEN.sub, nonce }) {
    const jwt = new SignJWT({ sub, ...(nonce === undefined ? {} : { nonce }) })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(faults.idTokenIss ?? issuer)
      .setAudience(faults.idTokenAud ?? 'dvc-agency')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (faults.idTokenExp ?? 3600));
    return jwt.sign(faults.badSignature ? stranger.privateKey : privateKey);
  }

  /**
   * @param {http.ServerResponse} res
   * @param {{ status: number, body: string, type?: string }} answer
   */
  function send(res, { status, body, type = 'application/json' }) {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  }

  /** @param {URLSearchParams} body */
  function refreshAnswer(body) {
    const rotate = faults.rotate ?? true;
    counter += 1;
    const at = `at-${counter}-${randomBytes(8).toString('hex')}`;
    accessTokens.add(at);
    return {
      access_token: at,
      token_type: 'Bearer',
      expires_in: faults.expiresIn ?? 900,
      ...(rotate ? { refresh_token: `rt-${counter}-${randomBytes(8).toString('hex')}` } : {}),
      ...(faults.refreshExpiresIn ? { refresh_expires_in: faults.refreshExpiresIn } : {}),
      _old: body.get('refresh_token'),
    };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const isApi = url.pathname.startsWith('/api/');
    const delay = isApi ? faults.apiSlow : faults.slow;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    const body = req.method === 'POST' ? await readBody(req) : '';
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        if (faults.discovery) return send(res, faults.discovery);
        return send(res, { status: 200, body: JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/logout`,
          revocation_endpoint: `${issuer}/revoke`,
          authorization_response_iss_parameter_supported: true,
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        }) });
      case '/jwks':
        return send(res, { status: 200, body: JSON.stringify({ keys: [jwk] }) });
      case '/authorize': {
        // Signs in at once: a code, and the redirect back with state and iss.
        const back = new URL(/** @type {string} */ (url.searchParams.get('redirect_uri')));
        const code = `code-${randomBytes(8).toString('hex')}`;
        codes.set(code, { nonce: /** @type {string} */ (url.searchParams.get('nonce')) });
        if (faults.error) back.searchParams.set('error', faults.error);
        else back.searchParams.set('code', code);
        back.searchParams.set('state', /** @type {string} */ (url.searchParams.get('state')));
        if (!faults.noIss) back.searchParams.set('iss', faults.iss ?? issuer);
        res.writeHead(302, { location: back.href }).end();
        return;
      }
      case '/token': {
        const params = new URLSearchParams(body);
        const grant = /** @type {string} */ (params.get('grant_type'));
        tokenRequests.push({ grant, body: params, authorization: req.headers.authorization });
        if (params.get('client_assertion') && fake.privateKeyJwks) {
          try {
            await jwtVerify(/** @type {string} */ (params.get('client_assertion')), createLocalJWKSet(fake.privateKeyJwks), {
              issuer: 'dvc-agency', subject: 'dvc-agency', audience: [issuer, `${issuer}/token`],
            });
          } catch {
            return send(res, { status: 401, body: JSON.stringify({ error: 'invalid_client' }) });
          }
        }
        if (grant === 'refresh_token') {
          if (faults.refresh) return send(res, faults.refresh);
          const answer = refreshAnswer(params);
          const { _old, ...rest } = answer;
          const withIdToken = faults.refreshSub ? { ...rest, id_token: await idToken({ sub: faults.refreshSub }) } : rest;
          return send(res, { status: 200, body: JSON.stringify(withIdToken) });
        }
        if (faults.token) return send(res, faults.token);
        const code = /** @type {string} */ (params.get('code'));
        const stored = codes.get(code);
        if (!stored) return send(res, { status: 400, body: JSON.stringify({ error: 'invalid_grant' }) });
        codes.delete(code);
        counter += 1;
        const at = `at-${counter}-${randomBytes(8).toString('hex')}`;
        accessTokens.add(at);
        return send(res, { status: 200, body: JSON.stringify({
          access_token: at,
          token_type: 'Bearer',
          expires_in: faults.expiresIn ?? 900,
          id_token: await idToken({ nonce: faults.nonce ?? stored.nonce }),
          ...(faults.noRefreshToken ? {} : { refresh_token: `rt-${counter}-${randomBytes(8).toString('hex')}` }),
          ...(faults.refreshExpiresIn ? { refresh_expires_in: faults.refreshExpiresIn } : {}),
        }) });
      }
      case '/userinfo':
        if (faults.userinfo) return send(res, faults.userinfo);
        return send(res, { status: 200, body: JSON.stringify({ ...CITIZEN, ...faults.claims, sub: faults.userinfoSub ?? CITIZEN.sub }) });
      case '/revoke':
        revocations.push(new URLSearchParams(body));
        res.writeHead(200).end();
        return;
      default:
        break;
    }
    if (isApi) {
      apiRequests.push({ url: url.pathname + url.search, authorization: req.headers.authorization, method: req.method ?? 'GET', body });
      if (faults.api) return send(res, faults.api);
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!accessTokens.has(token)) return send(res, { status: 401, body: JSON.stringify({ error: 'invalid_token' }) });
      return send(res, { status: 200, body: JSON.stringify({ path: url.pathname, query: url.search, method: req.method, body }) });
    }
    send(res, { status: 404, body: '{"error":"not_found"}' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  issuer = `http://localhost:${address.port}`;
  fake.issuer = issuer;
  fake.api = `${issuer}/api`;
  fake.close = () => new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return fake;
}

/** The agency site the backend serves in these tests (never contacted: the handler is called directly). */
export const SITE = 'http://localhost:4999';

/**
 * A browser in front of one backend handler: the jar carries its cookies, requests go to the
 * handler as Web Requests (GET by default, redirects not followed).
 * @param {(request: Request) => Promise<Response>} handler
 */
export function browserFor(handler, jar = new CookieJar()) {
  /**
   * @param {string} path
   * @param {RequestInit} [init]
   */
  async function call(path, init = {}) {
    const url = new URL(path, SITE).href;
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await handler(new Request(url, { ...init, headers }));
    jar.store(res);
    return res;
  }

  /**
   * /auth/login → the fake provider's /authorize → the callback URL (not yet opened).
   * @param {string} [returnTo]
   */
  async function startLogin(returnTo = '/hoso.html') {
    const login = await call(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    if (login.status !== 302) throw new Error(`login answered ${login.status}`);
    const authorize = await fetch(/** @type {string} */ (login.headers.get('location')), { redirect: 'manual' });
    return { login, callbackUrl: /** @type {string} */ (authorize.headers.get('location')) };
  }

  /** The whole sign-in; resolves the callback's response. @param {string} [returnTo] */
  async function signIn(returnTo) {
    const { callbackUrl } = await startLogin(returnTo);
    const url = new URL(callbackUrl);
    return call(url.pathname + url.search);
  }

  return { jar, call, startLogin, signIn };
}

export { CITIZEN };
