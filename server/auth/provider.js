// The reference OpenID provider (oidc-provider 8), mounted at <origin>/oidc.
//
// - Clients: `dvc-demo` (the demo agency pages) and, outside production, `dvc-e2e` (tests:
//   any loopback redirect URI, ES256-signed ID tokens). Both are public clients (no secret),
//   authorization code + PKCE S256 only.
// - Access tokens are JWTs for the dossier API (resource indicator `<origin>/api`), verifiable
//   with jose against jwks_uri; userinfo is served by ./userinfo.js (see there why).
// - ID tokens carry `sub` and the protocol claims only (no name, number or date: the ID token
//   travels in the logout URL as id_token_hint); profile claims come from userinfo.
// - Refresh tokens for every client allowed the refresh_token grant, rotated on every use; a used
//   refresh token that comes back revokes the whole grant (oidc-provider's reuse detection).
//   Sessions and refresh tokens end after 30 minutes idle and 8 hours in all (RFC 9700 §4.14).
// - Revocation endpoint (RFC 7009) at /oidc/token/revocation; DPoP (RFC 9449) with server nonces.
// - The logout page goes ahead without asking only when id_token_hint names the session's own sub.
// - RFC 9207: oidc-provider 8 always adds `iss` to authorization responses and advertises
//   `authorization_response_iss_parameter_supported: true`.
// - Outside production the provider runs on its own development clock (POST /dev/provider-clock),
//   which its expiries and the API's token checks follow, so the idle and absolute limits can be
//   tried without waiting. The sign-in's clock (POST /dev/clock) is another one: moving it for the
//   code step leaves tokens and sessions alone.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import { SCOPE_CLAIMS, allClaims, findAccount } from './accounts.js';
import { createMemoryAdapter } from './adapter.js';
import { generateSigningKeys, publicJwk } from './keys.js';
import { PAGE_CSP, errorPage, loggedOutPage, logoutPage } from './pages.js';
import { createUserinfo } from './userinfo.js';
import { createInteractions } from './interactions.js';
import { createClock } from './otp.js';

/** Pages of the demo site that may receive authorization responses and logout redirects. */
export const DEMO_PAGES = Object.freeze(['/', '/portal.html', '/profile.html', '/e2e.html', '/docs/']);

export const DEMO_CLIENT_ID = 'dvc-demo';
export const E2E_CLIENT_ID = 'dvc-e2e';
/** The confidential client of backend mode (/backend.html through the backend at /auth). */
export const BACKEND_CLIENT_ID = 'dvc-backend';

/** Lifetimes in seconds. */
export const TTL = Object.freeze({
  AccessToken: 15 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 10 * 60,
  /** A session (and its refresh tokens) unused this long ends. */
  Idle: 30 * 60,
  /** However much it is used, a session (and its refresh tokens) ends this long after sign-in. */
  Absolute: 8 * 60 * 60,
  Grant: 8 * 60 * 60,
});

/**
 * Seconds left before the idle or the absolute limit of something that started at `start` (epoch s).
 * @param {number} start
 * @param {number} [now]
 */
function remaining(start, now = Math.floor(Date.now() / 1000)) {
  return Math.max(1, Math.min(TTL.Idle, start + TTL.Absolute - now));
}

// The development clock reaches oidc-provider through Date.now, which it reads for every expiry:
// inside a request of a development provider (and only there) Date.now answers that provider's
// clock. Production never installs this.
const realNow = Date.now;
/** @type {AsyncLocalStorage<{ now: () => number }>} */
const clockContext = new AsyncLocalStorage();
let clockInstalled = false;
function installDevelopmentClock() {
  if (clockInstalled) return;
  clockInstalled = true;
  Date.now = () => clockContext.getStore()?.now() ?? realNow();
}

/** @param {string} value */
function isLoopbackHttp(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && !url.hash;
  } catch {
    return false;
  }
}

/** @param {string} value */
function originOf(value) {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} AuthOptions
 * @property {string} publicOrigin e.g. http://localhost:8080 (no trailing slash)
 * @property {string[]} [extraRedirectUris] more redirect URIs for dvc-demo (agency pages elsewhere)
 * @property {string[]} [extraOrigins] more origins allowed to call token/userinfo with CORS
 * @property {boolean} [production] no dvc-e2e client
 * @property {boolean} [quiet] no logging of provider errors
 * @property {{ keys: import('./keys.js').SigningJwk[] }} [jwks] signing keys (generated when absent)
 * @property {string} [backendClientSecret] the secret of dvc-backend (generated when absent)
 * @property {Partial<import('./interactions.js').InteractionOptions>} [signin] more options of the sign-in (client address, cookies, origins)
 */

