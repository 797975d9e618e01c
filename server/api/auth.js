// Access token verification for the dossier API (server/auth/access-token.js does the checks:
// RFC 9068 strictly, the grant still alive at the provider, DPoP proofs).

import { createRemoteJWKSet } from 'jose';
import { KeySetUnavailable, TokenError, createAccessTokenVerifier } from '../auth/access-token.js';
import { ApiError } from './http.js';

const REALM = 'dvc-api';
/** The scope a token needs for the citizen's own data. */
export const API_SCOPE = 'profile';

/** @param {TokenError} error */
function toApiError(error) {
  const headers = { 'www-authenticate': error.challenge(REALM) };
  if (!error.error) {
    return new ApiError(401, 'unauthorized', 'Vui lòng đăng nhập / Sign-in required: send an access token in the Authorization header', headers);
  }
  if (error.error === 'insufficient_scope') {
    return new ApiError(403, 'insufficient_scope', 'Phiên đăng nhập không đủ quyền / The access token lacks the needed scope', headers);
  }
  return new ApiError(401, error.error, 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn / Invalid or expired access token', headers);
}

/** A request that carried no access token. */
export function missingToken() {
  return toApiError(new TokenError(401, undefined, 'sign-in required', 'Bearer'));
}

/**
 * Makes the verifier. The remote key set is created on first use, since the OpenID provider may
 * live in the same process and not be listening yet when the API is created.
 * @param {{
 *   issuer: string, jwksUri?: string, audience: string,
 *   alive?: (jti: unknown) => Promise<boolean>,
 *   now?: () => number,
 *   publicOrigin?: string,
 * }} options alive: the provider's answer whether the token's grant still exists (absent: signature and expiry only)
 * @returns {(req: import('node:http').IncomingMessage) => Promise<import('jose').JWTPayload & {sub: string}>}
 */
export function createVerifier({ issuer, jwksUri, audience, alive, now, publicOrigin = 'http://localhost' }) {
  /** @type {ReturnType<typeof createRemoteJWKSet> | undefined} */
  let jwks;
  const keySet = () => (jwks ??= createRemoteJWKSet(new URL(jwksUri ?? `${issuer.replace(/\/$/, '')}/jwks`)));
  const verify = createAccessTokenVerifier({
    issuer, audience, keySet, scope: API_SCOPE, clockTolerance: 60, ...(alive ? { alive } : {}), ...(now ? { now } : {}),
  });

  return async (req) => {
    try {
      return await verify({
        authorization: req.headers.authorization,
        dpop: req.headers.dpop,
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', publicOrigin).href,
      });
    } catch (error) {
      if (error instanceof TokenError) throw toApiError(error);
      if (error instanceof KeySetUnavailable) {
        throw new ApiError(503, 'auth_unavailable', 'Không kiểm tra được phiên đăng nhập lúc này / Cannot verify the access token right now', {
          'retry-after': '10',
        });
      }
      throw error;
    }
  };
}
