// The reference server: one localhost port for the demo agency site, the built library,
// the OpenID provider (the shared auth endpoint) and the dossier API.
//
//   /oidc/*          OpenID provider (issuer http://localhost:PORT/oidc); /oidc/me is userinfo
//   /interaction/*   its sign-in pages
//   /oidc-assets/*   their stylesheet and script files
//   /api/*           dossier API (server/api/index.js, when present)
//   /dev/*           development-only tools (server/dev/index.js, when present; never in production)
//   /auth/*          backend mode: dvc-widgets/server (the built dist/server) as the confidential
//                    client dvc-backend, for demo/backend.html
//   /dist/*          the built library (vite build output)
//   /docs/*          the element gallery (dist/docs, made by npm run build), under STRICT_CSP
//   /*, /demo/*      the demo site (demo/; / is demo/index.html; `__ORIGIN__` in its HTML
//                    becomes http://localhost:PORT, so its issuer and API match the port)
//
// `node server/index.js` starts it on PORT (default 8080); tests call startServer({ port: 0 }).
//
// Behind a reverse proxy:
//   PUBLIC_URL   the public origin, e.g. https://dichvucong.example.gov.vn: the issuer is
//                PUBLIC_URL/oidc, every URL the provider announces is built from it (never from
//                the request's Host or X-Forwarded-* headers), and cookies are Secure when it is https.
//   TRUST_PROXY  off by default; a number of proxy hops (or "true" for one): the client address is
//                read from X-Forwarded-For (the rightmost address that is not one of those hops),
//                and X-Forwarded-Proto: https marks the sign-in's own cookies Secure.
// Every request's Host must be the public origin's host, or a loopback name with the server's port
// (localhost, 127.0.0.1, [::1]): anything else is 421, so a DNS-rebinding page cannot read this
// server under its own name.

import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allClaims, findAccount, prepareAccounts } from './auth/accounts.js';
import { generateSigningKeys } from './auth/keys.js';
import { createAuth } from './auth/provider.js';
import { devRefusal } from './dev/guard.js';
import { createStatic } from './static.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The strictest policy an agency page may send, for demo/csp.html: no inline script or style,
 * Trusted Types for every HTML sink, and only the policy Lit creates for its templates.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');
const API_MODULE = path.join(ROOT, 'server', 'api', 'index.js');
const DEV_MODULE = path.join(ROOT, 'server', 'dev', 'index.js');

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {(req: Req, res: Res) => Promise<boolean> | boolean} Mountable
 */

/** @param {string | undefined} value */
function envList(value) {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * PUBLIC_URL as an origin (`https://host[:port]`); a path, query or other scheme is refused.
 * @param {string | undefined} value
 */
export function parsePublicUrl(value) {
  if (!value) return undefined;
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password
    || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new TypeError(`PUBLIC_URL must be an http(s) origin without path, e.g. https://dichvucong.example.gov.vn (got ${value})`);
  }
  return url.origin;
}

/**
 * TRUST_PROXY as a number of trusted proxy hops: 0 (off) unless set.
 * @param {string | number | boolean | undefined} value
 */
export function parseTrustProxy(value) {
  if (value === undefined || value === '' || value === false || value === 'false' || value === '0') return 0;
  if (value === true || value === 'true') return 1;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new TypeError(`TRUST_PROXY must be true, false or a number of hops (got ${value})`);
  return hops;
}

/**
 * The client's address: the socket's peer, or with `hops` trusted proxies in front, the rightmost
 * X-Forwarded-For entry that none of them added (a client can prepend anything it likes, so the
 * left of the list is never read).
 * @param {Req} req
 * @param {number} hops
 */
export function clientAddress(req, hops) {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!hops) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - hops)];
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {string} text
 */
