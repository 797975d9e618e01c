// The userinfo endpoint of the reference provider, served by this module at /oidc/me and
// advertised as `userinfo_endpoint` in discovery.
//
// Why not oidc-provider's own userinfo: the access tokens here are RFC 9068 JWTs whose `aud` is
// the dossier API (resource indicator `<origin>/api`), so that the API can verify them with jose
// against the JWKS alone. oidc-provider 8 refuses any access token that has an audience at its
// userinfo endpoint ("token audience prevents accessing the userinfo endpoint", see
// lib/actions/userinfo.js validateAudience); its supported alternative is a second, opaque token
// for userinfo, which would make the browser client juggle two tokens. So the provider's userinfo
// feature is disabled and this endpoint accepts the one JWT access token: signature against the
// provider's own keys (asymmetric algorithms only), `typ: at+jwt`, `iss`, `aud` = the API,
// expiry, a registered `client_id`, the `openid` scope; claims are released by the token's scopes
// with the same scope→claims table as the ID token (SCOPE_CLAIMS). Like the API, it is stateless:
// a token stays valid until its short expiry even after logout.

import { createLocalJWKSet, jwtVerify } from 'jose';
import { claimsFor, findAccount } from './accounts.js';

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 */

/**
 * @param {{
 *   issuer: string,
 *   audience: string,
 *   jwks: { keys: import('jose').JWK[] },
 *   clientIds: Set<string>,
 *   corsAllowed: (origin: string, clientId?: string) => boolean,
 * }} options jwks: the provider's public keys
 * @returns {(req: Req, res: Res) => Promise<void>}
 */
export function createUserinfo({ issuer, audience, jwks, clientIds, corsAllowed }) {
  const keySet = createLocalJWKSet(jwks);
  const algorithms = [...new Set(jwks.keys.map((k) => String(k.alg)))].filter((a) => /^(RS|PS|ES|Ed)/.test(a));

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string | undefined} clientId
   */
  function cors(req, res, clientId) {
    const origin = req.headers.origin;
    if (origin && corsAllowed(origin, clientId)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
      res.setHeader('Vary', 'Origin');
    }
  }

  /**
   * @param {Res} res
   * @param {number} status
   * @param {unknown} body
   */
  function json(res, status, body) {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.end(JSON.stringify(body));
  }

  /**
   * @param {Res} res
   * @param {number} status
   * @param {string} [error]
   * @param {string} [description]
   * @param {string} [scope]
   */
  function bearerError(res, status, error, description, scope) {
    const params = [`realm="${issuer}"`];
    if (error) params.push(`error="${error}"`);
    if (description) params.push(`error_description="${description.replaceAll('"', "'")}"`);
    if (scope) params.push(`scope="${scope}"`);
    res.setHeader('WWW-Authenticate', `Bearer ${params.join(', ')}`);
    json(res, status, { error: error ?? 'invalid_request', error_description: description ?? 'no access token provided' });
  }

  return async function userinfo(req, res) {
    if (req.method === 'OPTIONS') {
      // Preflight: the client is not known yet; the real request is checked per client.
      const origin = req.headers.origin;
      if (origin && corsAllowed(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, DPoP');
        res.setHeader('Access-Control-Max-Age', '3600');
        res.setHeader('Vary', 'Origin');
      }
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      json(res, 405, { error: 'invalid_request', error_description: 'method not allowed' });
      return;
    }

    const header = String(req.headers.authorization ?? '');
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match) {
      cors(req, res, undefined);
      if (header) bearerError(res, 400, 'invalid_request', 'malformed Authorization header');
      else bearerError(res, 401);
      return;
    }

    /** @type {import('jose').JWTPayload} */
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], keySet, {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp', 'iat', 'client_id'],
      }));
    } catch {
      cors(req, res, undefined);
      bearerError(res, 401, 'invalid_token', 'invalid access token');
      return;
    }

    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    cors(req, res, clientId);
    if (!clientId || !clientIds.has(clientId)) {
      bearerError(res, 401, 'invalid_token', 'associated client not found');
      return;
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    if (!scope.split(' ').includes('openid')) {
      bearerError(res, 403, 'insufficient_scope', 'access token missing openid scope', 'openid');
      return;
    }
    const citizen = typeof payload.sub === 'string' ? findAccount(payload.sub) : undefined;
    if (!citizen) {
      bearerError(res, 401, 'invalid_token', 'associated account not found');
      return;
    }
    json(res, 200, claimsFor(citizen, scope));
  };
}
