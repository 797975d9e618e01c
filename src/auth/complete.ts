// The token half of a session: code → tokens → verified ID token → userinfo → user, and the
// renewal of those tokens with the refresh token. Loaded by dynamic import when an authorization
// response arrives or a renewal is due, so a page that only shows the session (or starts a
// sign-in) never downloads jose.
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, requestJson } from '../internal/http.js';
import { normaliseUser } from './claims.js';
import type { ProviderMetadata } from './discovery.js';
import type { DpopKey } from './dpop.js';
import type { StoredSession } from './storage.js';
import { exchangeCode, plainPost, refreshTokens, verifyIdToken, type TokenResponse } from './tokens.js';
import type { Transaction } from './transaction.js';

export interface Redemption {
  session: StoredSession;
  /** `userinfo_mismatch`: the userinfo answer was about someone else and was ignored. */
  warning?: DvcError;
}

/** Userinfo merged over the ID token's claims; a failing or foreign answer leaves the ID token's alone. */
async function withUserinfo(
  endpoint: string | undefined,
  tokens: TokenResponse,
  claims: Record<string, unknown> & { sub: string },
  timeout: number,
  dpop: DpopKey | undefined,
): Promise<{ merged: Record<string, unknown>; warning?: DvcError }> {
  if (!endpoint) return { merged: claims };
  let info: unknown;
  try {
    info = tokens.token_type === 'DPoP' && dpop
      ? await dpop.request(endpoint, { timeout }, tokens.access_token)
      : await requestJson(endpoint, { token: tokens.access_token, timeout });
  } catch {
    return { merged: claims };
  }
  if (!isRecord(info)) return { merged: claims };
  if (info.sub !== claims.sub) {
    return { merged: claims, warning: new DvcError('userinfo_mismatch', 'The userinfo answer is about another subject and was ignored') };
  }
  return { merged: { ...claims, ...info } };
}

/** When the access token stops being used: expires_in, else the ID token's own expiry. */
function expiryOf(tokens: TokenResponse, claims: { exp?: unknown }): number {
  if (tokens.expires_in !== undefined) return Date.now() + tokens.expires_in * 1000;
  return isFiniteNumber(claims.exp) ? claims.exp * 1000 : Date.now();
}

/**
 * Redeems the code of a checked authorization response; rejects with a DvcError and keeps nothing.
 * `lineage` names the sign-in's chain of refresh tokens; `dpop`: its DPoP key, when the page asked
 * for DPoP and the provider offers it.
 */
export async function redeemCode(
  code: string,
  tx: Transaction,
  metadata: ProviderMetadata,
  timeout: number,
  lineage: string,
  dpop?: DpopKey,
): Promise<Redemption> {
  const tokens = await exchangeCode({
    tokenEndpoint: metadata.token_endpoint,
    clientId: tx.clientId,
    code,
    redirectUri: tx.redirectUri,
    verifier: tx.verifier,
    timeout,
  }, dpop?.post ?? plainPost, Boolean(dpop));
  const claims = await verifyIdToken(tokens.id_token!, { issuer: tx.issuer, clientId: tx.clientId, nonce: tx.nonce, jwksUri: metadata.jwks_uri });
  const { merged, warning } = await withUserinfo(metadata.userinfo_endpoint, tokens, claims, timeout, dpop);
  const session: StoredSession = {
    idToken: tokens.id_token!,
    accessToken: tokens.access_token,
    expiresAt: expiryOf(tokens, claims),
    user: normaliseUser(claims.sub, merged),
    tokenType: tokens.token_type,
    signedInAt: Date.now(),
    lineage,
    nonce: tx.nonce,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
  };
  return warning ? { session, warning } : { session };
}

/**
 * RFC 6749 §6: new tokens for the session's refresh token. The renewed ID token, when there is
 * one, is verified and must name the same citizen; the citizen's details stay as they are. A
 * response without a new refresh token keeps the old one. Rejects with a DvcError.
 */
export async function renewSession(
  current: StoredSession & { refreshToken: string },
  config: { issuer: string; clientId: string; timeout: number },
  metadata: ProviderMetadata,
  dpop?: DpopKey,
): Promise<StoredSession> {
  const tokens = await refreshTokens({
    tokenEndpoint: metadata.token_endpoint,
    clientId: config.clientId,
    refreshToken: current.refreshToken,
    timeout: config.timeout,
  }, dpop?.post ?? plainPost, Boolean(dpop));
  let claims: { exp?: unknown } = {};
  if (tokens.id_token) {
    claims = await verifyIdToken(tokens.id_token, {
      issuer: config.issuer, clientId: config.clientId, nonce: current.nonce, jwksUri: metadata.jwks_uri, sub: current.user.sub,
    });
  }
  return {
    ...current,
    accessToken: tokens.access_token,
    tokenType: tokens.token_type,
    expiresAt: expiryOf(tokens, claims.exp === undefined ? { exp: Date.now() / 1000 + 300 } : claims),
    idToken: tokens.id_token ?? current.idToken,
    refreshToken: tokens.refresh_token ?? current.refreshToken,
  };
}
