import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString, requestJson } from '../internal/http.js';

export interface TokenResponse {
  access_token: string;
  /** Normalised: `Bearer`, or `DPoP` when the tokens are bound to the client's DPoP key. */
  token_type: 'Bearer' | 'DPoP';
  /** Always in a code exchange; a refresh response may leave it out. */
  id_token?: string;
  expires_in?: number;
  refresh_token?: string;
}

/**
 * Checks the token endpoint's answer before anything uses it. `dpop`: the request carried a DPoP
 * proof, so `token_type: DPoP` is acceptable (RFC 9449 §5); `refresh`: a refresh response, which
 * may have no ID token.
 */
export function parseTokenResponse(body: unknown, { dpop = false, refresh = false } = {}): TokenResponse {
  if (!isRecord(body)) throw new DvcError('invalid_response', 'The token response is not a JSON object');
  const { access_token, token_type, id_token, expires_in, refresh_token } = body;
  if (!isString(access_token) || !access_token) throw new DvcError('invalid_response', 'The token response has no access_token');
  const type = isString(token_type) ? token_type.toLowerCase() : undefined;
  if (type !== 'bearer' && !(dpop && type === 'dpop')) {
    throw new DvcError('invalid_response', `The token response's token_type is ${JSON.stringify(token_type)}, not ${dpop ? 'DPoP or ' : ''}Bearer`);
  }
  if (id_token !== undefined || !refresh) {
    if (!isString(id_token) || !id_token) throw new DvcError('invalid_response', 'The token response has no id_token');
  }
  if (expires_in !== undefined && (!isFiniteNumber(expires_in) || expires_in < 0)) {
    throw new DvcError('invalid_response', "The token response's expires_in is not a number of seconds");
  }
  if (refresh_token !== undefined && (!isString(refresh_token) || !refresh_token)) {
    throw new DvcError('invalid_response', "The token response's refresh_token is not a string");
  }
  return {
    access_token,
    token_type: type === 'dpop' ? 'DPoP' : 'Bearer',
    ...(isString(id_token) ? { id_token } : {}),
    ...(expires_in === undefined ? {} : { expires_in }),
    ...(isString(refresh_token) ? { refresh_token } : {}),
  };
}

/**
 * Sends one form to an endpoint of the provider and resolves with its JSON answer. The DPoP
 * module's sender adds a proof and answers one nonce challenge.
 */
export type FormPost = (url: string, form: Record<string, string>, timeout?: number) => Promise<unknown>;

export const plainPost: FormPost = (url, form, timeout) =>
  requestJson(url, { method: 'POST', form, ...(timeout === undefined ? {} : { timeout }) });

export interface CodeExchange {
  tokenEndpoint: string;
  clientId: string;
  code: string;
  redirectUri: string;
  verifier: string;
  timeout?: number;
}

/** The token request of a public client (no secret; PKCE proves the caller). */
export async function exchangeCode(request: CodeExchange, post: FormPost = plainPost, dpop = false): Promise<TokenResponse> {
  const body = await post(request.tokenEndpoint, {
    grant_type: 'authorization_code',
    client_id: request.clientId,
    code: request.code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  }, request.timeout);
  return parseTokenResponse(body, { dpop });
}

/** RFC 6749 §6: a new access token for the refresh token (which the provider rotates). */
export async function refreshTokens(
  request: { tokenEndpoint: string; clientId: string; refreshToken: string; timeout?: number },
  post: FormPost = plainPost,
  dpop = false,
): Promise<TokenResponse> {
  const body = await post(request.tokenEndpoint, {
    grant_type: 'refresh_token',
    client_id: request.clientId,
    refresh_token: request.refreshToken,
  }, request.timeout);
  return parseTokenResponse(body, { dpop, refresh: true });
}

/** Signature algorithms accepted for ID tokens: asymmetric only, never `none` or HMAC. */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Leeway for clocks that disagree, in seconds. */
export const CLOCK_TOLERANCE_S = 60;
/**
 * A token with an unknown `kid` refetches the key set (key rotation), at most once per this
 * many milliseconds, so a stream of bad tokens cannot hammer the provider.
 */
export const JWKS_COOLDOWN_MS = 30_000;
/** How long a fetched key set is trusted before it is fetched again. */
export const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, RemoteJwks>();

/** One remote key set per jwks_uri on the page. */
export function remoteJwks(jwksUri: string): RemoteJwks {
  let jwks = keySets.get(jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: JWKS_COOLDOWN_MS, cacheMaxAge: JWKS_MAX_AGE_MS });
    keySets.set(jwksUri, jwks);
  }
  return jwks;
}

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The sign-in's nonce. A renewed ID token may leave it out, never change it. */
  nonce: string | undefined;
  jwksUri: string;
  /** A renewal: the ID token must name this subject (the one who signed in). */
  sub?: string;
}

function joseFailure(error: unknown): DvcError {
  const code = isRecord(error) && isString(error.code) ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  // The key set could not be fetched: the token was not judged, so the attempt may be retried.
  if (code === 'ERR_JWKS_TIMEOUT') return new DvcError('timeout', 'The provider\'s key set did not answer in time', { cause: error });
  if (code === undefined && error instanceof TypeError) return new DvcError('network', 'Cannot reach the provider\'s key set', { cause: error });
  if (code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_INVALID') {
    return new DvcError('invalid_response', `The provider's key set is unusable: ${message}`, { cause: error });
  }
  return new DvcError('id_token_invalid', `ID token rejected: ${message}`, { cause: error });
}

/**
 * Verifies the ID token (signature against the provider's keys, iss, aud, exp, iat, sub) with
 * jose, then what jose leaves to the caller: nonce, azp, and an iat from the future.
 * Resolves with the claims; rejects with `id_token_invalid` or `nonce_mismatch`.
 */
export async function verifyIdToken(idToken: string, expected: IdTokenExpectations): Promise<JWTPayload & { sub: string }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, remoteJwks(expected.jwksUri), {
      algorithms: ID_TOKEN_ALGORITHMS,
      issuer: expected.issuer,
      audience: expected.clientId,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (error) {
    throw joseFailure(error);
  }
  const { sub, aud, azp, iat, nonce } = payload;
  if (!isString(sub) || !sub) throw new DvcError('id_token_invalid', 'ID token rejected: sub is not a string');
  if (Array.isArray(aud) && aud.length > 1 && azp === undefined) {
    throw new DvcError('id_token_invalid', 'ID token rejected: several audiences and no azp');
  }
  if (azp !== undefined && azp !== expected.clientId) {
    throw new DvcError('id_token_invalid', `ID token rejected: azp ${JSON.stringify(azp)} is not this client`);
  }
  if (!isFiniteNumber(iat) || iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) {
    throw new DvcError('id_token_invalid', 'ID token rejected: issued in the future');
  }
  if (expected.sub !== undefined) {
    // OpenID Connect Core §12.2: a renewal's ID token is about the same citizen, or it is refused.
    if (sub !== expected.sub) throw new DvcError('id_token_invalid', 'ID token rejected: the renewal names another subject');
    if (nonce !== undefined && nonce !== expected.nonce) throw new DvcError('nonce_mismatch', 'ID token rejected: the renewal changed the nonce');
  } else if (nonce !== expected.nonce) {
    throw new DvcError('nonce_mismatch', 'ID token rejected: nonce does not match this sign-in attempt');
  }
  return payload as JWTPayload & { sub: string };
}
