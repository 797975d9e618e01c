// The one access token check of the reference API and the userinfo endpoint (/oidc/me).
//
// RFC 9068 strictly: a JWT signed with an asymmetric algorithm by the provider's keys, header
// `typ: at+jwt` (so an ID token or any other JWT of the provider is refused), `iss`, `aud`,
// `exp`, `iat`, `jti`, `sub`, a registered `client_id`, and the scope the endpoint needs. Then the
// provider is asked whether the token's grant still exists (sign-out, revocation, refresh token
// reuse and the idle and absolute limits end it), so a token taken before sign-out is refused
// after it. DPoP-bound tokens (`cnf.jkt`, RFC 9449) need the DPoP scheme and a proof that
// matches: `htm`, `htu`, a recent `iat`, a `jti` never seen before, `ath` and the key thumbprint.
//
// Failures carry a fixed description: no jose message, key id or claim value reaches the client.

import { createHash } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, errors, jwtVerify } from 'jose';

/** Only asymmetric algorithms: never `none`, never HMAC. */
export const ACCESS_TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
/** What a DPoP proof may be signed with (RFC 9449 §4.2: asymmetric only). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'];
/** How far a proof's `iat` may be from the server's clock, in seconds. */
export const DPOP_IAT_WINDOW_S = 300;

/** A refused token: the HTTP status, the OAuth error code, a fixed description and the challenge. */
export class TokenError extends Error {
  /**
   * @param {number} status
   * @param {string | undefined} error OAuth error code (undefined: no token was sent)
   * @param {string} description fixed text, safe to send
   * @param {'Bearer' | 'DPoP'} scheme the scheme of the WWW-Authenticate challenge
   * @param {string} [scope] the scope that was missing (insufficient_scope)
   */
  constructor(status, error, description, scheme, scope) {
    super(description);
    this.status = status;
    this.error = error;
    this.description = description;
    this.scheme = scheme;
    this.scope = scope;
  }

  /**
   * The WWW-Authenticate header value.
   * @param {string} realm
   */
  challenge(realm) {
    const params = [`realm="${realm}"`];
    if (this.error) params.push(`error="${this.error}"`, `error_description="${this.description}"`);
    if (this.scope) params.push(`scope="${this.scope}"`);
    if (this.scheme === 'DPoP') params.push(`algs="${DPOP_ALGORITHMS.join(' ')}"`);
    return `${this.scheme} ${params.join(', ')}`;
  }
}

/** The key set could not be fetched or used: not the token's fault (503). */
export class KeySetUnavailable extends Error {}

const INVALID = 'invalid or expired access token';

/**
 * One-use DPoP proof ids, remembered while their `iat` is inside the window.
 * @param {() => number} now epoch ms
 */
export function createReplayCache(now) {
  /** @type {Map<string, number>} key -> forget after (epoch s) */
  const seen = new Map();
  let lastSweep = 0;
  return {
    /**
     * True the first time `key` is offered.
     * @param {string} key
     * @param {number} until epoch seconds
     */
    first(key, until) {
      const t = Math.floor(now() / 1000);
      if (t - lastSweep > 60) {
        lastSweep = t;
        for (const [k, end] of seen) if (end < t) seen.delete(k);
      }
      if (seen.has(key)) return false;
      seen.set(key, until);
      return true;
    },
  };
}

/**
 * @param {string | undefined} header
 * @returns {{ scheme: 'Bearer' | 'DPoP', token: string } | undefined | null} undefined: no credentials; null: malformed
 */
function parseAuthorization(header) {
  if (!header) return undefined;
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match) return /^(bearer|dpop)\b/i.test(header) ? null : undefined;
  return { scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] };
}

/** @param {string} value */
const sha256 = (value) => createHash('sha256').update(value).digest('base64url');

/**
 * @typedef {object} VerifierOptions
 * @property {string} issuer
 * @property {string} audience
 * @property {() => Parameters<typeof jwtVerify>[1]} keySet the provider's keys (a jose key set)
 * @property {string} scope the scope this endpoint needs
 * @property {(clientId: string) => boolean} [clientKnown] whether `client_id` is a registered client
 * @property {(jti: unknown) => Promise<boolean>} [alive] whether the token's grant still exists
 * @property {() => number} [now] the server's clock, epoch ms
 * @property {number} [clockTolerance] seconds
 */

