// Backend mode (PRODUCT.md "Backend mode: dvc-widgets/server"): the agency's server is a
// confidential OpenID client. Every protocol step is openid-client's; the cookie is jose's JWE.
// What is written here by hand is only what neither library does: the routes, the cookie
// rules, the one-callback-per-transaction rule, the returnTo rule and the API forwarding.
import { createHash, randomUUID, type webcrypto } from 'node:crypto';
import { importJWK, importPKCS8, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { normaliseUser } from '../auth/claims.js';
import type { User } from '../auth/types.js';
import type { ErrorCode } from '../internal/errors.js';
import {
  Sealer, cookieName, parseCookies, readChunked, serialise, writeChunked, type CookieRules,
} from './cookies.js';
import { errorCode } from './errors.js';

/** Endpoints of a provider that has no discovery document. */
export interface BackendEndpoints {
  authorization: string;
  token: string;
  /** The JWKS that signs ID tokens. */
  jwks: string;
  userinfo?: string;
  /** RP-initiated logout. */
  endSession?: string;
  /** RFC 7009 token revocation. */
  revocation?: string;
  /** Whether the provider always sends `iss` in authorization responses (RFC 9207). Default false. */
  issParameter?: boolean;
}

export interface BackendOptions {
  /** The provider's issuer identifier. Its discovery document is read unless `endpoints` is given. */
  issuer: string;
  /** Explicit endpoints for a provider without `/.well-known/openid-configuration`. */
  endpoints?: BackendEndpoints;
  clientId: string;
  /** The client secret (client_secret_basic by default, or client_secret_post). */
  clientSecret?: string;
  /** A private key for private_key_jwt: a CryptoKey, a private JWK, or a PKCS#8 PEM. */
  privateKey?: webcrypto.CryptoKey | JWK | string;
  /** The JWS algorithm of `privateKey` when the key does not say (default RS256). */
  privateKeyAlg?: string;
  /** Default client_secret_basic with a secret, private_key_jwt with a key. */
  clientAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** `<site>/auth/callback`: where the provider sends the citizen back; its origin is the site's. */
  redirectUri: string;
  /** Where the provider sends the citizen after sign-out. */
  postLogoutRedirectUri?: string;
  /** Default `openid profile`. */
  scope?: string;
  /** Extra authorization request parameters, e.g. `{ acr_values: 'LoA1' }`. */
  authorizationParams?: Record<string, string>;
  /** The dossier API base URL that `/api/*` forwards to with the access token. */
  api?: string;
  /** Keys of at least 32 bytes: the first seals cookies, every one opens them. */
  secrets: readonly (string | Uint8Array)[];
  /** Default `/auth`. */
  basePath?: string;
  /** Seconds before the provider or the API counts as unreachable (default 15, as `<dvc-portal timeout>`). */
  timeout?: number;
  /** Longest a session lasts, in seconds, whatever the refresh token allows (default 8 h). */
  sessionMaxAge?: number;
  /** The clock (ms), for tests. */
  now?: () => number;
}

/** The Web-standard handler, and the base path it answers under. */
export interface Backend {
  (request: Request): Promise<Response>;
  readonly basePath: string;
}

/** What the session cookie holds: only what the routes need (a cookie over 4 KB is dropped). */
interface SessionData {
  /** Access token and its expiry (ms). */
  at: string;
  ate: number;
  /** Refresh token. */
  rt?: string;
  /** When the session ends (ms): the refresh token's end as the provider tells it, else the access token's. */
  end: number;
  /** The absolute limit (ms), sign-in + sessionMaxAge. */
  cap: number;
  /** The citizen's claims (ID token and userinfo, no protocol claims); the user is built from them. */
  claims: Record<string, unknown> & { sub: string };
}

interface TransactionData {
  jti: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

const TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** An access token this close to its expiry is renewed before an API call. */
const RENEW_BEFORE_MS = 30 * 1000;
/** A renewal's result is shared by requests that carried the same refresh token for this long. */
const RENEWAL_SHARE_MS = 60 * 1000;
/** Most entries kept in each in-memory table (used transactions, recent renewals). */
const MAX_ENTRIES = 100_000;
/** The largest request body forwarded to the API. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Claims that describe the token, not the citizen: not kept in `user.claims`. */
const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'at_hash', 'c_hash', 's_hash', 'azp', 'sid', 'jti', 'auth_time']);

