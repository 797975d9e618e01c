// The second half of a sign-in: code → tokens → verified ID token → userinfo → user.
// Loaded by dynamic import when an authorization response arrives, so a page that only shows
// the session (or starts a sign-in) never downloads jose.
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, requestJson } from '../internal/http.js';
import { normaliseUser } from './claims.js';
import type { ProviderMetadata } from './discovery.js';
import type { StoredSession } from './storage.js';
import { exchangeCode, verifyIdToken } from './tokens.js';
import type { Transaction } from './transaction.js';

export interface Redemption {
  session: StoredSession;
  /** `userinfo_mismatch`: the userinfo answer was about someone else and was ignored. */
  warning?: DvcError;
}

/** Userinfo merged over the ID token's claims; a failing or foreign answer leaves the ID token's alone. */
async function withUserinfo(
  endpoint: string | undefined,
  accessToken: string,
  claims: Record<string, unknown> & { sub: string },
  timeout: number,
): Promise<{ merged: Record<string, unknown>; warning?: DvcError }> {
  if (!endpoint) return { merged: claims };
  let info: unknown;
  try {
    info = await requestJson(endpoint, { token: accessToken, timeout });
  } catch {
    return { merged: claims };
  }
  if (!isRecord(info)) return { merged: claims };
  if (info.sub !== claims.sub) {
    return { merged: claims, warning: new DvcError('userinfo_mismatch', 'The userinfo answer is about another subject and was ignored') };
  }
  return { merged: { ...claims, ...info } };
}

/** Redeems the code of a checked authorization response; rejects with a DvcError and keeps nothing. */
export async function redeemCode(code: string, tx: Transaction, metadata: ProviderMetadata, timeout: number): Promise<Redemption> {
  const tokens = await exchangeCode({
    tokenEndpoint: metadata.token_endpoint,
    clientId: tx.clientId,
    code,
    redirectUri: tx.redirectUri,
    verifier: tx.verifier,
    timeout,
  });
  const claims = await verifyIdToken(tokens.id_token, { issuer: tx.issuer, clientId: tx.clientId, nonce: tx.nonce, jwksUri: metadata.jwks_uri });
  const { merged, warning } = await withUserinfo(metadata.userinfo_endpoint, tokens.access_token, claims, timeout);
  const idTokenExpiry = isFiniteNumber(claims.exp) ? claims.exp * 1000 : Date.now();
  const session: StoredSession = {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    expiresAt: tokens.expires_in === undefined ? idTokenExpiry : Date.now() + tokens.expires_in * 1000,
    user: normaliseUser(claims.sub, merged),
  };
  return warning ? { session, warning } : { session };
}