/**
 * @typedef {object} AccessRequest
 * @property {string | undefined} authorization the Authorization header
 * @property {string | string[] | undefined} dpop the DPoP header(s)
 * @property {string} method
 * @property {string} url the request's public URL (the proof's `htu` is compared without query)
 */

/**
 * @param {VerifierOptions} options
 * @returns {(request: AccessRequest) => Promise<import('jose').JWTPayload & { sub: string, client_id: string }>}
 */
export function createAccessTokenVerifier({
  issuer, audience, keySet, scope, clientKnown = () => true, alive, now = Date.now, clockTolerance = 30,
}) {
  const replay = createReplayCache(now);

  return async ({ authorization, dpop, method, url }) => {
    const credentials = parseAuthorization(authorization);
    if (credentials === undefined) throw new TokenError(401, undefined, 'sign-in required', dpop ? 'DPoP' : 'Bearer');
    if (credentials === null) throw new TokenError(401, 'invalid_token', 'malformed Authorization header', 'Bearer');
    const { scheme, token } = credentials;
    const refuse = (/** @type {string} */ description = INVALID) => new TokenError(401, 'invalid_token', description, scheme);

    /** @type {import('jose').JWTPayload} */
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keySet(), {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        clockTolerance,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id'],
      }));
    } catch (error) {
      if (
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        !(error instanceof errors.JOSEError) ||
        error.constructor === errors.JOSEError
      ) {
        throw new KeySetUnavailable('the key set is unavailable', { cause: error });
      }
      throw refuse();
    }
    const { sub, client_id: clientId, cnf } = payload;
    if (typeof sub !== 'string' || !sub || typeof clientId !== 'string' || !clientKnown(clientId)) throw refuse();
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(scope)) throw new TokenError(403, 'insufficient_scope', 'the access token lacks the needed scope', scheme, scope);

    const jkt = cnf && typeof cnf === 'object' && typeof (/** @type {any} */ (cnf).jkt) === 'string' ? /** @type {any} */ (cnf).jkt : undefined;
    if (jkt && scheme !== 'DPoP') throw new TokenError(401, 'invalid_token', 'a DPoP-bound token needs the DPoP scheme', 'DPoP');
    if (!jkt && scheme === 'DPoP') throw refuse('the access token is not DPoP-bound');
    if (jkt) await checkProof({ dpop, method, url, token, jkt, sub });

    if (alive && !(await alive(payload.jti))) throw refuse();
    return /** @type {import('jose').JWTPayload & { sub: string, client_id: string }} */ (payload);
  };

  /**
   * RFC 9449 §4.3 and §7.1.
   * @param {{ dpop: string | string[] | undefined, method: string, url: string, token: string, jkt: string, sub: string }} p
   */
  async function checkProof({ dpop, method, url, token, jkt }) {
    const bad = () => new TokenError(401, 'invalid_dpop_proof', 'invalid DPoP proof', 'DPoP');
    if (typeof dpop !== 'string' || !dpop) throw bad();
    let payload;
    let protectedHeader;
    try {
      ({ payload, protectedHeader } = await jwtVerify(dpop, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGORITHMS }));
    } catch {
      throw bad();
    }
    const t = Math.floor(now() / 1000);
    const expected = new URL(url);
    expected.search = '';
    expected.hash = '';
    let htu;
    try {
      htu = new URL(String(payload.htu));
      htu.search = '';
      htu.hash = '';
    } catch {
      throw bad();
    }
    if (
      payload.htm !== method ||
      htu.href !== expected.href ||
      typeof payload.iat !== 'number' ||
      Math.abs(t - payload.iat) > DPOP_IAT_WINDOW_S ||
      typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 200 ||
      payload.ath !== sha256(token) ||
      !protectedHeader.jwk ||
      (await calculateJwkThumbprint(protectedHeader.jwk)) !== jkt
    ) {
      throw bad();
    }
    // A proof is used once: the same jti under the same key is a replay.
    if (!replay.first(`${jkt} ${payload.jti}`, payload.iat + DPOP_IAT_WINDOW_S)) throw bad();
  }
}