const MESSAGES: Record<string, string> = {
  signed_out: 'Vui lòng đăng nhập / Sign-in required',
  session_expired: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại / The session has expired, please sign in again',
  forbidden: 'Yêu cầu bị từ chối / Request refused',
  not_found: 'Không tìm thấy / Not found',
  method_not_allowed: 'Phương thức không được hỗ trợ / Method not allowed',
  network: 'Không kết nối được máy chủ / Cannot reach the server',
  timeout: 'Máy chủ không trả lời kịp / The server did not answer in time',
  invalid_response: 'Máy chủ trả lời không hợp lệ / The server answered nonsense',
  payload_too_large: 'Yêu cầu quá lớn / Request too large',
  server_error: 'Lỗi máy chủ, vui lòng thử lại sau / Server error, please try again later',
};

function isLocalhost(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function jsonResponse(status: number, body: unknown, setCookies: string[] = [], extra: Record<string, string> = {}): Response {
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    vary: 'Cookie',
    ...extra,
  });
  for (const cookie of setCookies) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

function errorResponse(status: number, error: string, setCookies: string[] = [], extra: Record<string, string> = {}): Response {
  return jsonResponse(status, { error, message: MESSAGES[error] ?? MESSAGES.server_error }, setCookies, extra);
}

function redirectResponse(location: string, setCookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  for (const cookie of setCookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 302, headers });
}

/**
 * `returnTo` when it is a path on this site, else `/` (an open redirect would send the citizen,
 * fresh from signing in, to any site): no scheme, no `//host`, no backslash (`/\host` is a host
 * to browsers), no control characters, nothing under the backend's own base path.
 */
