// The messages of the failures this module and those it loads can end a sign-in with.
import '../i18n/signin-errors.js';
import { DvcError, toDvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';
import { readAuthorizationResponse, type AuthorizationResponse } from './callback.js';
import type * as Actions from './actions.js';
import type * as LiveModule from './live.js';
import { loadTokenHalf } from './token-half.js';
import { CHANNEL_NAME, cleanAddressBar, readJson, sessionKey, SWITCH_KEY, tabStorage } from './page-state.js';
import { createTokenStore, signedOutMarker, type StoredSession, type TokenStore } from './storage.js';
import { hasPendingTransaction, peekTransaction, takeTransaction } from './transaction.js';
import type { ApiAccess, ApiRequest, PortalConfig, SessionLike, SessionState } from './types.js';

export type AuthConfig = PortalConfig & { issuer: string; clientId: string };

export interface SessionOptions {
  /** Leaves the page for the provider; default `location.assign`. */
  navigate?: (url: string) => void;
  /** Loads the sign-in start and the provider's half of a sign-out; default `import('./actions.js')` (tests make it fail). */
  loadActions?: () => Promise<typeof Actions>;
  /** Loads the signed-in half; default `import('./live.js')` (tests make it fail). */
  loadLive?: () => Promise<typeof LiveModule>;
}

const SWITCH_TTL_MS = 10 * 60 * 1000;

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

/** What the signed-in half (live.ts) may see and do of its session. */
export interface SessionCore {
  readonly session: Session;
  readonly store: TokenStore;
  /** When the session object was made: the page's load counts as the citizen at work. */
  readonly since: number;
  /** The tokens in use while signed in. */
  current(): StoredSession | undefined;
  /** Takes tokens into use (the store is left as it is). */
  use(session: StoredSession): void;
  /** Forgets every token, here and in the tab's storage. */
  drop(): void;
  setState(state: SessionState): void;
  /** Signed out in every tab of the origin: the marker, then `state` here and `type` to the others. */
  signOut(state: SessionState, type: ChannelMessage['type']): void;
  /** Signed out now when a sign-out in any tab came after this sign-in (the origin's marker). */
  checkMarker(): boolean;
  post(type: ChannelMessage['type'], extra?: Partial<ChannelMessage>): void;
  navigate(url: string): void;
  loadActions(): Promise<typeof Actions>;
}

/**
 * The OpenID Connect relying party of one issuer and client id: authorization code flow with
 * PKCE, ID token checks, the signed-in state, renewal with the refresh token, and sign-out across
 * the tab's siblings.
 *
 * This file holds what a signed-out page needs: the state, the sign-in start (actions.ts) and the
 * check of an authorization response, restoring the tab's stored session (signed in at once), and
 * what other tabs say of sign-in and sign-out. Keeping a session going (the renewal timer,
 * activity, API authorisation with DPoP, revocation, other tabs' renewals) is the signed-in half,
 * live.ts, loaded when there is a session: API calls, logout and a switch of account wait for it.
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
  readonly #loadLive: () => Promise<typeof LiveModule>;
  #channel: BroadcastChannel | undefined;
  /** Authorization responses already handled on this page, by state: a response is used once. */
  readonly #responses = new Map<string, Promise<void>>();
  /** The key of the origin's "signed out at" marker. */
  readonly #markerKey: string;
  /** The signed-in half once it has arrived, and its download (forgotten when it fails, to try again). */
  #live: LiveModule.Live | undefined;
  #loading: Promise<LiveModule.Live> | undefined;
  readonly #since = Date.now();

  constructor(config: AuthConfig, options: SessionOptions = {}) {
    super();
    this.config = config;
    this.#navigate = options.navigate ?? ((url) => location.assign(url));
    // Discovery, which actions.js imports, is asked for at once: it does not wait for actions.js to arrive.
    this.#loadActions = options.loadActions ?? (() => Promise.all([import('./actions.js'), import('./discovery.js')]).then(([actions]) => actions));
    this.#loadLive = options.loadLive ?? (() => import('./live.js'));
    this.#store = createTokenStore(config.storage, sessionKey(config.issuer, config.clientId));
    this.#openChannel();
    this.#markerKey = `${config.issuer} ${config.clientId}`;
    window.addEventListener('pageshow', this.#handlePageShow);
    window.addEventListener('pagehide', this.#handlePageHide);
    this.#restore();
  }

  get state(): SessionState {
    return this.#state;
  }

  /**
   * Authorises one API request: renews the access token first when it has expired or nearly has,
   * then a Bearer header, or `DPoP` with a proof for this method and URL. Undefined when nobody is
   * signed in, the renewal failed (the state says why) or the signed-in half cannot be downloaded.
   * Never rejects.
   */
  apiAccess(request: ApiRequest): Promise<ApiAccess | undefined> {
    if (this.#state.status !== 'signed-in') return Promise.resolve(undefined);
    return this.#attach().then((live) => live.apiAccess(request), () => undefined);
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

  logout(): Promise<void> {
    return this.#leave(false);
  }

  switchAccount(): Promise<void> {
    return this.#leave(true);
  }

  /**
   * Signed out here and in the other tabs at once; then the signed-in half revokes the tokens and
   * goes to the provider's logout (or, switching, to a new sign-in). A failed download of it
   * leaves the citizen signed out here, with the provider's session as it is.
   */
  async #leave(switching: boolean): Promise<void> {
    const current = this.#current;
    this.#signOut();
    await this.#attach().then((live) => live.leave(current, switching), () => undefined);
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

  /** The API refused the token: signed out here with session_expired. Only a session whose half has loaded gave out a token. */
  expire(): void {
    this.#live?.expire();
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
    void this.#loading?.then((live) => live.dispose(), () => undefined);
  }

  /** The signed-in half, downloaded once (again after a failure). */
  #attach(): Promise<LiveModule.Live> {
    return (this.#loading ??= this.#loadLive().then(
      ({ Live }) => (this.#live = new Live(this.#core())),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    ));
  }

  /** Tokens to keep going: the signed-in half times their renewal once it has arrived. */
  #start(adopted?: boolean): void {
    void this.#attach().then((live) => live.start(adopted), () => undefined);
  }

  #core(): SessionCore {
    return {
      session: this,
      store: this.#store,
      since: this.#since,
      current: () => this.#current,
      use: (session) => {
        this.#current = session;
      },
      drop: () => this.#drop(),
      setState: (state) => this.#setState(state),
      signOut: (state, type) => this.#signOut(state, type),
      checkMarker: () => this.#checkMarker(),
      post: (type, extra) => this.#post(type, extra),
      navigate: this.#navigate,
      loadActions: this.#loadActions,
    };
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
    const { issuer, clientId } = this.config;
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
      // The signed-in half, the token half (jose) and the provider's metadata, asked for at once.
      const [live] = await Promise.all([this.#attach(), loadTokenHalf(), import('./discovery.js').then((m) => m.discover(issuer, this.config.timeout))]);
      await live.complete(response, tx);
    } catch (error) {
      this.#fail(error);
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

  /** Signed in at once from the tab's storage; the signed-in half loads behind it and times the renewal. */
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
    this.#state = { status: 'signed-in', user: stored.user, restored: true };
    this.#start();
  }

  /** Forgets every token, here and in the tab's storage. */
  #drop(): void {
    this.#current = undefined;
    this.#store.clear();
    this.#live?.stop();
  }

  #signOut(state: SessionState = { status: 'signed-out' }, type: ChannelMessage['type'] = 'signed-out'): void {
    this.#drop();
    signedOutMarker.write(this.#markerKey);
    this.#setState(state);
    this.#post(type);
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

  #fail(error: unknown): void {
    this.#drop();
    this.#setState({ status: 'error', error: toDvcError(error) });
  }

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
    if (message.type === 'renewed' || message.type === 'expired') {
      // Only a tab with tokens has a renewal to take or a session to end: its signed-in half does
      // (after it has arrived: messages keep their order).
      if (this.#current) void this.#attach().then((live) => live.message(message as unknown as ChannelMessage), () => undefined);
      return;
    }
    if (this.#state.status === 'busy') return;
    if (message.type === 'signed-out') {
      this.#drop();
      if (this.#state.status !== 'signed-out') this.#setState({ status: 'signed-out' });
    } else if (message.type === 'signed-in') {
      // Another tab (or another instance in this one) signed in: this one shows what its own storage holds.
      const stored = this.#store.load();
      if (stored && stored.idToken !== this.#current?.idToken && (Date.now() < stored.expiresAt || stored.refreshToken)) {
        this.#current = stored;
        this.#setState({ status: 'signed-in', user: stored.user, restored: true });
        this.#start(true);
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
    this.#live?.activity();
    if (this.#state.status !== 'busy') return;
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
