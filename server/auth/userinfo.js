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
// with the same scope→claims table as the ID token (SCOPE_CLAIMS). The token check is the API's
// (./access-token.js): RFC 9068 strictly, the grant still alive at the provider (a token taken
// before sign-out is refused after it), DPoP proofs for DPoP-bound tokens.

import { createLocalJWKSet } from 'jose';
import { claimsFor, findAccount } from './accounts.js';
import { TokenError, createAccessTokenVerifier } from './access-token.js';

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
 *   accessTokenAlive?: (jti: unknown) => Promise<boolean>,
 *   now?: () => number,
 * }} options jwks: the provider's public keys
 * @returns {(req: Req, res: Res) => Promise<void>}
 */
export function createUserinfo({ issuer, audience, jwks, clientIds, corsAllowed, accessTokenAlive, now }) {
  const keySet = createLocalJWKSet(jwks);
  const verify = createAccessTokenVerifier({
    issuer,
    audience,
    keySet: () => keySet,
    scope: 'openid',
    clockTolerance: 5,
    clientKnown: (id) => clientIds.has(id),
    ...(accessTokenAlive ? { alive: accessTokenAlive } : {}),
    ...(now ? { now } : {}),
  });
  const endpoint = `${issuer}/me`;

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string | undefined} clientId
   */
  function cors(req, res, clientId) {
    const origin = req.headers.origin;
    if (origin && corsAllowed(origin, clientId)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
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
   * @param {TokenError} error
   */
  function refuse(res, error) {
    res.setHeader('WWW-Authenticate', error.challenge(issuer));
    json(res, error.status, { error: error.error ?? 'invalid_request', error_description: error.error ? error.description : 'no access token provided' });
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

    /** @type {Awaited<ReturnType<typeof verify>>} */
    let payload;
    try {
      payload = await verify({ authorization: req.headers.authorization, dpop: req.headers.dpop, method: req.method, url: endpoint });
    } catch (error) {
      cors(req, res, undefined);
      if (error instanceof TokenError) {
        refuse(res, error);
        return;
      }
      // The provider's own keys are local: anything else is a server fault.
      throw error;
    }
    cors(req, res, payload.client_id);
    const citizen = findAccount(payload.sub);
    if (!citizen) {
      refuse(res, new TokenError(401, 'invalid_token', 'invalid or expired access token', 'Bearer'));
      return;
    }
    json(res, 200, claimsFor(citizen, String(payload.scope)));
  };
}