/**
 * Builds the provider and the request handlers that belong to it.
 * @param {AuthOptions} options
 */
export async function createAuth({
  publicOrigin, extraRedirectUris = [], extraOrigins = [], production = false, quiet = false, jwks, signin: signinOptions = {},
  backendClientSecret = randomBytes(32).toString('base64url'),
}) {
  const issuer = `${publicOrigin}/oidc`;
  const apiResource = `${publicOrigin}/api`;
  const signingKeys = jwks ?? await generateSigningKeys();
  const clock = createClock(realNow);
  if (!production) installDevelopmentClock();
  /**
   * Runs `fn` on this provider's clock (the development clock outside production).
   * @template T
   * @param {() => T} fn
   * @returns {T}
   */
  const onClock = (fn) => (production ? fn() : clockContext.run(clock, fn));
  const publicKeys = { keys: signingKeys.keys.map(publicJwk) };

  const demoPages = DEMO_PAGES.map((p) => new URL(p, publicOrigin).href);
  const demoRedirects = [...new Set([...demoPages, ...extraRedirectUris])];

  /** @type {import('oidc-provider').ClientMetadata[]} */
  const clients = [{
    client_id: DEMO_CLIENT_ID,
    client_name: 'Trang dịch vụ công mẫu',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: demoRedirects,
    post_logout_redirect_uris: demoRedirects,
    id_token_signed_response_alg: 'RS256',
  }];
  if (!production) {
    clients.push({
      client_id: E2E_CLIENT_ID,
      client_name: 'Kiểm thử tự động',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // Registered for the demo pages; any other loopback URI is accepted too (see below).
      redirect_uris: demoPages,
      post_logout_redirect_uris: demoPages,
      id_token_signed_response_alg: 'ES256',
    });
  }
  // Backend mode: a confidential client, as the national portal's SSO wants (the secret is
  // required at the token endpoint, by client_secret_basic or client_secret_post; PKCE is allowed
  // but not required), with refresh tokens.
  clients.push({
    client_id: BACKEND_CLIENT_ID,
    client_secret: backendClientSecret,
    client_name: 'Trang dịch vụ công mẫu (máy chủ)',
    application_type: 'web',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [new URL('/auth/callback', publicOrigin).href],
    post_logout_redirect_uris: [new URL('/backend.html', publicOrigin).href],
    id_token_signed_response_alg: 'RS256',
  });
  const clientIds = new Set(clients.map((c) => c.client_id));

  /** Origins allowed per client for CORS at the token and userinfo endpoints. */
  const clientOrigins = new Map(clients.map((c) => [
    c.client_id,
    new Set([publicOrigin, ...extraOrigins, ...(c.redirect_uris ?? []).map(originOf)].filter(Boolean)),
  ]));

  /**
   * @param {string} origin
   * @param {string} [clientId] unknown (preflight, invalid token): any registered client's origins
   */
  function corsAllowed(origin, clientId) {
    const ids = clientId ? [clientId] : [...clientIds];
    return ids.some((id) => clientOrigins.get(id)?.has(origin) || (id === E2E_CLIENT_ID && isLoopbackHttp(origin)));
  }

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients,
    jwks: signingKeys,
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // oidc-provider's default SameSite=None needs Secure, which an http:// issuer cannot set:
      // Firefox then drops the session cookie (no single sign-on, no RP-initiated logout of it).
      // Every use of it here is a top-level navigation, which Lax allows.
      long: { httpOnly: true, sameSite: 'lax' },
    },
    claims: Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, names]) => [scope, [...names]])),
    scopes: ['openid', 'profile'],
    // The ID token carries sub and protocol claims only. oidc-provider's own switch covers
    // responses without an audience-restricted access token; findAccount below covers the rest.
    conformIdTokenClaims: true,
    responseTypes: ['code'],
    pkce: {
      methods: ['S256'],
      // Required of public clients; a confidential client proves itself with its credentials.
      required: (_ctx, client) => client.clientAuthMethod === 'none',
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'RS256',
    },
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'PS256', 'ES256'],
    },
    ttl: {
      AccessToken: TTL.AccessToken,
      AuthorizationCode: TTL.AuthorizationCode,
      IdToken: TTL.IdToken,
      Interaction: TTL.Interaction,
      Grant: TTL.Grant,
      // Idle limit from the last use, absolute limit from the sign-in (refresh tokens: from the
      // first token of the rotation chain).
      Session: (_ctx, session) => remaining(session.loginTs ?? Math.floor(Date.now() / 1000)),
      RefreshToken: (_ctx, token) => remaining(token.iiat ?? Math.floor(Date.now() / 1000)),
    },
    findAccount(_ctx, sub) {
      const citizen = findAccount(sub);
      if (!citizen) return undefined;
      return {
        accountId: citizen.sub,
        async claims(use) {
          // Names, numbers and dates never go into an ID token (it travels as id_token_hint).
          if (use === 'id_token') return { sub: citizen.sub };
          return allClaims(citizen);
        },
      };
    },
    // Every client allowed the grant gets a refresh token (public clients included: the
    // rotation, reuse detection and limits below are what RFC 9700 §4.14 asks for them).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    clientBasedCORS(_ctx, origin, client) {
      return corsAllowed(origin, client.clientId);
    },
    interactions: {
      url(_ctx, interaction) {
        return `/interaction/${interaction.uid}`;
      },
    },
    discovery: {
      // The provider's userinfo feature is off (see userinfo.js); this endpoint replaces it.
      userinfo_endpoint: `${issuer}/me`,
      ui_locales_supported: ['vi', 'en'],
      claims_locales_supported: ['vi'],
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        // Every DPoP proof at the token endpoint carries a provider nonce (RFC 9449 §8).
        requireNonce: () => true,
      },
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const client = ctx.oidc.client;
          ctx.set('Content-Security-Policy', PAGE_CSP);
          ctx.type = 'html';
          // The provider validated id_token_hint (signature, audience) before calling this. It
          // goes ahead without asking only when the hint names the citizen of this session:
          // another citizen's ID token must not end this one's session.
          const hintSub = ctx.oidc.entities.IdTokenHint?.payload?.sub;
          const sessionSub = ctx.oidc.session?.accountId;
          ctx.body = logoutPage({
            form,
            auto: typeof hintSub === 'string' && hintSub === sessionSub,
            clientName: client?.clientName,
          });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.set('Content-Security-Policy', PAGE_CSP);
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        // No `resource` parameter: the token is for the dossier API.
        async defaultResource(_ctx, _client, oneOf) {
          if (oneOf) return oneOf.includes(apiResource) ? apiResource : oneOf[0];
          return apiResource;
        },
        // The token request needs no `resource` parameter either.
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== apiResource) throw new errors.InvalidTarget();
          return {
            // The same scopes as the OIDC request, so the one access token says which claims
            // the userinfo endpoint may release.
            scope: 'openid profile',
            audience: apiResource,
            accessTokenTTL: TTL.AccessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', PAGE_CSP);
      ctx.body = errorPage({
        message: 'Yêu cầu đăng nhập không hợp lệ. Vui lòng quay lại trang dịch vụ và thử lại.',
        detail: [out.error, out.error_description].filter(Boolean).join(': '),
      });
    },
  });

  // dvc-e2e (development only): any loopback page may receive its responses, so browser tests
  // served from another local port can sign in.
  const { Client } = provider;
  const redirectUriAllowed = Client.prototype.redirectUriAllowed;
  const postLogoutRedirectUriAllowed = Client.prototype.postLogoutRedirectUriAllowed;
  Client.prototype.redirectUriAllowed = function allowLoopback(/** @type {string} */ value) {
    if (this.clientId === E2E_CLIENT_ID && isLoopbackHttp(value)) return true;
    return redirectUriAllowed.call(this, value);
  };
  Client.prototype.postLogoutRedirectUriAllowed = function allowLoopback(/** @type {string} */ value) {
    if (this.clientId === E2E_CLIENT_ID && isLoopbackHttp(value)) return true;
    return postLogoutRedirectUriAllowed.call(this, value);
  };

  if (quiet) {
    provider.app.silent = true;
  } else {
    provider.on('server_error', (_ctx, err) => {
      console.error('oidc server_error:', err);
    });
  }

  // A refresh is the citizen at work: the provider session's idle limit starts again (its
  // absolute limit does not move). Refresh tokens are bound to the session, so an idle session
  // takes its refresh tokens with it.
  provider.on('grant.success', (ctx) => {
    const token = ctx.oidc.entities.RefreshToken;
    if (ctx.oidc.params?.grant_type !== 'refresh_token' || !token?.sessionUid) return;
    touchSession(token.sessionUid).catch((err) => {
      if (!quiet) console.error('session touch failed:', err);
    });
  });

  /** @param {string} uid */
  async function touchSession(uid) {
    const session = await provider.Session.findByUid(uid);
    if (session) await session.save(remaining(session.loginTs ?? Math.floor(Date.now() / 1000)));
  }

  /**
   * JWT access tokens are not kept in the adapter, so what each one belongs to is noted when it is
   * issued: the API and userinfo ask `accessTokenAlive` whether its grant (and, for
   * session-bound tokens, the provider session) still exists. Sign-out, revocation, reuse of a
   * refresh token and the idle and absolute limits all end one of them.
   * @type {Map<string, { grantId: string, sessionUid?: string, exp: number }>}
   */
  const issuedAccessTokens = new Map();
  let lastSweep = 0;
  provider.on('access_token.issued', (token) => {
    const now = Math.floor(Date.now() / 1000);
    if (now - lastSweep > 60) {
      lastSweep = now;
      for (const [jti, entry] of issuedAccessTokens) if (entry.exp <= now) issuedAccessTokens.delete(jti);
    }
    if (!token.jti || !token.grantId) return;
    issuedAccessTokens.set(token.jti, {
      grantId: token.grantId,
      ...(token.expiresWithSession && token.sessionUid ? { sessionUid: token.sessionUid } : {}),
      exp: now + (token.expiration ?? TTL.AccessToken),
    });
  });

  /**
   * Whether the access token with this `jti` was issued here and its grant has not ended.
   * @param {unknown} jti
   * @returns {Promise<boolean>}
   */
  function accessTokenAlive(jti) {
    return onClock(async () => {
      const entry = typeof jti === 'string' ? issuedAccessTokens.get(jti) : undefined;
      if (!entry || entry.exp <= Math.floor(Date.now() / 1000)) return false;
      const grant = await provider.Grant.find(entry.grantId);
      if (!grant) {
        issuedAccessTokens.delete(/** @type {string} */ (jti));
        return false;
      }
      if (entry.sessionUid && !(await provider.Session.findByUid(entry.sessionUid))) return false;
      return true;
    });
  }

  const oidcCallback = provider.callback();
  const userinfo = createUserinfo({
    issuer, audience: apiResource, jwks: publicKeys, clientIds, corsAllowed, accessTokenAlive, now: () => clock.now(),
  });
  const signin = createInteractions({ ...signinOptions, provider, trustedClients: clientIds, production });

  /**
   * Requests under /oidc: userinfo here, everything else to oidc-provider (mount path stripped).
   * @param {import('node:http').IncomingMessage & { originalUrl?: string }} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} pathname
   */
  async function handleOidc(req, res, pathname) {
    if (pathname === '/oidc/me') {
      await userinfo(req, res);
      return;
    }
    const url = req.url ?? '/';
    req.originalUrl = url;
    req.url = url.slice('/oidc'.length) || '/';
    if (!req.url.startsWith('/')) req.url = `/${req.url}`;
    await onClock(() => oidcCallback(req, res));
  }

  return {
    provider,
    issuer,
    apiResource,
    jwksUri: `${issuer}/jwks`,
    publicKeys,
    clients: clients.map((c) => ({ clientId: c.client_id, redirectUris: c.redirect_uris })),
    handleOidc,
    // The sign-in pages read the development clock for their own rules (code expiry, cooldown,
    // rate limits); the interaction they serve is looked up in real time, so moving the clock
    // while a sign-in is open does not end it.
    handleInteraction: signin.handle,
    /** See above: the API and userinfo refuse access tokens whose grant has ended. */
    accessTokenAlive,
    /** The provider's clock (the development clock outside production), epoch ms. */
    now: () => clock.now(),
    /** The provider's development clock itself (server/dev moves it). */
    providerClock: clock,
    /** The sign-in's OTP store, outbox (not in production), clock and rate limits, for server/dev. */
    signin,
  };
}