function sendText(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/**
 * Loads an optional module that exports a factory of request handlers. A module that is
 * missing is fine; one that fails to load is reported and its routes answer 503.
 * @param {string} file
 * @param {string} exportName
 * @param {Record<string, unknown>} options
 * @param {boolean} quiet
 * @returns {Promise<Mountable | undefined | null>} undefined: no module; null: failed
 */
async function loadOptional(file, exportName, options, quiet) {
  if (!existsSync(file)) return undefined;
  try {
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod[exportName] !== 'function') throw new TypeError(`${exportName} is not exported`);
    return await mod[exportName](options);
  } catch (err) {
    if (!quiet) console.error(`Could not load ${path.relative(ROOT, file)}:`, err);
    return null;
  }
}

/**
 * Backend mode for demo/backend.html, through the same public API an agency uses
 * (`dvc-widgets/server`, the package's own export of dist/server).
 * @param {{ issuer: string, clientSecret: string, publicOrigin: string, secrets: string[] }} options
 *   secrets: DVC_SESSION_SECRETS (comma-separated, newest first), else one generated at start-up
 * @param {boolean} quiet
 * @returns {Promise<Mountable | null>}
 */
async function mountBackend({ issuer, clientSecret, publicOrigin, secrets }, quiet) {
  /** @type {typeof import('dvc-widgets/server')} */
  let server;
  try {
    server = await import('dvc-widgets/server');
  } catch (err) {
    if (!quiet) console.error('Backend mode is off (/auth): dist/server is not built (npm run build).', err);
    return null;
  }
  /** @type {ReturnType<typeof server.createBackend>} */
  let handler;
  try {
    handler = server.createBackend({
      issuer,
      clientId: 'dvc-backend',
      clientSecret,
      redirectUri: `${publicOrigin}/auth/callback`,
      postLogoutRedirectUri: `${publicOrigin}/backend.html`,
      api: `${publicOrigin}/api`,
      secrets: secrets.length ? secrets : [randomBytes(32).toString('base64url')],
    });
  } catch (err) {
    // e.g. a DVC_SESSION_SECRETS key under 32 bytes, or a public origin that is http but not localhost.
    if (!quiet) console.error('Backend mode is off (/auth):', err instanceof Error ? err.message : err);
    return null;
  }
  const node = server.toNodeHandler(handler);
  return async (req, res) => {
    await node(req, res);
    return true;
  };
}

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] default PORT or 8080; 0 picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {boolean} [quiet] no logging (tests)
 * @property {boolean} [production] default NODE_ENV === 'production': no /dev, no test client
 * @property {string[]} [extraRedirectUris] more redirect URIs for dvc-demo (DVC_REDIRECT_URIS, comma-separated)
 * @property {string[]} [extraOrigins] more CORS origins for the provider (DVC_ALLOWED_ORIGINS, comma-separated)
 * @property {string} [publicUrl] the public origin (PUBLIC_URL); default http://localhost:<port>
 * @property {string | number | boolean} [trustProxy] trusted proxy hops (TRUST_PROXY); default off
 */

