import { DvcError } from '../internal/errors.js';
import { isRecord, isString, requestJson } from '../internal/http.js';
import { isSecure } from '../internal/data-config.js';

/** The parts of the provider's discovery document the client uses, checked. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  /** RFC 7009: where sign-out revokes the refresh token. */
  revocation_endpoint?: string;
  /** RFC 9449: the provider binds tokens to DPoP keys signed with these algorithms. */
  dpop_signing_alg_values_supported?: string[];
  /** RFC 9207: the provider always sends `iss` in authorization responses. */
  authorization_response_iss_parameter_supported: boolean;
}

/** `${issuer}/.well-known/openid-configuration`, one trailing slash of the issuer dropped (OpenID Connect Discovery §4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.endsWith('/') ? issuer.slice(0, -1) : issuer}/.well-known/openid-configuration`;
}

/** https, or http on localhost only. */
export function isSecureUrl(value: unknown): value is string {
  try {
    return isString(value) && isSecure(new URL(value));
  } catch {
    return false;
  }
}

/** Checks a discovery document against the configured issuer. */
export function parseMetadata(issuer: string, doc: unknown): ProviderMetadata {
  if (!isRecord(doc)) throw new DvcError('invalid_response', 'The discovery document is not a JSON object');
  // A document without an issuer is broken, not someone else's.
  if (!isString(doc.issuer)) throw new DvcError('invalid_response', 'The discovery document has no issuer');
  if (doc.issuer !== issuer) {
    throw new DvcError('issuer_mismatch', `The discovery document names issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}`);
  }
  for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (!isSecureUrl(doc[field])) throw new DvcError('invalid_response', `The discovery document's ${field} is missing or not an https URL`);
  }
  const metadata: ProviderMetadata = {
    issuer,
    authorization_endpoint: doc.authorization_endpoint as string,
    token_endpoint: doc.token_endpoint as string,
    jwks_uri: doc.jwks_uri as string,
    authorization_response_iss_parameter_supported: doc.authorization_response_iss_parameter_supported === true,
  };
  // Optional endpoints that are not https are left unused: a Bearer token never travels in clear.
  if (isSecureUrl(doc.userinfo_endpoint)) metadata.userinfo_endpoint = doc.userinfo_endpoint;
  if (isSecureUrl(doc.end_session_endpoint)) metadata.end_session_endpoint = doc.end_session_endpoint;
  if (isSecureUrl(doc.revocation_endpoint)) metadata.revocation_endpoint = doc.revocation_endpoint;
  const algs = doc.dpop_signing_alg_values_supported;
  if (Array.isArray(algs) && algs.every(isString)) metadata.dpop_signing_alg_values_supported = algs;
  return metadata;
}

const cache = new Map<string, Promise<ProviderMetadata>>();

/**
 * The provider's metadata, fetched once per issuer on the page. Concurrent callers share the
 * request; a failure is not cached, so "Thử lại" fetches again.
 */
export function discover(issuer: string, timeout?: number): Promise<ProviderMetadata> {
  let pending = cache.get(issuer);
  if (!pending) {
    pending = requestJson(discoveryUrl(issuer), timeout === undefined ? {} : { timeout }).then((doc) => parseMetadata(issuer, doc));
    cache.set(issuer, pending);
    pending.catch(() => {
      if (cache.get(issuer) === pending) cache.delete(issuer);
    });
  }
  return pending;
}
