// What a session does only when the citizen acts: the start of a sign-in (discovery, PKCE, the
// attempt kept for the round trip, the authorization URL) and the provider's half of a sign-out
// (revocation, the provider's logout URL). Loaded by dynamic import on login(), logout() and
// switchAccount() (and when the citizen points at the sign-in button), so a page that only shows
// the session carries none of it. No jose: that is the token half (complete.ts).
import { requestJson } from '../internal/http.js';
import { discover } from './discovery.js';
import { randomToken, s256 } from './pkce.js';
import type { AuthConfig } from './session.js';
import type { StoredSession } from './storage.js';
import { saveTransaction } from './transaction-write.js';

/**
 * A new authorization attempt: kept in the tab for the round trip, and the provider's
 * authorization URL for it (code flow, PKCE S256, state and nonce). Rejects when discovery fails,
 * without WebCrypto, or without sessionStorage.
 */
export async function authorizationUrl(config: AuthConfig, prompt?: 'login'): Promise<string> {
  const { issuer, clientId, redirectUri, scope, timeout } = config;
  const metadata = await discover(issuer, timeout);
  const state = randomToken();
  const nonce = randomToken();
  const verifier = randomToken();
  const challenge = await s256(verifier);
  saveTransaction({ state, nonce, verifier, redirectUri, issuer, clientId, createdAt: Date.now() });
  const url = new URL(metadata.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  if (prompt) params.prompt = prompt;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/** RFC 7009: revokes the refresh token (else the access token) when the provider has an endpoint for it. Rejects on failure. */
export async function revoke(config: AuthConfig, session: StoredSession): Promise<void> {
  const metadata = await discover(config.issuer, config.timeout);
  if (!metadata.revocation_endpoint) return;
  const [token, hint] = session.refreshToken ? [session.refreshToken, 'refresh_token'] : [session.accessToken, 'access_token'];
  await requestJson(metadata.revocation_endpoint, {
    method: 'POST',
    form: { token, token_type_hint: hint, client_id: config.clientId },
    timeout: Math.min(config.timeout, 5000),
  });
}

/** The provider's logout URL (RP-initiated logout), or undefined when it has none. Rejects when discovery fails. */
export async function endSessionUrl(config: AuthConfig, idToken: string | undefined): Promise<string | undefined> {
  const metadata = await discover(config.issuer, config.timeout);
  if (!metadata.end_session_endpoint) return undefined;
  const url = new URL(metadata.end_session_endpoint);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri ?? config.redirectUri);
  return url.href;
}
