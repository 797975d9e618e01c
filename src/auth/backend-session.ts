// Backend mode in the page (`<dvc-portal backend="/auth">`). The site's own server
// (dvc-widgets/server, mounted at `backend`) is the OpenID client and keeps every token; the page
// learns who is signed in from GET {backend}/session and calls the API through {backend}/api with
// the HttpOnly session cookie. Nothing here ever sees a token, a code or a secret.
// Loaded only by pages that use `backend` (see page-session.ts).
// The messages of the failures the backend reports (dvc_error).
import '../i18n/signin-errors.js';
import { DvcError, toDvcError, type ErrorCode } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString, requestJson } from '../internal/http.js';
import { isSecure } from '../internal/data-config.js';
import { cleanAddressBar, readJson, tabStorage } from './page-state.js';
import type { ApiAccess, PortalConfig, SessionLike, SessionState, User } from './types.js';

export type BackendConfig = PortalConfig & { backend: string };

export interface BackendSessionOptions {
  /** Leaves the page (for the backend's login, the provider's logout); default `location.assign`. */
  navigate?: (url: string) => void;
}

/** The codes a backend may send back in the address (PRODUCT.md error codes). */
const ERROR_CODES: Record<ErrorCode, 0> = {
  network: 0,
  timeout: 0,
  http: 0,
  invalid_response: 0,
  state_mismatch: 0,
  issuer_mismatch: 0,
  authorization_denied: 0,
  id_token_invalid: 0,
  nonce_mismatch: 0,
  userinfo_mismatch: 0,
  session_expired: 0,
  otp_invalid: 0,
  otp_expired: 0,
  otp_locked: 0,
  config: 0,
};

/** Browser mode's channel: its sessions ignore these messages (they carry `backend`, no issuer). */
const CHANNEL_NAME = 'dvc-session';
/** sessionStorage marker of this tab: a sign-in under way. */
export const LOGIN_KEY = 'dvc:backend-login';
const MARKER_TTL_MS = 10 * 60 * 1000;
/** The parameter the backend's callback adds to `returnTo` when the sign-in failed. */
export const ERROR_PARAM = 'dvc_error';
/** Sent with every request to the backend that changes something; no cross-site form can send it. */
const REQUEST_HEADER = { 'x-dvc-request': '1' };
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface ChannelMessage {
  type: 'signed-in' | 'signed-out';
  backend: string;
}

const str = (value: unknown): string | undefined => (isString(value) && value.trim() ? value : undefined);

/**
 * The `user` of GET /session: the normalised citizen of browser mode. Fields of the wrong type are
 * dropped, never stringified; no `sub`, no user.
 */
function parseUser(value: unknown): User | undefined {
  if (!isRecord(value)) return undefined;
  const sub = str(value.sub);
  if (!sub) return undefined;
  const user: User = { sub, vneid: value.vneid === true, claims: isRecord(value.claims) ? value.claims : {} };
  for (const name of ['name', 'idNumber', 'legacyIdNumber', 'birthDate', 'phone', 'gender', 'idp'] as const) {
    const field = str(value[name]);
    if (field) user[name] = field;
  }
  if (value.accountType === 1 || value.accountType === 2 || value.accountType === 3) user.accountType = value.accountType;
  return user;
}

