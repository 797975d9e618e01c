import { DvcError, toDvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';
import { cleanAddressBar, readAuthorizationResponse, type AuthorizationResponse } from './callback.js';
import type * as Actions from './actions.js';
import type { RenewalHost } from './complete.js';
import type { DpopKey } from './dpop.js';
import { createTokenStore, readJson, sessionKey, signedOutMarker, tabStorage, type StoredSession, type TokenStore } from './storage.js';
import { hasPendingTransaction, peekTransaction, takeTransaction } from './transaction.js';
import type { ApiAccess, ApiRequest, PortalConfig, SessionLike, SessionState } from './types.js';

export type AuthConfig = PortalConfig & { issuer: string; clientId: string };

export interface SessionOptions {
  /** Leaves the page for the provider; default `location.assign`. */
  navigate?: (url: string) => void;
  /** Loads the sign-in start and the provider's half of a sign-out; default `import('./actions.js')` (tests make it fail). */
  loadActions?: () => Promise<typeof Actions>;
}

/** The channel on which tabs of the page's origin tell each other about sign-in and sign-out. */
export const CHANNEL_NAME = 'dvc-session';
/** sessionStorage marker: a switch of account is under way (logout done, sign-in with prompt=login next). */
export const SWITCH_KEY = 'dvc:switch';
const SWITCH_TTL_MS = 10 * 60 * 1000;
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** A token with a refresh token is renewed when it has less than this left. */
export const RENEW_BEFORE_MS = 60_000;
/** What counts as the citizen at work (page loads and a tab coming into view count too). */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input'] as const;

export interface ChannelMessage {
  /**
   * `expired`: the provider refused a renewal (the grant is over for every tab);
   * `renewed`: a renewal of chain `lineage` replaced the refresh token whose id is `from`; the new
   * tokens are sealed with a key only a holder of that (now used) refresh token can derive.
   */
  type: 'signed-in' | 'signed-out' | 'expired' | 'renewed';
  issuer: string;
  clientId: string;
  lineage?: string;
  from?: string;
  iv?: Uint8Array<ArrayBuffer>;
  sealed?: ArrayBuffer;
}

/**
 * The OpenID Connect relying party of one issuer and client id: authorization code flow with
 * PKCE, ID token checks, the signed-in state, renewal with the refresh token, and sign-out across
 * the tab's siblings.
 *
 * Renewal (RFC 6749 §6): shortly before the access token expires, when the citizen has been at
 * work since it was issued, and on the first API call (or input, or return to the tab) after it
 * expired. One renewal at a time per chain of refresh tokens across every tab of the origin (Web
 * Locks); a tab that waited uses what the winner stored. A tab nobody touches lets its token
 * lapse, so the provider's idle limit ends an abandoned session.
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
  readonly #loadActions: () => Promise<typeof Actions>;
  #channel: BroadcastChannel | undefined;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Authorization responses already handled on this page, by state: a response is used once. */
  readonly #responses = new Map<string, Promise<void>>();
  /** The renewal under way on this page, shared by every caller. */
  #renewing: Promise<boolean> | undefined;
  /** Set when the last renewal could not reach the provider: the session then ends with its token. */
  #unreachable = false;
  /** Epoch ms of the citizen's last input on this page (its load counts as one). */
  #lastActivity = Date.now();
  /** When the current access token was taken into use here. */
  #tokenSince = Date.now();
  #dpopKey: { lineage: string; key: Promise<DpopKey> } | undefined;
  /** The key of the origin's "signed out at" marker. */
  readonly #markerKey: string;
  readonly #host: RenewalHost;

  constructor(config: AuthConfig, options: SessionOptions = {}) {
    super();
    this.config = config;
    this.#host = this.#createHost();
    this.#navigate = options.navigate ?? ((url) => location.assign(url));
    // Discovery, which actions.js imports, is asked for at once: it does not wait for actions.js to arrive.
    this.#loadActions = options.loadActions ?? (() => Promise.all([import('./actions.js'), import('./discovery.js')]).then(([actions]) => actions));
    this.#store = createTokenStore(config.storage, sessionKey(config.issuer, config.clientId));
    this.#openChannel();
    this.#markerKey = `${config.issuer} ${config.clientId}`;
    window.addEventListener('pageshow', this.#handlePageShow);
    window.addEventListener('pagehide', this.#handlePageHide);
    document.addEventListener('visibilitychange', this.#handleWake);
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.#handleActivity, { capture: true, passive: true });
    this.#restore();
  }

  get state(): SessionState {
    return this.#state;
  }

  /**
   * Authorises one API request: renews the access token first when it has expired or nearly has,
   * then a Bearer header, or `DPoP` with a proof for this method and URL. Undefined when nobody is
   * signed in or the renewal failed (the state says why). Never rejects.
   */
  async apiAccess(request: ApiRequest): Promise<ApiAccess | undefined> {
    if (this.#checkMarker() || this.#state.status !== 'signed-in' || !this.#current) return undefined;
    if (this.#due(this.#current)) await this.#renew();
    const current = this.#usable();
    if (!current) return undefined;
    if (current.tokenType !== 'DPoP') return { headers: { authorization: `Bearer ${current.accessToken}` }, credentials: 'omit' };
    try {
      const key = await this.#dpop(current);
      return { headers: { authorization: `DPoP ${current.accessToken}`, dpop: await key.proof(request.method, request.url, current.accessToken) }, credentials: 'omit' };
    } catch {
      return undefined; // no key (IndexedDB refused): the API would refuse the token without a proof
    }
  }

  /** The current tokens while the access token is valid; an expired one ends the session. */
  #usable(): StoredSession | undefined {
    const current = this.#current;
    if (this.#state.status !== 'signed-in' || !current) return undefined;
    if (Date.now() < current.expiresAt) return current;
    this.#drop();
    this.#setState({ status: 'error', error: new DvcError('session_expired', 'The access token has expired') });
    return undefined;
  }

  async login(options: { prompt?: 'login' } = {}): Promise<void> {
    this.#drop();
    this.#setState({ status: 'busy' });
    try {
      // The sign-in start loads on demand; a failed download is a network error ("Thử lại" loads it again).
      const { authorizationUrl } = await this.#loadActions();
      this.#navigate(await authorizationUrl(this.config, options.prompt));
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Loads the sign-in start ahead of the click; a failure is left for login() to report. */
  prepare(): void {
    this.#loadActions().catch(() => undefined);
  }

  async logout(): Promise<void> {
    const current = this.#current;
    this.#signOut();
    await this.#revoke(current);
    const url = await this.#endSessionUrl(current?.idToken);
    if (url) this.#navigate(url);
  }

  async switchAccount(): Promise<void> {
    const current = this.#current;
    const idToken = current?.idToken;
    this.#signOut();
    await this.#revoke(current);
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
    window.removeEventListener('pagehide', this.#handlePageHide);
    document.removeEventListener('visibilitychange', this.#handleWake);
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.#handleActivity, { capture: true });
    clearTimeout(this.#expiryTimer);
  }

  #openChannel(): void {
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : undefined;
    this.#channel?.addEventListener('message', this.#handleMessage);
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
      const metadata = await import('./discovery.js').then((m) => m.discover(issuer, timeout));
      if (response.iss === undefined && metadata.authorization_response_iss_parameter_supported) {
        throw new DvcError('issuer_mismatch', 'The authorization response has no iss although the provider always sends it');
      }
      if (!response.code) throw new DvcError('invalid_response', 'The authorization response has an empty code');
      const { redeemCode } = await loading;
      const lineage = crypto.randomUUID();
      // DPoP only when the page asks for it and the provider offers ES256 (RFC 9449 §5.1).
      const dpop = this.config.dpop && metadata.dpop_signing_alg_values_supported?.includes('ES256')
        ? await this.#dpop({ lineage })
        : undefined;
      const { session, warning } = await redeemCode(response.code, tx, metadata, timeout, lineage, dpop).catch(async (error: unknown) => {
        await dpop?.remove();
        throw error;
      });
      tabStorage()?.removeItem(SWITCH_KEY);
      this.#keep(session);
      this.#setState({ status: 'signed-in', user: session.user, ...(warning ? { warning } : {}) });
      this.#post('signed-in');
    } catch (error) {
      this.#fail(error);
    }
  }

  async #endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    try {
      return await (await this.#loadActions()).endSessionUrl(this.config, idToken);
    } catch {
      return undefined; // signed out here; the provider's own session is left as it is
    }
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
    if (this.#signedOutSince(stored)) {
      this.#store.clear();
      return;
    }
    // An expired token with a refresh token is renewed by the first call; without one the session is over.
    if (Date.now() >= stored.expiresAt && !stored.refreshToken) {
      this.#store.clear();
      this.#state = { status: 'error', error: new DvcError('session_expired', 'The session stored in this tab has expired') };
      return;
    }
    this.#current = stored;
    this.#schedule();
    this.#state = { status: 'signed-in', user: stored.user, restored: true };
  }

  #keep(session: StoredSession): void {
    this.#current = session;
    this.#tokenSince = Date.now();
    this.#unreachable = false;
    this.#store.save(session);
    this.#schedule();
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
    signedOutMarker.write(this.#markerKey);
    this.#setState({ status: 'signed-out' });
    this.#post('signed-out');
  }

  /** A sign-out of this client in any tab since `session` signed in (the origin's marker). */
  #signedOutSince(session: StoredSession): boolean {
    const at = signedOutMarker.read(this.#markerKey);
    return at !== undefined && at >= (session.signedInAt ?? 0);
  }

  /** A tab that slept through the sign-out message (or came back from the back/forward cache) signs out now. */
  #checkMarker(): boolean {
    const current = this.#current;
    if (!current || !this.#signedOutSince(current)) return false;
    this.#drop();
    this.#setState({ status: 'signed-out' });
    return true;
  }

  /** RFC 7009: the refresh token (else the access token) is revoked before the provider's logout. Failures are ignored. */
  async #revoke(session: StoredSession | undefined): Promise<void> {
    if (!session) return;
    this.#forgetKey(session);
    try {
      await (await this.#loadActions()).revoke(this.config, session);
    } catch {
      // Signed out here all the same; the provider's logout that follows ends the grant too.
    }
  }

  /** Deletes the sign-in's DPoP key (sign-out, refused renewal). */
  #forgetKey(session: StoredSession | undefined): void {
    if (session?.tokenType !== 'DPoP' || !session.lineage) return;
    const { lineage } = session;
    this.#dpopKey = undefined;
    void import('./dpop.js').then((m) => m.removeDpopKey(this.config.storage, lineage), () => undefined);
  }

  /** The DPoP key of a sign-in (its lineage names it), opened once per page. */
  #dpop(session: { lineage?: string | undefined }): Promise<DpopKey> {
    const lineage = session.lineage ?? '';
    if (this.#dpopKey?.lineage !== lineage) {
      const key = import('./dpop.js').then((m) => m.openDpopKey(this.config.storage, lineage));
      key.catch(() => {
        if (this.#dpopKey?.key === key) this.#dpopKey = undefined;
      });
      this.#dpopKey = { lineage, key };
    }
    return this.#dpopKey.key;
  }

  #due(session: StoredSession): boolean {
    return Boolean(session.refreshToken) && Date.now() >= session.expiresAt - RENEW_BEFORE_MS;
  }

  /** One renewal at a time on this page; callers share it. Resolves true when the token is fresh. */
  #renew(): Promise<boolean> {
    this.#renewing ??= loadTokenHalf()
      .then((m) => m.renew(this.#host), () => false)
      .finally(() => {
        this.#renewing = undefined;
      });
    return this.#renewing;
  }

  /** What the renewal (in the token half, complete.ts) may see and do of this session. */
  #createHost(): RenewalHost {
    return {
      config: this.config,
      current: () => (this.#state.status === 'signed-in' ? this.#current : undefined),
      stored: () => this.#store.load(),
      due: (session) => this.#due(session),
      adopt: (session) => {
        this.#current = session;
        this.#tokenSince = Date.now();
        this.#schedule();
      },
      keep: (session) => this.#keep(session),
      refused: (error) => this.#refused(error),
      unreachable: () => {
        this.#unreachable = true;
        this.#schedule();
      },
      post: (message) => this.#post('renewed', message),
      dpop: (session) => this.#dpop(session),
      handoffs: new Map(),
      waiters: new Map(),
    };
  }

  /** A refused renewal (revoked, reused, idle or absolute limit, another citizen): signed out with session_expired. */
  #refused(error: unknown): void {
    const current = this.#current;
    this.#drop();
    signedOutMarker.write(this.#markerKey);
    this.#forgetKey(current);
    this.#setState({ status: 'error', error: new DvcError('session_expired', 'The provider refused to renew the session', { cause: error }) });
    this.#post('expired');
  }

  #fail(error: unknown): void {
    this.#drop();
    this.#setState({ status: 'error', error: toDvcError(error) });
  }

  /**
   * The session's one timer: shortly before expiry for a renewal (only if the citizen has been at
   * work since the token was issued), and at expiry, when a session without a refresh token, or
   * whose renewal could not reach the provider, ends.
   */
  #schedule(): void {
    clearTimeout(this.#expiryTimer);
    const current = this.#current;
    if (!current) return;
    const now = Date.now();
    const renewAt = current.expiresAt - RENEW_BEFORE_MS;
    const at = current.refreshToken && !this.#unreachable && now < renewAt ? renewAt : current.expiresAt;
    if (at <= now && current.refreshToken && !this.#unreachable) return; // expired and idle: the next call renews
    this.#expiryTimer = setTimeout(this.#handleTimer, Math.min(Math.max(at - now, 0), MAX_DELAY_MS));
  }

  readonly #handleTimer = (): void => {
    const current = this.#current;
    if (!current || this.#state.status !== 'signed-in') return;
    const now = Date.now();
    if (now >= current.expiresAt && (!current.refreshToken || this.#unreachable)) {
      this.expire();
      return;
    }
    if (current.refreshToken && this.#due(current) && this.#lastActivity >= this.#tokenSince) {
      void this.#renew().then(() => this.#schedule());
      return;
    }
    this.#schedule();
  };

  /** The citizen typed or clicked: a token that is due is renewed now (a tab waking after expiry). */
  readonly #handleActivity = (): void => {
    this.#lastActivity = Date.now();
    const current = this.#current;
    // After the provider could not be reached twice, only API calls try again (not every keypress).
    if (current && this.#state.status === 'signed-in' && this.#due(current) && !this.#renewing && !this.#unreachable) void this.#renew();
  };

  /** Back in view: signed out elsewhere meanwhile, or a token to renew. */
  readonly #handleWake = (): void => {
    if (document.visibilityState !== 'visible') return;
    if (this.#checkMarker()) return;
    this.#handleActivity();
  };

  #setState(state: SessionState): void {
    this.#state = state;
    this.dispatchEvent(new Event('change'));
  }

  #post(type: ChannelMessage['type'], extra: Partial<ChannelMessage> = {}): void {
    const message: ChannelMessage = { type, issuer: this.config.issuer, clientId: this.config.clientId, ...extra };
    try {
      this.#channel?.postMessage(message);
    } catch {
      // Closed (disposed): nobody is listening through it.
    }
  }

  readonly #handleMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (!isRecord(message) || message.issuer !== this.config.issuer || message.clientId !== this.config.clientId) return;
    if (message.type === 'renewed' && isString(message.from)) {
      // Another tab renewed a chain: kept for a tab waiting for the lock, taken at once by one holding the same token.
      const renewed = message as unknown as ChannelMessage;
      this.#host.handoffs.set(renewed.from!, renewed);
      if (this.#host.handoffs.size > 8) this.#host.handoffs.delete(this.#host.handoffs.keys().next().value!);
      const waiter = this.#host.waiters.get(renewed.from!);
      if (waiter) waiter();
      else if (this.#current?.refreshToken && renewed.lineage === this.#current.lineage) void loadTokenHalf().then((m) => m.takeHandoff(this.#host, renewed), () => undefined);
      return;
    }
    if (this.#state.status === 'busy') return;
    if (message.type === 'expired') {
      if (this.#state.status !== 'signed-in') return;
      this.#drop();
      this.#setState({ status: 'error', error: new DvcError('session_expired', 'The session ended in another tab') });
      return;
    }
    if (message.type === 'signed-out') {
      this.#drop();
      if (this.#state.status !== 'signed-out') this.#setState({ status: 'signed-out' });
    } else if (message.type === 'signed-in') {
      // Another tab (or another instance in this one) signed in: this one shows what its own storage holds.
      const stored = this.#store.load();
      if (stored && stored.idToken !== this.#current?.idToken && (Date.now() < stored.expiresAt || stored.refreshToken)) {
        this.#current = stored;
        this.#tokenSince = Date.now();
        this.#schedule();
        this.#setState({ status: 'signed-in', user: stored.user, restored: true });
      } else if (!stored && this.#state.status === 'signed-in') {
        this.#drop();
        this.#setState({ status: 'signed-out' });
      }
    }
  };

  /**
   * Into the back/forward cache: the channel is closed meanwhile (a message to a cached page
   * would make the browser throw the page away); the marker tells the page what it missed.
   */
  readonly #handlePageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted || !this.#channel) return;
    this.#channel.close();
    this.#channel = undefined;
  };

  /**
   * Back through the back/forward cache: signed out meanwhile (the marker says so even when this
   * page was frozen through the message), or back from the provider with a sign-in that is not
   * under way any more.
   */
  readonly #handlePageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    if (!this.#channel) this.#openChannel();
    if (this.#checkMarker()) return;
    this.#handleActivity();
    if (this.#state.status !== 'busy') return;
    this.#setState(this.#current ? { status: 'signed-in', user: this.#current.user } : { status: 'signed-out' });
  };
}

/** The token half with discovery, which it imports, asked for at once (not one after the other). */
const loadTokenHalf = () => Promise.all([import('./complete.js'), import('./discovery.js')]).then(([half]) => half);

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
