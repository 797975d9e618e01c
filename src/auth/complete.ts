// The token half of a session: code → tokens → verified ID token → userinfo → user, and the
// renewal of those tokens with the refresh token, one at a time across tabs. Loaded by dynamic import when an authorization
// response arrives or a renewal is due, so a page that only shows the session (or starts a
// sign-in: actions.ts) never downloads jose. The signed-in half (live.ts) calls it.
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, requestJson } from '../internal/http.js';
import type { AuthorizationResponse } from './callback.js';
import { normaliseUser } from './claims.js';
import { discover, type ProviderMetadata } from './discovery.js';
import type { DpopKey } from './dpop.js';
import type { AuthConfig, ChannelMessage } from './session.js';
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
 * The rest of a sign-in once session.ts has checked the authorization response and taken its
 * attempt (state, issuer, error): the provider's metadata, then the code redeemed, with a DPoP key
 * when the page asks for DPoP and the provider offers ES256 (RFC 9449 §5.1). Rejects with a
 * DvcError and keeps nothing (a new DPoP key is deleted again).
 */
export async function signIn(host: RenewalHost, response: AuthorizationResponse, tx: Transaction): Promise<Redemption> {
  const { issuer, timeout } = host.config;
  const metadata = await discover(issuer, timeout);
  if (response.iss === undefined && metadata.authorization_response_iss_parameter_supported) {
    throw new DvcError('issuer_mismatch', 'The authorization response has no iss although the provider always sends it');
  }
  if (!response.code) throw new DvcError('invalid_response', 'The authorization response has an empty code');
  const lineage = crypto.randomUUID();
  const dpop = host.config.dpop && metadata.dpop_signing_alg_values_supported?.includes('ES256') ? await host.dpop({ lineage }) : undefined;
  return redeemCode(response.code, tx, metadata, timeout, lineage, dpop).catch(async (error: unknown) => {
    await dpop?.remove();
    throw error;
  });
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

// ---- Renewal across tabs -------------------------------------------------------------------
// Loaded with the rest of the token half when a renewal is due (or another tab's renewal message
// arrives), so a page that never renews carries none of it.

/** A renewal that could not reach the provider is tried once more after this. */
export const RENEW_RETRY_MS = 1_000;
/** How long a tab that waited for another tab's renewal of the same chain waits for its tokens. */
const HANDOFF_WAIT_MS = 1500;

/** What the renewal and the sign-in's completion may see and do of one session (live.ts). */
export interface RenewalHost {
  readonly config: AuthConfig;
  /** The signed-in session's tokens, or undefined. */
  current(): StoredSession | undefined;
  /** What the tab's storage holds now (another session object of the page may have renewed). */
  stored(): StoredSession | undefined;
  due(session: StoredSession): boolean;
  /** Takes tokens another session object stored. */
  adopt(session: StoredSession): void;
  /** Takes and stores new tokens. */
  keep(session: StoredSession): void;
  /** The provider refused the renewal: signed out with session_expired. */
  refused(error: unknown): void;
  /** The provider could not be reached twice. */
  unreachable(): void;
  post(message: Pick<ChannelMessage, 'lineage' | 'from' | 'iv' | 'sealed'>): void;
  /** The DPoP key of the sign-in that `lineage` names, made when it has none. */
  dpop(session: { lineage?: string | undefined }): Promise<DpopKey>;
  /** `renewed` messages of other tabs, by the id of the refresh token they replaced. */
  readonly handoffs: Map<string, ChannelMessage>;
  readonly waiters: Map<string, () => void>;
}

const encoder = new TextEncoder();
const digest = (label: string, secret: string) => crypto.subtle.digest('SHA-256', encoder.encode(`${label}\0${secret}`));

/** The public id of a refresh token in `renewed` messages (not the token, not its key). */
async function chainId(refreshToken: string): Promise<string> {
  return Array.from(new Uint8Array(await digest('dvc-chain-id', refreshToken)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The AES-GCM key that seals a renewal's tokens for the tabs that held `refreshToken`. */
async function chainKey(refreshToken: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', await digest('dvc-chain-key', refreshToken), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** The provider could not be reached (or failed): trying again may help, unlike a refusal. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof DvcError)) return false;
  return error.code === 'network' || error.code === 'timeout' || (error.code === 'http' && (error.status === undefined || error.status >= 500 || error.status === 429));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One renewal at a time per chain of refresh tokens across the origin's tabs (Web Locks): the
 * lock is named after the chain, so tabs that hold copies of it (a duplicated tab copies
 * sessionStorage) never both send one refresh token, and tabs with chains of their own do not
 * wait for each other. Resolves true when the session's token is fresh.
 */
export async function renew(host: RenewalHost): Promise<boolean> {
  const current = host.current();
  if (!current?.refreshToken) return false;
  const locks = typeof navigator === 'object' ? navigator.locks : undefined;
  if (!locks?.request) return renewHeld(host, false);
  const name = `dvc-renew ${host.config.issuer} ${host.config.clientId} ${current.lineage ?? ''}`;
  const now = await locks.request(name, { ifAvailable: true }, async (lock) => (lock ? { fresh: await renewHeld(host, false) } : undefined));
  if (now) return now.fresh;
  // Another tab (or another session object of this page) is renewing this chain.
  return locks.request(name, () => renewHeld(host, true));
}

async function renewHeld(host: RenewalHost, waited: boolean): Promise<boolean> {
  // What the winner stored: in this tab's sessionStorage (another session object of the page)...
  const stored = host.stored();
  const mine = host.current();
  if (stored && mine && stored.lineage === mine.lineage && stored.refreshToken !== mine.refreshToken && stored.expiresAt > mine.expiresAt) {
    host.adopt(stored);
  }
  // ...or, from a tab with a copy of this chain, its message with the tokens sealed for us.
  const before = host.current();
  if (waited && before?.refreshToken && host.due(before)) await awaitHandoff(host, before.refreshToken);
  const current = host.current();
  if (!current?.refreshToken) return false;
  if (!host.due(current)) return true;
  return refresh(host, current as StoredSession & { refreshToken: string });
}

/** Sends the refresh token (once, or twice when the provider could not be reached the first time). */
async function refresh(host: RenewalHost, current: StoredSession & { refreshToken: string }): Promise<boolean> {
  const { issuer, timeout } = host.config;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const [metadata, dpop] = await Promise.all([
        discover(issuer, timeout),
        current.tokenType === 'DPoP' ? host.dpop(current) : undefined,
      ]);
      const next = await renewSession(current, host.config, metadata, dpop);
      if (host.current() !== current) return false; // signed out meanwhile: the new tokens are dropped
      host.keep(next);
      // Posted while the lock is still held, so a tab waiting for it finds the message on arrival.
      await postRenewed(host, current.refreshToken, next);
      return true;
    } catch (error) {
      if (host.current() !== current) return false;
      if (!isTransient(error)) {
        host.refused(error);
        return false;
      }
      if (attempt === 0) await pause(RENEW_RETRY_MS);
    }
  }
  // The provider could not be reached twice: the session goes on until the token really expires.
  host.unreachable();
  return false;
}

/** Tells tabs holding a copy of the used refresh token what replaced it, sealed with a key only they can derive. */
async function postRenewed(host: RenewalHost, used: string, next: StoredSession): Promise<void> {
  if (!next.lineage) return;
  try {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await chainKey(used), encoder.encode(JSON.stringify(next)));
    host.post({ lineage: next.lineage, from: await chainId(used), iv, sealed });
  } catch {
    // No WebCrypto: other tabs of the chain renew themselves.
  }
}

/** Takes the tokens a `renewed` message sealed for this tab's refresh token, if it carries them. */
export async function takeHandoff(host: RenewalHost, message: ChannelMessage): Promise<boolean> {
  const current = host.current();
  if (!current?.refreshToken || message.lineage !== current.lineage || !message.iv || !message.sealed) return false;
  if (message.from !== (await chainId(current.refreshToken))) return false;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: message.iv }, await chainKey(current.refreshToken), message.sealed);
    const next = JSON.parse(new TextDecoder().decode(plain)) as StoredSession;
    if (host.current() !== current || next.user?.sub !== current.user.sub || typeof next.refreshToken !== 'string') return false;
    host.keep({ ...next, user: current.user });
    return true;
  } catch {
    return false;
  }
}

async function awaitHandoff(host: RenewalHost, refreshToken: string): Promise<void> {
  const id = await chainId(refreshToken);
  if (!host.handoffs.has(id)) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, HANDOFF_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      host.waiters.set(id, done);
    });
    host.waiters.delete(id);
  }
  const arrived = host.handoffs.get(id);
  if (arrived) await takeHandoff(host, arrived);
}