/** `expiresAt` as epoch milliseconds: a number (ms, or seconds when that small) or an ISO date; else undefined. */
function parseExpiry(value: unknown): number | undefined {
  const ms = isFiniteNumber(value) ? (value < 1e11 ? value * 1000 : value) : isString(value) ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** The page's path and query: where the backend sends the citizen back. */
const here = () => location.pathname + location.search;

/**
 * The session of a page in backend mode. States, events and error codes are browser mode's:
 * `busy` while GET {backend}/session answers, then `signed-in` (restored, unless this tab's sign-in
 * just came back), `signed-out`, or `error` (`session_expired`; `network`, `timeout`, `http`,
 * `invalid_response` with a retry). The session is checked again when the tab becomes visible,
 * when the page comes back from the back/forward cache, when the backend's `expiresAt` passes, and
 * when another tab signs in. `login`, `logout`, `switchAccount` and `completeSignIn` never reject.
 */
export class BackendSession extends EventTarget implements SessionLike {
  readonly config: BackendConfig;
  #state: SessionState = { status: 'busy' };
  readonly #navigate: (url: string) => void;
  readonly #channel: BroadcastChannel | undefined;
  #checking: Promise<void> | undefined;
  /** The state is an error of the session check (the backend could not say): a retry checks again. */
  #checkFailed = false;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: BackendConfig, options: BackendSessionOptions = {}) {
    super();
    this.config = config;
    this.#navigate = options.navigate ?? ((url) => location.assign(url));
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : undefined;
    this.#channel?.addEventListener('message', this.#handleMessage);
    document.addEventListener('visibilitychange', this.#handleVisibility);
    window.addEventListener('pageshow', this.#handlePageShow);
  }

  get state(): SessionState {
    return this.#state;
  }

  /** The cookie carries the session; the header tells the backend the page itself sent the request. */
  apiAccess(): Promise<ApiAccess | undefined> {
    return Promise.resolve(this.#state.status === 'signed-in' ? { headers: { ...REQUEST_HEADER }, credentials: 'same-origin' } : undefined);
  }

  /**
   * Goes to {backend}/login?returnTo=<this page>. After a failed session check ("Thử lại") the
   * session is checked first, and the citizen stays here when it turns out signed in after all.
   */
  async login(options: { prompt?: 'login' } = {}, returnTo = here()): Promise<void> {
    if (this.#checkFailed && this.#state.status === 'error' && (await this.#recheck()) !== 'signed-out') return;
    this.#setState({ status: 'busy' });
    this.#mark(LOGIN_KEY, {});
    const url = new URL(`${this.config.backend}/login`);
    url.searchParams.set('returnTo', returnTo);
    if (options.prompt) url.searchParams.set('prompt', options.prompt);
    this.#navigate(url.href);
  }

  /** POST {backend}/logout, then the provider's own logout when the backend names one. */
  async logout(): Promise<void> {
    const ended = await this.#endSession();
    if (ended?.url) this.#navigate(ended.url);
  }

  /**
   * Sign-out at the backend (cookie cleared, grant revoked), then a sign-in that asks who is there
   * (prompt=login), back to this page. The provider's own logout page is not visited: without an
   * ID token to hint with (none reaches the page) it would ask the citizen first, and prompt=login
   * asks for the credentials anyway.
   */
  async switchAccount(): Promise<void> {
    const returnTo = here();
    if (!(await this.#endSession())) return;
    await this.login({ prompt: 'login' }, returnTo);
  }

  /**
   * The backend's callback failed: `dvc_error=<code>` in the address becomes the error state (the
   * browser mode's message, one `dvc-error`) and leaves the address bar, other parameters kept.
   */
  completeSignIn(url: string = location.href): Promise<void> {
    this.#takeError(url);
    return Promise.resolve();
  }

  expire(): void {
    if (this.#state.status !== 'signed-in') return;
    this.#setState({ status: 'error', error: new DvcError('session_expired', 'The backend refused the session (401)', { status: 401 }) });
  }

  /** What a page load does: show a failed sign-in, or ask the backend. */
  resume(): void {
    if (this.#takeError(location.href)) return;
    void this.#check(false);
  }

  /** Asks the backend again, as when the tab becomes visible; resolves once the answer is applied. */
  refresh(): Promise<void> {
    return this.#check(true);
  }

  /** Stops listening to other tabs, the page and timers (tests; pages never need it). */
  dispose(): void {
    this.#channel?.close();
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    window.removeEventListener('pageshow', this.#handlePageShow);
    clearTimeout(this.#expiryTimer);
  }

  #takeError(url: string): boolean {
    let code: string | null;
    try {
      code = new URL(url, location.href).searchParams.get(ERROR_PARAM);
    } catch {
      return false;
    }
    if (code === null) return false;
    cleanAddressBar([ERROR_PARAM]);
    this.#take(LOGIN_KEY);
    // The backend sends the browser mode's codes; anything else (a forged link) is invalid_response.
    const known = Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : 'invalid_response';
    this.#checkFailed = false;
    this.#setState({ status: 'error', error: new DvcError(known, `The sign-in failed at the backend: ${code.slice(0, 64)}`) });
    return true;
  }

  /**
   * GET {backend}/session, one at a time. A `background` check (tab shown, timer, another tab)
   * keeps an error on screen when the answer adds nothing, so the same failure is reported once.
   */
  #check(background: boolean): Promise<void> {
    this.#checking ??= this.#fetchSession(background);
    return this.#checking;
  }

  async #recheck(): Promise<SessionState['status']> {
    await this.#check(false);
    return this.#state.status;
  }

  async #fetchSession(background: boolean): Promise<void> {
    const before = this.#state;
    // Set by login(): this check is the first since the sign-in this tab started (used once).
    const fresh = this.#take(LOGIN_KEY) !== undefined;
    let next: SessionState;
    let failed = false;
    let expiresAt: number | undefined;
    try {
      const data = await requestJson(`${this.config.backend}/session`, { credentials: 'same-origin', timeout: this.config.timeout });
      const user = isRecord(data) ? parseUser(data.user) : undefined;
      if (!user) throw new DvcError('invalid_response', `${this.config.backend}/session answered no user`);
      expiresAt = parseExpiry((data as Record<string, unknown>).expiresAt);
      next = { status: 'signed-in', user, restored: !fresh };
      if (fresh) this.#post('signed-in');
    } catch (error) {
      const e = toDvcError(error);
      if (e.code === 'http' && e.status === 401) {
        // 401 {error: "session_expired"}: the session ended; any other 401: nobody is signed in.
        const expired = isRecord(e.body) && e.body.error === 'session_expired';
        next = expired ? { status: 'error', error: new DvcError('session_expired', 'The session has ended at the backend', { status: 401 }) } : { status: 'signed-out' };
      } else {
        next = { status: 'error', error: e };
        failed = true;
      }
    }
    // Done before the state changes, so that a listener may ask again at once.
    this.#checking = undefined;
    // A sign-in, sign-out or expiry while the answer travelled knows better.
    if (this.#state !== before) return;
    this.#checkFailed = failed;
    this.#scheduleCheck(next.status === 'signed-in' ? expiresAt : undefined);
    if (background && this.#same(next)) return;
    this.#setState(next);
  }

  /** Whether `next` only repeats what is shown (the same citizen; an error over nothing new). */
  #same(next: SessionState): boolean {
    const now = this.#state;
    if (now.status === 'signed-in') return next.status === 'signed-in' && JSON.stringify(next.user) === JSON.stringify(now.user);
    if (now.status === 'error') return next.status === 'signed-out' || (next.status === 'error' && next.error?.code === now.error?.code);
    return next.status === now.status;
  }

  /** POST {backend}/logout. Resolves with the provider's logout URL (if any) once ended, or undefined when the backend did not confirm. */
  async #endSession(): Promise<{ url?: string } | undefined> {
    const previous = this.#state;
    this.#setState({ status: 'busy' });
    let data: unknown;
    try {
      data = await requestJson(`${this.config.backend}/logout`, {
        method: 'POST',
        headers: REQUEST_HEADER,
        credentials: 'same-origin',
        timeout: this.config.timeout,
      });
    } catch (error) {
      const e = toDvcError(error);
      // 401: there was no session to end.
      if (!(e.code === 'http' && e.status === 401)) {
        // The cookie is out of the page's reach and may still hold the session: say so, keep what was shown.
        this.#setState(previous.status === 'signed-in' ? { ...previous, warning: e } : { status: 'error', error: e });
        return undefined;
      }
    }
    this.#checkFailed = false;
    this.#scheduleCheck(undefined);
    this.#setState({ status: 'signed-out' });
    this.#post('signed-out');
    const url = isRecord(data) ? safeUrl(data.endSessionUrl) : undefined;
    return url ? { url } : {};
  }

  /** Checks the session again when the backend said it ends (it may renew it meanwhile). */
  #scheduleCheck(expiresAt: number | undefined): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    // An expiry already past is not checked in a loop: the next API call or visit will tell.
    if (expiresAt === undefined || expiresAt <= Date.now()) return;
    this.#expiryTimer = setTimeout(() => void this.#check(true), Math.min(expiresAt - Date.now() + 1000, MAX_DELAY_MS));
  }

  #mark(key: string, value: Record<string, unknown>): boolean {
    const storage = tabStorage();
    try {
      storage?.setItem(key, JSON.stringify({ ...value, backend: this.config.backend, at: Date.now() }));
      return storage !== undefined;
    } catch {
      return false; // quota or privacy mode
    }
  }

  /** Takes this backend's marker `key` (used once, 10 minutes at most). */
  #take(key: string): Record<string, unknown> | undefined {
    const storage = tabStorage();
    const marker = readJson(storage, key);
    if (!isRecord(marker) || marker.backend !== this.config.backend) return undefined;
    storage?.removeItem(key);
    return isFiniteNumber(marker.at) && Date.now() - marker.at < MARKER_TTL_MS ? marker : undefined;
  }

  #setState(state: SessionState): void {
    this.#state = state;
    this.dispatchEvent(new Event('change'));
  }

  #post(type: ChannelMessage['type']): void {
    const message: ChannelMessage = { type, backend: this.config.backend };
    this.#channel?.postMessage(message);
  }

  /** The cookie is the browser's, not the tab's: a sign-in or sign-out in another tab is one here too. */
  readonly #handleMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (!isRecord(message) || message.backend !== this.config.backend || this.#state.status === 'busy') return;
    if (message.type === 'signed-out') {
      this.#scheduleCheck(undefined);
      if (this.#state.status !== 'signed-out') this.#setState({ status: 'signed-out' });
    } else if (message.type === 'signed-in') {
      void this.#check(true);
    }
  };

  readonly #handleVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.#state.status !== 'busy') void this.#check(true);
  };

  /** Back from the provider or another site through the back/forward cache: ask again. */
  readonly #handlePageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.#check(this.#state.status !== 'busy');
  };
}

/** The backend's `endSessionUrl` when it is an https URL (http on localhost only): never `javascript:` or a path. */
function safeUrl(value: unknown): string | undefined {
  if (!isString(value)) return undefined;
  try {
    const url = new URL(value);
    return isSecure(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A backend session with its own navigation (tests). Call `resume()` to act on the address and ask the backend. */
export function createBackendSession(config: BackendConfig, options: BackendSessionOptions = {}): BackendSession {
  return new BackendSession(config, options);
}
