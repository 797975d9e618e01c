// Bearer access token verification with jose.

import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { ApiError } from './http.js';

const REALM = 'dvc-api';

/** Only asymmetric algorithms: never `none`, never HMAC. */
export const ALGORITHMS = ['RS256', 'ES256'];

/** @param {string} description */
function invalidToken(description) {
  const safe = description.replace(/["\\\r\n]/g, ' ').slice(0, 200);
  return new ApiError(401, 'invalid_token', `Phiên đăng nhập không hợp lệ hoặc đã hết hạn / Invalid or expired access token: ${safe}`, {
    'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${safe}"`,
  });
}

/** A request that carried no bearer token. */
export function missingToken() {
  return new ApiError(401, 'unauthorized', 'Vui lòng đăng nhập / Sign-in required: send an access token as "Authorization: Bearer <token>"', {
    'www-authenticate': `Bearer realm="${REALM}"`,
  });
}

/**
 * Makes the verifier. The remote key set is created on first use, since the OpenID provider may
 * live in the same process and not be listening yet when the API is created.
 * @param {{issuer: string, jwksUri?: string, audience: string}} options
 * @returns {(authorization: string | undefined) => Promise<import('jose').JWTPayload & {sub: string}>}
 */
export function createVerifier({ issuer, jwksUri, audience }) {
  /** @type {ReturnType<typeof createRemoteJWKSet> | undefined} */
  let jwks;
  const keySet = () => (jwks ??= createRemoteJWKSet(new URL(jwksUri ?? `${issuer.replace(/\/$/, '')}/jwks`)));

  return async (authorization) => {
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? '');
    if (!authorization || !/^bearer\b/i.test(authorization)) throw missingToken();
    if (!match) throw invalidToken('malformed Authorization header');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], keySet(), {
        issuer,
        audience,
        algorithms: ALGORITHMS,
        clockTolerance: 60,
      }));
    } catch (error) {
      // The provider's key set could not be fetched: not the token's fault.
      if (
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        !(error instanceof errors.JOSEError) ||
        error.constructor === errors.JOSEError
      ) {
        throw new ApiError(503, 'auth_unavailable', 'Không kiểm tra được phiên đăng nhập lúc này / Cannot verify the access token right now', {
          'retry-after': '10',
        });
      }
      throw invalidToken(error.code === 'ERR_JWT_EXPIRED' ? 'token expired' : error.message);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw invalidToken('token has no subject');
    return /** @type {import('jose').JWTPayload & {sub: string}} */ (payload);
  };
}