export function safeReturnTo(value: string | null | undefined, basePath: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = new URL('http://return-to.invalid');
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  if (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) return '/';
  url.searchParams.delete('dvc_error');
  return `${url.pathname}${url.search}${url.hash}`;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function asSession(payload: Record<string, unknown>): SessionData | undefined {
  const { at, ate, rt, end, cap, claims } = payload;
  if (!isString(at) || !isNumber(ate) || !isNumber(end) || !isNumber(cap)) return undefined;
  if (rt !== undefined && !isString(rt)) return undefined;
  if (typeof claims !== 'object' || claims === null || !isString((claims as { sub?: unknown }).sub)) return undefined;
  const data: SessionData = { at, ate, end, cap, claims: claims as SessionData['claims'] };
  if (rt) data.rt = rt;
  return data;
}

function asTransaction(payload: Record<string, unknown>): TransactionData | undefined {
  const { jti, state, nonce, verifier, returnTo } = payload;
  if (![jti, state, nonce, verifier, returnTo].every(isString)) return undefined;
  return { jti, state, nonce, verifier, returnTo } as TransactionData;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

type Renewal = { data: SessionData } | { refused: true } | { error: ErrorCode };

/**
 * The backend: a `(request: Request) => Promise<Response>` handler for every route under `basePath`
 * (`/login`, `/callback`, `/session`, `/logout`, `/api/*`). See the README for mounting it.
 */
export function createBackend(options: BackendOptions): Backend {
  const {
    issuer, endpoints, clientId, clientSecret, privateKey, privateKeyAlg, redirectUri, postLogoutRedirectUri,
    scope = 'openid profile', authorizationParams = {}, api, secrets, timeout = 15, sessionMaxAge = 8 * 60 * 60,
    now = Date.now,
  } = options;
  const basePath = (options.basePath ?? '/auth').replace(/\/+$/, '');
  if (!isString(issuer)) throw new TypeError('dvc-widgets/server: `issuer` is required');
  if (!isString(clientId)) throw new TypeError('dvc-widgets/server: `clientId` is required');
  if (!basePath.startsWith('/')) throw new TypeError('dvc-widgets/server: `basePath` must start with /');
  if (!(timeout > 0)) throw new TypeError('dvc-widgets/server: `timeout` must be a positive number of seconds');
  const site = new URL(redirectUri);
  if (site.protocol !== 'https:' && !(site.protocol === 'http:' && isLocalhost(site))) {
    throw new TypeError('dvc-widgets/server: `redirectUri` must be https (http only on localhost)');
  }
  const rules: CookieRules = { secure: site.protocol === 'https:' };
  const sessionCookie = cookieName('dvc-session', rules);
  const transactionCookie = cookieName('dvc-tx', rules);
  const sessionSealer = new Sealer(secrets, 'session');
  const transactionSealer = new Sealer(secrets, 'transaction');
  const method = options.clientAuthMethod ?? (privateKey ? 'private_key_jwt' : 'client_secret_basic');
  if (method === 'private_key_jwt' ? !privateKey : !isString(clientSecret)) {
    throw new TypeError(`dvc-widgets/server: ${method} needs ${method === 'private_key_jwt' ? '`privateKey`' : '`clientSecret`'}`);
  }
  const apiBase = api ? new URL(api.endsWith('/') ? api : `${api}/`) : undefined;
  const issuerUrl = new URL(issuer);
  const insecure = issuerUrl.protocol === 'http:' && isLocalhost(issuerUrl);

  async function clientAuth(): Promise<oidc.ClientAuth> {
    if (method === 'client_secret_post') return oidc.ClientSecretPost(clientSecret);
    if (method === 'client_secret_basic') return oidc.ClientSecretBasic(clientSecret);
    const given = privateKey!;
    if (typeof given === 'string') return oidc.PrivateKeyJwt(await importPKCS8(given, privateKeyAlg ?? 'RS256'));
    if ('kty' in given) {
      const key = await importJWK(given, given.alg ?? privateKeyAlg ?? 'RS256');
      if (key instanceof Uint8Array) throw new TypeError('dvc-widgets/server: `privateKey` must be an asymmetric private key');
      return oidc.PrivateKeyJwt(given.kid ? { key, kid: given.kid } : key);
    }
    return oidc.PrivateKeyJwt(given as webcrypto.CryptoKey);
  }

  let configuration: Promise<oidc.Configuration> | undefined;
  /** The provider's configuration, discovered on first use; a failed discovery is tried again next time. */
  function config(): Promise<oidc.Configuration> {
    configuration ??= (async () => {
      const auth = await clientAuth();
      let result: oidc.Configuration;
      if (endpoints) {
        result = new oidc.Configuration({
          issuer,
          authorization_endpoint: endpoints.authorization,
          token_endpoint: endpoints.token,
          jwks_uri: endpoints.jwks,
          ...(endpoints.userinfo ? { userinfo_endpoint: endpoints.userinfo } : {}),
          ...(endpoints.endSession ? { end_session_endpoint: endpoints.endSession } : {}),
          ...(endpoints.revocation ? { revocation_endpoint: endpoints.revocation } : {}),
          authorization_response_iss_parameter_supported: endpoints.issParameter === true,
        }, clientId, {}, auth);
        if (insecure) oidc.allowInsecureRequests(result);
      } else {
        result = await oidc.discovery(issuerUrl, clientId, {}, auth, {
          timeout,
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        });
      }
      result.timeout = timeout;
      // The ID token's signature is checked too, as browser mode does (openid-client skips it by
      // default for tokens that come straight from the token endpoint).
      oidc.enableNonRepudiationChecks(result);
      return result;
    })();
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration;
  }

  /** Transactions whose callback has been served (jti → expiry): one callback each, per instance. */
  const usedTransactions = new Map<string, number>();
  /** Renewals in flight or just done, by the refresh token's hash: one refresh token is never sent twice. */
  const renewals = new Map<string, { result: Promise<Renewal>; until: number }>();

  /**
   * Drops what has expired. Both maps are in insertion order, which is expiry order (one fixed
   * lifetime each), so this stops at the first live entry; past MAX_ENTRIES the oldest go first
   * (a transaction evicted that way still cannot be redeemed twice: the provider's code is single-use).
   */
  function prune(): void {
    const t = now();
    for (const [key, until] of usedTransactions) {
      if (until >= t && usedTransactions.size <= MAX_ENTRIES) break;
      usedTransactions.delete(key);
    }
    for (const [key, entry] of renewals) {
      if (entry.until >= t && renewals.size <= MAX_ENTRIES) break;
      renewals.delete(key);
    }
  }

  function siteUrl(path: string, error?: ErrorCode): string {
    const url = new URL(path, site.origin);
    if (error) url.searchParams.set('dvc_error', error);
    return url.href;
  }

  async function readSession(cookies: Map<string, string>): Promise<{ data: SessionData } | { error: 'missing' | 'expired' | 'invalid' }> {
    const opened = await sessionSealer.open(readChunked(cookies, sessionCookie), now());
    if ('error' in opened) return opened;
    const data = asSession(opened.payload);
    return data ? { data } : { error: 'invalid' };
  }

  async function writeSession(cookies: Map<string, string>, data: SessionData): Promise<string[]> {
    const t = now();
    const sealed = await sessionSealer.seal({ ...data }, data.end, t);
    return writeChunked(cookies, sessionCookie, sealed, (data.end - t) / 1000, rules);
  }

  const clearSession = (cookies: Map<string, string>): string[] => writeChunked(cookies, sessionCookie, undefined, 0, rules);

  /** When the session ends: the refresh token's end when the provider says it, never past `cap`. */
  function sessionEnd(tokens: oidc.TokenEndpointResponse, accessExpiry: number, cap: number, previous?: number): number {
    if (!tokens.refresh_token && !previous) return Math.min(accessExpiry, cap);
    const refreshIn = tokens.refresh_expires_in;
    if (isNumber(refreshIn) && refreshIn > 0) return Math.min(now() + refreshIn * 1000, cap);
    return previous ?? cap;
  }

  async function login(url: URL): Promise<Response> {
    const returnTo = safeReturnTo(url.searchParams.get('returnTo'), basePath);
    let configured: oidc.Configuration;
    try {
      configured = await config();
    } catch (error) {
      return redirectResponse(siteUrl(returnTo, errorCode(error, 'other')), []);
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const tx: TransactionData = { jti: randomUUID(), state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, returnTo };
    const parameters: Record<string, string> = {
      ...authorizationParams,
      redirect_uri: redirectUri,
      scope,
      state: tx.state,
      nonce: tx.nonce,
      // PKCE even when the provider does not require it (RFC 9700 §2.1.1).
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    if (url.searchParams.get('prompt') === 'login') parameters.prompt = 'login';
    const location = oidc.buildAuthorizationUrl(configured, parameters);
    const t = now();
    const sealed = await transactionSealer.seal({ ...tx }, t + TRANSACTION_TTL_MS, t);
    return redirectResponse(location.href, [serialise(transactionCookie, sealed, TRANSACTION_TTL_MS / 1000, rules)]);
  }

  async function callback(url: URL, cookies: Map<string, string>): Promise<Response> {
    const clearTransaction = serialise(transactionCookie, '', 0, rules);
    const opened = await transactionSealer.open(cookies.get(transactionCookie), now());
    const tx = 'payload' in opened ? asTransaction(opened.payload) : undefined;
    // No live transaction (none, over 10 minutes old, forged): no token request, and the session
    // the browser may have is left alone (anyone can link a browser here).
    if (!tx) return redirectResponse(siteUrl('/', 'state_mismatch'), [clearTransaction]);
    const returnTo = safeReturnTo(tx.returnTo, basePath);
    // One callback per transaction, decided before any await: of fifty parallel callbacks with
    // one transaction cookie, one redeems the code.
    prune();
    if (usedTransactions.has(tx.jti)) return redirectResponse(siteUrl(returnTo, 'state_mismatch'), [clearTransaction]);
    usedTransactions.set(tx.jti, now() + TRANSACTION_TTL_MS);

    const failed = (code: ErrorCode): Response => redirectResponse(siteUrl(returnTo, code), [clearTransaction, ...clearSession(cookies)]);
    let configured: oidc.Configuration;
    try {
      configured = await config();
    } catch (error) {
      return failed(errorCode(error, 'other'));
    }
    // The URL the provider redirected to, on the site's origin (not the Host header's).
    const current = new URL(redirectUri);
    current.search = url.search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    let idClaims: oidc.IDToken;
    try {
      tokens = await oidc.authorizationCodeGrant(configured, current, {
        pkceCodeVerifier: tx.verifier,
        expectedState: tx.state,
        expectedNonce: tx.nonce,
        idTokenExpected: true,
      });
      idClaims = tokens.claims()!;
    } catch (error) {
      return failed(errorCode(error, 'callback'));
    }
    let info: Record<string, unknown> = {};
    if (configured.serverMetadata().userinfo_endpoint) {
      try {
        info = await oidc.fetchUserInfo(configured, tokens.access_token, idClaims.sub);
      } catch (error) {
        return failed(errorCode(error, 'userinfo'));
      }
    }
    const claims: SessionData['claims'] = { sub: idClaims.sub };
    for (const [name, value] of Object.entries({ ...idClaims, ...info })) if (!PROTOCOL_CLAIMS.has(name)) claims[name] = value;
    claims.sub = idClaims.sub;
    const t = now();
    const cap = t + sessionMaxAge * 1000;
    const ate = t + (isNumber(tokens.expires_in) ? tokens.expires_in : 300) * 1000;
    const data: SessionData = {
      at: tokens.access_token,
      ate,
      end: sessionEnd(tokens, ate, cap),
      cap,
      claims,
    };
    if (tokens.refresh_token) data.rt = tokens.refresh_token;
    // A new cookie, never the one the request came with (no session fixation).
    return redirectResponse(siteUrl(returnTo), [clearTransaction, ...(await writeSession(cookies, data))]);
  }

  async function session(cookies: Map<string, string>): Promise<Response> {
    const current = await readSession(cookies);
    if ('error' in current) {
      return errorResponse(401, current.error === 'expired' ? 'session_expired' : 'signed_out', current.error === 'missing' ? [] : clearSession(cookies));
    }
    let { data } = current;
    let setCookies: string[] = [];
    // An expired access token is renewed here too, so a session the provider has ended (idle,
    // revoked) shows as ended when the page checks, not at the next API call. A provider that
    // cannot be reached changes nothing: the session stands until a refusal.
    if (data.rt && data.ate - now() < RENEW_BEFORE_MS) {
      const renewal = await renew(data);
      if ('refused' in renewal) return errorResponse(401, 'session_expired', clearSession(cookies));
      if ('data' in renewal) {
        data = renewal.data;
        setCookies = await writeSession(cookies, data);
      }
    }
    // The same normalised user as browser mode (src/auth/claims.ts), built from the claims kept.
    const user: User = normaliseUser(data.claims.sub, data.claims);
    return jsonResponse(200, { user, expiresAt: data.end }, setCookies);
  }

  async function logout(cookies: Map<string, string>): Promise<Response> {
    const current = await readSession(cookies);
    let endSessionUrl: string | null = null;
    if ('data' in current) {
      const { data } = current;
      try {
        const configured = await config();
        const metadata = configured.serverMetadata();
        if (metadata.revocation_endpoint) {
          // RFC 7009: the refresh token first (it revokes the grant), else the access token.
          await oidc.tokenRevocation(configured, data.rt ?? data.at, { token_type_hint: data.rt ? 'refresh_token' : 'access_token' })
            .catch(() => undefined);
        }
        if (metadata.end_session_endpoint) {
          // client_id, never id_token_hint: this URL is read by page scripts and shown in the
          // address bar, where no token may go. Without the hint the provider asks the citizen.
          const parameters: Record<string, string> = { client_id: clientId };
          if (postLogoutRedirectUri) parameters.post_logout_redirect_uri = postLogoutRedirectUri;
          endSessionUrl = oidc.buildEndSessionUrl(configured, parameters).href;
        }
      } catch {
        // The provider cannot be reached: the cookie is cleared all the same.
      }
    }
    return jsonResponse(200, { endSessionUrl }, clearSession(cookies));
  }

  /** A fresh access token from the refresh token, shared by every request that carried the same one. */
  function renew(data: SessionData): Promise<Renewal> {
    prune();
    const key = sha256(data.rt!);
    const existing = renewals.get(key);
    if (existing) return existing.result;
    const result = (async (): Promise<Renewal> => {
      try {
        const configured = await config();
        const tokens = await oidc.refreshTokenGrant(configured, data.rt!);
        const claims = tokens.claims();
        // A renewal that names another citizen is refused, as in browser mode.
        if (claims && claims.sub !== data.claims.sub) return { refused: true };
        const t = now();
        const ate = t + (isNumber(tokens.expires_in) ? tokens.expires_in : 300) * 1000;
        const next: SessionData = { ...data, at: tokens.access_token, ate, end: sessionEnd(tokens, ate, data.cap, data.end) };
        if (tokens.refresh_token) next.rt = tokens.refresh_token;
        if (next.end <= t) return { refused: true };
        return { data: next };
      } catch (error) {
        if (error instanceof oidc.ResponseBodyError && error.status < 500) return { refused: true };
        return { error: errorCode(error, 'other') };
      }
    })();
    renewals.set(key, { result, until: now() + RENEWAL_SHARE_MS });
    // A provider that could not be reached is tried again by the next request ("Thử lại").
    void result.then((outcome) => {
      if ('error' in outcome && renewals.get(key)?.result === result) renewals.delete(key);
    });
    return result;
  }

  async function forward(request: Request, url: URL, rest: string, cookies: Map<string, string>): Promise<Response> {
    if (!apiBase) return errorResponse(404, 'not_found');
    const current = await readSession(cookies);
    if ('error' in current) {
      return errorResponse(401, current.error === 'expired' ? 'session_expired' : 'signed_out', current.error === 'missing' ? [] : clearSession(cookies), {
        'www-authenticate': 'Bearer realm="dvc-api"',
      });
    }
    let { data } = current;
    let setCookies: string[] = [];
    if (data.ate - now() < RENEW_BEFORE_MS) {
      const renewal = data.rt ? await renew(data) : ({ refused: true } as const);
      if ('refused' in renewal) return errorResponse(401, 'session_expired', clearSession(cookies));
      // The provider could not renew now (down, slow, an error page): "cannot reach", retry later.
      if ('error' in renewal) return renewal.error === 'timeout' ? errorResponse(504, 'timeout') : errorResponse(502, 'network');
      data = renewal.data;
      setCookies = await writeSession(cookies, data);
    }
    const target = new URL(`.${rest}${url.search}`, apiBase);
    if (!target.href.startsWith(apiBase.href)) return errorResponse(404, 'not_found');
    const headers = new Headers({ authorization: `Bearer ${data.at}` });
    for (const name of ['accept', 'accept-language', 'content-type', 'if-none-match']) {
      const value = request.headers.get(name);
      if (value) headers.set(name, value);
    }
    let body: ArrayBuffer | undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      body = await request.arrayBuffer();
      if (body.byteLength > MAX_BODY_BYTES) return errorResponse(413, 'payload_too_large');
    }
    let upstream: Response;
    let payload: ArrayBuffer;
    try {
      const signal = AbortSignal.timeout(timeout * 1000);
      upstream = await fetch(target, { method: request.method, headers, body, redirect: 'manual', signal });
      payload = await upstream.arrayBuffer();
    } catch (error) {
      const code = errorCode(error, 'other');
      return errorResponse(code === 'timeout' ? 504 : 502, code === 'timeout' ? 'timeout' : 'network', setCookies);
    }
    // The API refused a token that was fresh: the grant is gone (signed out elsewhere, revoked).
    if (upstream.status === 401) return errorResponse(401, 'session_expired', clearSession(cookies));
    const out = new Headers({ 'cache-control': 'no-store', vary: 'Cookie', 'x-content-type-options': 'nosniff' });
    for (const name of ['content-type', 'etag', 'retry-after', 'content-language']) {
      const value = upstream.headers.get(name);
      if (value) out.set(name, value);
    }
    for (const cookie of setCookies) out.append('set-cookie', cookie);
    const empty = upstream.status === 204 || upstream.status === 304 || request.method === 'HEAD';
    return new Response(empty ? null : payload, { status: upstream.status, headers: out });
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return errorResponse(404, 'not_found');
    const path = url.pathname.slice(basePath.length) || '/';
    const safe = request.method === 'GET' || request.method === 'HEAD';
    // Cross-site requests are refused, except the callback: the provider's redirect back is a
    // cross-site navigation by nature, and the transaction cookie and `state` protect it.
    if (request.headers.get('sec-fetch-site') === 'cross-site' && path !== '/callback') return errorResponse(403, 'forbidden');
    // A header no cross-site form can send (CSRF): required on every request that changes something.
    if (!safe && request.headers.get('x-dvc-request') !== '1') return errorResponse(403, 'forbidden');
    const cookies = parseCookies(request.headers.get('cookie'));
    if (path === '/api' || path.startsWith('/api/')) return forward(request, url, path.slice('/api'.length) || '/', cookies);
    const allowed = { '/login': 'GET', '/callback': 'GET', '/session': 'GET', '/logout': 'POST' }[path];
    if (!allowed) return errorResponse(404, 'not_found');
    // HEAD only where it changes nothing: a HEAD of /callback (a link preview) must not redeem a code.
    if (request.method !== allowed && !(path === '/session' && request.method === 'HEAD')) {
      return errorResponse(405, 'method_not_allowed', [], { allow: allowed });
    }
    switch (path) {
      case '/login':
        return login(url);
      case '/callback':
        return callback(url, cookies);
      case '/session':
        return session(cookies);
      default:
        return logout(cookies);
    }
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      return await route(request);
    } catch {
      // Nothing of the error reaches the response (no stack trace, no provider detail).
      return errorResponse(500, 'server_error');
    }
  };
  return Object.assign(handler, { basePath });
}