/**
 * Starts the reference server.
 * @param {ServerOptions} [options]
 * @returns {Promise<{ url: string, port: number, issuer: string, signin: ReturnType<typeof import('./auth/interactions.js').createInteractions>, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const {
    port = Number(process.env.PORT ?? 8080),
    host = '127.0.0.1',
    quiet = false,
    production = process.env.NODE_ENV === 'production',
    extraRedirectUris = envList(process.env.DVC_REDIRECT_URIS),
    extraOrigins = envList(process.env.DVC_ALLOWED_ORIGINS),
  } = options;
  const configuredOrigin = parsePublicUrl(options.publicUrl ?? process.env.PUBLIC_URL);
  const proxyHops = parseTrustProxy(options.trustProxy ?? process.env.TRUST_PROXY);

  const [jwks] = await Promise.all([generateSigningKeys(), prepareAccounts()]);

  /** Set once the port is known: demo pages write `__ORIGIN__` where the server's origin goes. */
  let origin = '';
  const demo = createStatic(path.join(ROOT, 'demo'), {
    headers: { 'Referrer-Policy': 'no-referrer' },
    html: (text) => text.replaceAll('__ORIGIN__', origin),
  });
  const dist = createStatic(path.join(ROOT, 'dist'), { headers: { 'Access-Control-Allow-Origin': '*' } });
  const docs = createStatic(path.join(ROOT, 'dist', 'docs'), {
    headers: { 'Content-Security-Policy': STRICT_CSP, 'Referrer-Policy': 'no-referrer' },
    html: (text) => text.replaceAll('__ORIGIN__', origin),
  });
  const assets = createStatic(path.join(ROOT, 'server', 'auth', 'assets'));

  /** @type {Awaited<ReturnType<typeof createAuth>> | undefined} */
  let auth;
  /** @type {Mountable | undefined | null} */
  let api;
  /** @type {Mountable | undefined | null} */
  let dev;
  /** @type {Mountable | null} null: dist/server is not built */
  let backend = null;
  /** Host headers this server answers (set once the port is known). @type {Set<string>} */
  let ownHosts = new Set();
  /** Origins of this server's own pages. @type {Set<string>} */
  let ownOrigins = new Set();
  /** @type {URL} */
  let publicUrl;
  /** Requests that came over TLS (read before asPublic() rewrites their X-Forwarded-Proto). @type {WeakSet<Req>} */
  const secureRequests = new WeakSet();

  /**
   * oidc-provider (Koa) builds the URLs it announces from the request's host and protocol: it is
   * shown the public origin's, whatever the request said (its proxy mode is on, and the
   * X-Forwarded-* headers it reads are ours).
   * @param {Req} req
   */
  function asPublic(req) {
    req.headers.host = publicUrl.host;
    req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
    delete req.headers['x-forwarded-host'];
    delete req.headers.forwarded;
  }

  /**
   * Whether cookies set on this request get `Secure`.
   * @param {Req} req
   */
  function secureCookies(req) {
    if (publicUrl.protocol === 'https:') return true;
    const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim();
    return proxyHops > 0 && proto === 'https';
  }

  /**
   * @param {Req} req
   * @param {Res} res
   */
  async function route(req, res) {
    const pathname = (req.url ?? '/').split('?')[0];
    if (!pathname.startsWith('/')) {
      sendText(res, 400, 'Bad request');
      return;
    }
    if (!ownHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      // RFC 9110 §15.5.20: this server is not the one for that name (DNS rebinding, a forged Host).
      sendJson(res, 421, { error: 'misdirected_request', message: 'Máy chủ không phục vụ tên miền này / This server does not answer for that host' });
      return;
    }
    if (!auth) {
      res.setHeader('Retry-After', '1');
      sendText(res, 503, 'Starting');
      return;
    }

    if (pathname === '/oidc' || pathname.startsWith('/oidc/')) {
      asPublic(req);
      await auth.handleOidc(req, res, pathname);
      return;
    }
    if (pathname.startsWith('/interaction/')) {
      if (secureCookies(req)) secureRequests.add(req);
      asPublic(req);
      if (!(await auth.handleInteraction(req, res, pathname))) sendText(res, 404, 'Not found');
      return;
    }
    if (pathname.startsWith('/oidc-assets/')) {
      if (!(await assets(req, res, pathname.slice('/oidc-assets'.length)))) sendText(res, 404, 'Not found');
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      if (api === null) {
        sendJson(res, 503, { error: 'unavailable', message: 'Dịch vụ tạm thời không khả dụng' });
      } else if (!api || !(await api(req, res))) {
        sendJson(res, 404, { error: 'not_found', message: 'Không tìm thấy' });
      }
      return;
    }
    if (pathname === '/auth' || pathname.startsWith('/auth/')) {
      if (!backend) sendJson(res, 503, { error: 'unavailable', message: 'Dịch vụ tạm thời không khả dụng' }); // the log says why
      else await backend(req, res);
      return;
    }
    if (pathname === '/dev' || pathname.startsWith('/dev/')) {
      if (production || !dev) {
        sendText(res, 404, 'Not found');
        return;
      }
      const refusal = devRefusal(req, ownOrigins);
      if (refusal) {
        sendJson(res, refusal.status, { error: refusal.error, message: refusal.message });
        return;
      }
      if (!(await dev(req, res))) sendText(res, 404, 'Not found');
      return;
    }
    if (pathname.startsWith('/dist/')) {
      if (!(await dist(req, res, pathname.slice('/dist'.length)))) sendText(res, 404, 'Not found');
      return;
    }
    if (pathname === '/docs' || pathname.startsWith('/docs/')) {
      if (!(await docs(req, res, pathname.slice('/docs'.length)))) sendText(res, 404, 'Not found');
      return;
    }
    // Demo pages live at the root (/, /portal.html) and their assets are also reachable as /demo/*.
    const demoPath = pathname.startsWith('/demo/') ? pathname.slice('/demo'.length) : pathname;
    if (demoPath === '/csp.html') res.setHeader('Content-Security-Policy', STRICT_CSP);
    if (!(await demo(req, res, demoPath))) sendText(res, 404, 'Not found');
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      if (!quiet) console.error(`${req.method} ${req.url}:`, err);
      const status = Number.isInteger(err?.status) && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (!res.headersSent) {
        sendJson(res, status, status === 500
          ? { error: 'server_error', message: 'Lỗi máy chủ, vui lòng thử lại sau' }
          : { error: 'invalid_request', message: 'Yêu cầu không hợp lệ' });
      } else {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const publicOrigin = configuredOrigin ?? `http://localhost:${actualPort}`;
  origin = publicOrigin;
  publicUrl = new URL(publicOrigin);
  const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${actualPort}`);
  ownHosts = new Set([publicUrl.host, ...loopbackHosts]);
  ownOrigins = new Set([publicOrigin, ...loopbackHosts.map((h) => `http://${h}`)]);

  try {
    const backendClientSecret = process.env.DVC_BACKEND_CLIENT_SECRET || randomBytes(32).toString('base64url');
    auth = await createAuth({
      publicOrigin, extraRedirectUris, extraOrigins, production, quiet, jwks, backendClientSecret,
      signin: {
        clientAddress: (req) => clientAddress(req, proxyHops),
        secureCookies: (req) => secureRequests.has(req),
        origins: [...ownOrigins],
      },
    });
    // Koa's proxy mode: the X-Forwarded-Proto that asPublic() sets is read (see there).
    auth.provider.proxy = true;
    backend = await mountBackend({
      issuer: auth.issuer,
      clientSecret: backendClientSecret,
      publicOrigin,
      secrets: envList(process.env.DVC_SESSION_SECRETS),
    }, quiet);
    const shared = { issuer: auth.issuer, jwksUri: auth.jwksUri, publicOrigin };
    api = await loadOptional(API_MODULE, 'createApi', {
      ...shared,
      audience: auth.apiResource,
      // Tokens whose grant has ended (sign-out, revocation, limits) are refused; times follow the provider's clock.
      accessTokenAlive: auth.accessTokenAlive,
      now: auth.now,
      allowedOrigins: [publicOrigin, ...extraOrigins],
      ownOrigins: [...ownOrigins],
      production,
      // The citizen's claims (standard and national portal names) by `sub`.
      findAccount: (/** @type {string} */ sub) => {
        const citizen = findAccount(sub);
        return citizen && { ...allClaims(citizen), birthPlace: citizen.birthPlace };
      },
    }, quiet);
    dev = production ? undefined : await loadOptional(DEV_MODULE, 'createDev', { ...shared, auth }, quiet);
  } catch (err) {
    server.close();
    throw err;
  }

  return {
    url: `${publicOrigin}/`,
    port: actualPort,
    issuer: auth.issuer,
    /** The sign-in's OTP store, outbox, clock and limiter tables, for tests. */
    signin: auth.signin,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  startServer().then(({ url, close }) => {
    console.log(`dvc-widgets reference server: ${url}`);
    const stop = () => {
      close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
