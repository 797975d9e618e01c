// Signing keys of the reference OpenID provider, made fresh at every start.
// RS256 signs ID tokens and access tokens by default; ES256 is there for clients
// that register `id_token_signed_response_alg: 'ES256'` (the e2e client does).
// Both public keys are published at the provider's jwks_uri.

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

/**
 * @typedef {import('jose').JWK & { kid: string, alg: string, use: 'sig' }} SigningJwk
 */

/**
 * @param {'RS256' | 'ES256'} alg
 * @returns {Promise<SigningJwk>}
 */
async function signingKey(alg) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use: 'sig' };
}

/** Members of a private JWK that must never be published. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * @param {import('jose').JWK} jwk
 * @returns {import('jose').JWK}
 */
export function publicJwk(jwk) {
  /** @type {Record<string, unknown>} */
  const copy = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return /** @type {import('jose').JWK} */ (copy);
}

/**
 * Generates the provider's private JWKS (RS256 first: oidc-provider picks the first
 * usable key for an algorithm).
 * @returns {Promise<{ keys: SigningJwk[] }>}
 */
export async function generateSigningKeys() {
  const keys = await Promise.all([signingKey('RS256'), signingKey('ES256')]);
  return { keys };
}
