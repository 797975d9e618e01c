import { DvcError, toDvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';
import { cleanAddressBar, readAuthorizationResponse, type AuthorizationResponse } from './callback.js';
import { discover, type ProviderMetadata } from './discovery.js';
import { randomToken, s256 } from './pkce.js';
import { createTokenStore, readJson, sessionKey, tabStorage, type StoredSession, type TokenStore } from './storage.js';
import { hasPendingTransaction, peekTransaction, saveTransaction, takeTransaction } from './transaction.js';
import type { ApiAccess, ApiRequest, PortalConfig, SessionLike, SessionState } from './types.js';

export type AuthConfig = PortalConfig & { issuer: string; clientId: string };

export interface SessionOptions {
  /** Leaves the page for the provider; default `location.assign`. */
  navigate?: (url: string) => void;
}

/** The channel on which tabs of the page's origin tell each other about sign-in and sign-out. */
export const CHANNEL_NAME = 'dvc-session';
/** sessionStorage marker: a switch of account is under way (logout done, sign-in with prompt=login next). */
export const SWITCH_KEY = 'dvc:switch';
const SWITCH_TTL_MS = 10 * 60 * 1000;
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface ChannelMessage {
  type: 'signed-in' | 'signed-out';
  issuer: string;
  clientId: string;
}

/**
 * The OpenID Connect relying party of one issuer and client id: authorization code flow with
 * PKCE, ID token checks, the signed-in state, and sign-out across the tab's siblings.
 *
 * `login`, `logout`, `switchAccount` and `completeSignIn` never reject: a failure moves `state`
 * to `error` with a DvcError (and drops every token). Dispatches `change` on every state change.
 */
export class Session extends EventTarget implements SessionLike {
  readonly config: AuthConfig;
  #state: SessionState = { status: 'signed-out' };
  #current: StoredSession | undefined;
  readonly #store: TokenStore;
  readonly #navigate: (url: string) => void;
  readonly #channel: BroadcastChannel | undefined;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Authorization responses already handled on this page, by state: a response is used once. */
  readonly #responses = new Map<string, Promise<void>>();

  constructor(config: AuthConfig, options: SessionOptions = {}) {
    super();
    this.config = config;
    this.#navigate = options.navigate ?? ((url) => location.assign(url));
    this.#store = createTokenStore(config.storage, sessionKey(config.issuer, config.clientId));
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : undefined;
    this.#channel?.addEventListener('message', this.#handleMessage);
    window.addEventListener('pageshow', this.#handlePageShow);
    this.#restore();
  }

  get state(): SessionState {
    return this.#state;
  }

  /** A Bearer header with the access token while it is valid (the only way a token leaves the session). */
  apiAccess(_request: ApiRequest): Promise<ApiAccess | undefined> {
    const token = this.#accessToken();
    return Promise.resolve(token ? { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' } : undefined);
  }

  #accessToken(): string | undefined {
    const current = this.#current;
    if (this.#state.status !== 'signed-in' || !current) return undefined;
    if (Date.now() < current.expiresAt) return current.accessToken;
    // Callers may be rendering: the tokens go now, the state change is announced right after.
    this.#drop();
    this.#state = { status: 'error', error: new DvcError('session_expired', 'The access token has expired') };
    queueMicrotask(() => this.dispatchEvent(new Event('change')));
    return undefined;
  }

  async login(options: { prompt?: 'login' } = {}): Promise<void> {
    const { issuer, clientId, redirectUri, scope, timeout } = this.config;
    this.#drop();
    this.#setState({ status: 'busy' });
    try {
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
      if (options.prompt) params.prompt = options.prompt;
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      this.#navigate(url.href);
    } catch (error) {
      this.#fail(error);
    }
  }

  async logout(): Promise<void> {
    const idToken = this.#current?.idToken;
    this.#signOut();
    const url = await this.#endSessionUrl(idToken);
    if (url) this.#navigate(url);
  }

  async switchAccount(): Promise<void> {
    const idToken = this.#current?.idToken;
    this.#signOut();
    const storage = tabStorage();
    storage?.setItem(SWITCH_KEY, JSON.stringify({ issuer: this.config.issuer, clientId: this.config.clientId, at: Date.now() }));
    const url = await this.#endSessionUrl(idToken);
    if (url && storage) {
      this.#navigate(url);
      return;
    }
    // No RP-initiated logout at this provider: straight to a sign-in that asks who is there.
    storage?.removeItem(SWITCH_KEY);
    await this.login({ prompt: 'login' });
  }

  completeSignIn(url: string = location.href): Promise<void> {
    const response = readAuthorizationResponse(url);
    if (!response) return Promise.resolve();
    cleanAddressBar();
    const key = response.state ?? `no-state:${url}`;
    let pending = this.#responses.get(key);
    if (!pending) {
      pending = this.#complete(response);
      this.#responses.set(key, pending);
    }
    return pending;
  }

  expire(): void {
    if (this.#state.status !== 'signed-in') return;
    this.#drop();
    this.#setState({ status: 'error', error: new DvcError('session_expired', 'The session has ended') });
  }

  /**
   * What a page load asks of the session: completes the sign-in when the address carries an
   * authorization response for this client, or continues a switch of account.
   */
  resume(): void {
    const response = readAuthorizationResponse(location.href);
    if (response && this.#isOurs(response)) {
      void this.completeSignIn(location.href);
      return;
    }
    if (this.#takeSwitchMarker()) void this.login({ prompt: 'login' });
  }

  /** Stops listening to other tabs and timers (tests; pages never need it). */
  dispose(): void {
    this.#channel?.close();
    window.removeEventListener('pageshow', this.#handlePageShow);
    clearTimeout(this.#expiryTimer);
  }

  #isOurs(response: AuthorizationResponse): boolean {
    const { issuer, clientId } = this.config;
    if (response.state) {
      const tx = peekTransaction(response.state);
      // Unknown state: ours to reject. Another client's attempt: left to it.
      return !tx || (tx.issuer === issuer && tx.clientId === clientId);
    }
    // A `code` with neither state nor a pending attempt may be the page's own parameter.
    return response.iss === issuer || hasPendingTransaction(issuer, clientId);
  }

  async #complete(response: AuthorizationResponse): Promise<void> {
    const { issuer, clientId, timeout } = this.config;
    this.#drop();
    this.#setState({ status: 'busy' });
    try {
      if (!response.state) throw new DvcError('state_mismatch', 'The authorization response has no state');
      // Deleted before anything else: a replayed response finds nothing and makes no token request.
      const tx = takeTransaction(response.state, issuer, clientId);
      if (!tx) throw new DvcError('state_mismatch', 'The authorization response matches no sign-in attempt of this tab');
      if (response.iss !== undefined && response.iss !== issuer) {
        throw new DvcError('issuer_mismatch', `The authorization response comes from ${JSON.stringify(response.iss)}, not ${JSON.stringify(issuer)}`);
      }
      if (response.error !== undefined) {
        const description = response.errorDescription ? `: ${response.errorDescription}` : '';
        throw new DvcError('authorization_denied', `The provider answered ${response.error}${description}`);
      }
      // The token half (jose) loads while discovery answers.
      const loading = import('./complete.js');
      loading.catch(() => undefined);
      const metadata = await discover(issuer, timeout);
      if (response.iss === undefined && metadata.authorization_response_iss_parameter_supported) {
        throw new DvcError('issuer_mismatch', 'The authorization response has no iss although the provider always sends it');
      }
      if (!response.code) throw new DvcError('invalid_response', 'The authorization response has an empty code');
      const { redeemCode } = await loading;
      const { session, warning } = await redeemCode(response.code, tx, metadata, timeout);
      tabStorage()?.removeItem(SWITCH_KEY);
      this.#keep(session);
      this.#setState({ status: 'signed-in', user: session.user, ...(warning ? { warning } : {}) });
      this.#post('signed-in');
    } catch (error) {
      this.#fail(error);
    }
  }

  async #endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    let metadata: ProviderMetadata;
    try {
      metadata = await discover(this.config.issuer, this.config.timeout);
    } catch {
      return undefined; // signed out here; the provider's own session is left as it is
    }
    if (!metadata.end_session_endpoint) return undefined;
    const url = new URL(metadata.end_session_endpoint);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('post_logout_redirect_uri', this.config.postLogoutRedirectUri ?? this.config.redirectUri);
    return url.href;
  }

  #takeSwitchMarker(): boolean {
    const storage = tabStorage();
    if (!storage?.getItem(SWITCH_KEY)) return false;
    const marker = readJson(storage, SWITCH_KEY);
    if (!isRecord(marker)) {
      storage.removeItem(SWITCH_KEY);
      return false;
    }
    if (isString(marker.issuer) && (marker.issuer !== this.config.issuer || marker.clientId !== this.config.clientId)) {
      return false; // another client's switch
    }
    storage.removeItem(SWITCH_KEY);
    return isFiniteNumber(marker.at) && Date.now() - marker.at < SWITCH_TTL_MS;
  }

  #restore(): void {
    const stored = this.#store.load();
    if (!stored) return;
    if (Date.now() >= stored.expiresAt) {
      this.#store.clear();
      this.#state = { status: 'error', error: new DvcError('session_expired', 'The session stored in this tab has expired') };
      return;
    }
    this.#current = stored;
    this.#scheduleExpiry(stored.expiresAt);
    this.#state = { status: 'signed-in', user: stored.user, restored: true };
  }

  #keep(session: StoredSession): void {
    this.#current = session;
    this.#store.save(session);
    this.#scheduleExpiry(session.expiresAt);
  }

  /** Forgets every token, here and in the tab's storage. */
  #drop(): void {
    this.#current = undefined;
    this.#store.clear();
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
  }

  #signOut(): void {
    this.#drop();
    this.#setState({ status: 'signed-out' });
    this.#post('signed-out');
  }

  #fail(error: unknown): void {
    this.#drop();
    this.#setState({ status: 'error', error: toDvcError(error) });
  }

  #scheduleExpiry(expiresAt: number): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = setTimeout(() => this.expire(), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_DELAY_MS));
  }

  #setState(state: SessionState): void {
    this.#state = state;
    this.dispatchEvent(new Event('change'));
  }

  #post(type: ChannelMessage['type']): void {
    const message: ChannelMessage = { type, issuer: this.config.issuer, clientId: this.config.clientId };
    this.#channel?.postMessage(message);
  }

  readonly #handleMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (!isRecord(message) || message.issuer !== this.config.issuer || message.clientId !== this.config.clientId) return;
    if (this.#state.status === 'busy') return;
    if (message.type === 'signed-out') {
      this.#drop();
      if (this.#state.status !== 'signed-out') this.#setState({ status: 'signed-out' });
    } else if (message.type === 'signed-in') {
      // Another tab (or another instance in this one) signed in: this one shows what its own storage holds.
      const stored = this.#store.load();
      if (stored && stored.idToken !== this.#current?.idToken && Date.now() < stored.expiresAt) {
        this.#current = stored;
        this.#scheduleExpiry(stored.expiresAt);
        this.#setState({ status: 'signed-in', user: stored.user, restored: true });
      } else if (!stored && this.#state.status === 'signed-in') {
        this.#drop();
        this.#setState({ status: 'signed-out' });
      }
    }
  };

  /** Back from the provider through the back/forward cache: the sign-in that was under way is not. */
  readonly #handlePageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || this.#state.status !== 'busy') return;
    this.#setState(this.#current ? { status: 'signed-in', user: this.#current.user } : { status: 'signed-out' });
  };
}

const sessions = new Map<string, Session>();

/**
 * The page's one session for an issuer, client id and storage mode. When first created it
 * completes a sign-in if the address carries an authorization response, or continues a switch
 * of account, so `<dvc-portal>` and a widget standing alone both get that for free.
 */
export function getSession(config: AuthConfig): SessionLike {
  const key = JSON.stringify([config.issuer, config.clientId, config.storage]);
  let session = sessions.get(key);
  if (!session) {
    session = new Session(config);
    sessions.set(key, session);
    session.resume();
  }
  return session;
}

/** A session outside the page's registry, with injectable navigation (tests). Call `resume()` to act on the address. */
export function createSession(config: AuthConfig, options: SessionOptions = {}): Session {
  return new Session(config, options);
}
