// The signed-in half of a browser-mode session: what keeps a session going and ends it, which a
// signed-out page never needs. session.ts loads it by dynamic import when the tab holds a session
// at page load, when a sign-in completes, or when another session object of the tab signs in: the
// renewal timer and its scheduling, the citizen's activity and the tab's return into view, API
// authorisation (with DPoP), the provider's half of a sign-out and of a switch of account, other
// tabs' renewals and refusals. The session's state, its tokens and what a signed-out page must hear
// of other tabs stay in session.ts, so the state is known at once and a failed download of this
// file loses no sign-out.
import { DvcError } from '../internal/errors.js';
import { isString } from '../internal/http.js';
import type { AuthorizationResponse } from './callback.js';
import type { RenewalHost } from './complete.js';
import type { DpopKey } from './dpop.js';
import { SWITCH_KEY, tabStorage } from './page-state.js';
import type { ChannelMessage, Session, SessionCore } from './session.js';
import { loadTokenHalf } from './token-half.js';
import type { StoredSession } from './storage.js';
import type { Transaction } from './transaction.js';
import type { ApiAccess, ApiRequest } from './types.js';

/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** A token with a refresh token is renewed when it has less than this left. */
export const RENEW_BEFORE_MS = 60_000;
/** What counts as the citizen at work (page loads and a tab coming into view count too). */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input'] as const;

/**
 * Renewal (RFC 6749 §6): shortly before the access token expires, when the citizen has been at
 * work since it was issued, and on the first API call (or input, or return to the tab) after it
 * expired. One renewal at a time per chain of refresh tokens across every tab of the origin (Web
 * Locks, complete.ts); a tab that waited uses what the winner stored. A tab nobody touches lets
 * its token lapse, so the provider's idle limit ends an abandoned session.
 */
export class Live {
  readonly #core: SessionCore;
  readonly #session: Session;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The renewal under way on this page, shared by every caller. */
  #renewing: Promise<boolean> | undefined;
  /** Set when the last renewal could not reach the provider: the session then ends with its token. */
  #unreachable = false;
  /** Epoch ms of the citizen's last input on this page (its load counts as one). */
  #lastActivity: number;
  /** When the current access token was taken into use here. */
  #tokenSince: number;
  #dpopKey: { lineage: string; key: Promise<DpopKey> } | undefined;
  readonly #host: RenewalHost;

  constructor(core: SessionCore) {
    this.#core = core;
    this.#session = core.session;
    // Input before this file arrived is not seen; the page's load, which counts as input, is.
    this.#lastActivity = this.#tokenSince = core.since;
    this.#host = this.#createHost();
    document.addEventListener('visibilitychange', this.#handleWake);
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.activity, { capture: true, passive: true });
  }

  /** Times the renewal (or the end) of the tokens in use; `adopted`: another session object of the tab got them just now. */
  start(adopted?: boolean): void {
    if (adopted) this.#tokenSince = Date.now();
    this.#schedule();
  }

  /** The tokens are gone (session.ts dropped them): no timer. */
  stop(): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
  }

  /** See Session.apiAccess. Never rejects. */
  async apiAccess(request: ApiRequest): Promise<ApiAccess | undefined> {
    const first = this.#core.current();
    if (this.#core.checkMarker() || this.#session.state.status !== 'signed-in' || !first) return undefined;
    if (this.#due(first)) await this.#renew();
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
    const current = this.#core.current();
    if (this.#session.state.status !== 'signed-in' || !current) return undefined;
    if (Date.now() < current.expiresAt) return current;
    this.#end('The access token has expired');
    return undefined;
  }

  /** Signed in here no longer, with session_expired (other tabs are not told). */
  #end(message: string): void {
    this.#core.drop();
    this.#core.setState({ status: 'error', error: new DvcError('session_expired', message) });
  }

  expire(): void {
    if (this.#session.state.status === 'signed-in') this.#end('The session has ended');
  }

  /**
   * After session.ts signed out here and in the other tabs: revocation of `current`'s tokens, then
   * the provider's logout, or for a switch of account the sign-in with prompt=login that follows it.
   */
  async leave(current: StoredSession | undefined, switching: boolean): Promise<void> {
    await this.#revoke(current);
    const storage = tabStorage();
    if (switching) storage?.setItem(SWITCH_KEY, JSON.stringify({ issuer: this.#session.config.issuer, clientId: this.#session.config.clientId, at: Date.now() }));
    const url = await this.#endSessionUrl(current?.idToken);
    if (url && (storage || !switching)) {
      this.#core.navigate(url);
      return;
    }
    if (!switching) return;
    // No RP-initiated logout at this provider: straight to a sign-in that asks who is there.
    storage?.removeItem(SWITCH_KEY);
    await this.#session.login({ prompt: 'login' });
  }

  /** The rest of a sign-in whose response session.ts has checked and whose attempt it has taken. Rejects on failure. */
  async complete(response: AuthorizationResponse, tx: Transaction): Promise<void> {
    const { session, warning } = await (await loadTokenHalf()).signIn(this.#host, response, tx);
    tabStorage()?.removeItem(SWITCH_KEY);
    this.#keep(session);
    this.#core.setState({ status: 'signed-in', user: session.user, ...(warning ? { warning } : {}) });
    this.#core.post('signed-in');
  }

  async #endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    try {
      return await (await this.#core.loadActions()).endSessionUrl(this.#session.config, idToken);
    } catch {
      return undefined; // signed out here; the provider's own session is left as it is
    }
  }

  /** RFC 7009: the refresh token (else the access token) is revoked before the provider's logout. Failures are ignored. */
  async #revoke(session: StoredSession | undefined): Promise<void> {
    if (!session) return;
    this.#forgetKey(session);
    try {
      await (await this.#core.loadActions()).revoke(this.#session.config, session);
    } catch {
      // Signed out here all the same; the provider's logout that follows ends the grant too.
    }
  }

  /** Deletes the sign-in's DPoP key (sign-out, refused renewal). */
  #forgetKey(session: StoredSession | undefined): void {
    if (session?.tokenType !== 'DPoP' || !session.lineage) return;
    const { lineage } = session;
    this.#dpopKey = undefined;
    void import('./dpop.js').then((m) => m.removeDpopKey(this.#session.config.storage, lineage), () => undefined);
  }

  /** The DPoP key of a sign-in (its lineage names it), opened once per page. */
  #dpop(session: { lineage?: string | undefined }): Promise<DpopKey> {
    const lineage = session.lineage ?? '';
    if (this.#dpopKey?.lineage !== lineage) {
      const key = import('./dpop.js').then((m) => m.openDpopKey(this.#session.config.storage, lineage));
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

  #keep(session: StoredSession): void {
    this.#core.use(session);
    this.#tokenSince = Date.now();
    this.#unreachable = false;
    this.#core.store.save(session);
    this.#schedule();
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

  /** What the renewal and the sign-in's completion (in the token half, complete.ts) may see and do of this session. */
  #createHost(): RenewalHost {
    const core = this.#core;
    return {
      config: this.#session.config,
      current: () => (this.#session.state.status === 'signed-in' ? core.current() : undefined),
      stored: () => core.store.load(),
      due: (session) => this.#due(session),
      adopt: (session) => {
        core.use(session);
        this.#tokenSince = Date.now();
        this.#schedule();
      },
      keep: (session) => this.#keep(session),
      refused: (error) => {
        // Revoked, reused, idle or absolute limit, another citizen: signed out with session_expired.
        this.#forgetKey(core.current());
        core.signOut({ status: 'error', error: new DvcError('session_expired', 'The provider refused to renew the session', { cause: error }) }, 'expired');
      },
      unreachable: () => {
        this.#unreachable = true;
        this.#schedule();
      },
      post: (message) => core.post('renewed', message),
      dpop: (session) => this.#dpop(session),
      handoffs: new Map(),
      waiters: new Map(),
    };
  }

  /**
   * The session's one timer: shortly before expiry for a renewal (only if the citizen has been at
   * work since the token was issued), and at expiry, when a session without a refresh token, or
   * whose renewal could not reach the provider, ends.
   */
  #schedule(): void {
    clearTimeout(this.#expiryTimer);
    const current = this.#core.current();
    if (!current) return;
    const now = Date.now();
    const renewAt = current.expiresAt - RENEW_BEFORE_MS;
    const at = current.refreshToken && !this.#unreachable && now < renewAt ? renewAt : current.expiresAt;
    if (at <= now && current.refreshToken && !this.#unreachable) return; // expired and idle: the next call renews
    this.#expiryTimer = setTimeout(this.#handleTimer, Math.min(Math.max(at - now, 0), MAX_DELAY_MS));
  }

  readonly #handleTimer = (): void => {
    const current = this.#core.current();
    if (!current || this.#session.state.status !== 'signed-in') return;
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

  /** The citizen typed or clicked (or the tab came back): a token that is due is renewed now (a tab waking after expiry). */
  readonly activity = (): void => {
    this.#lastActivity = Date.now();
    const current = this.#core.current();
    // After the provider could not be reached twice, only API calls try again (not every keypress).
    if (current && this.#session.state.status === 'signed-in' && this.#due(current) && !this.#renewing && !this.#unreachable) void this.#renew();
  };

  /** Back in view: signed out elsewhere meanwhile, or a token to renew. */
  readonly #handleWake = (): void => {
    if (document.visibilityState !== 'visible') return;
    if (this.#core.checkMarker()) return;
    this.activity();
  };

  /** Another tab's `renewed` or `expired` message for this client (session.ts handles the others). */
  message(message: ChannelMessage): void {
    if (message.type === 'renewed' && isString(message.from)) {
      // Another tab renewed a chain: kept for a tab waiting for the lock, taken at once by one holding the same token.
      const handoffs = this.#host.handoffs;
      handoffs.set(message.from, message);
      if (handoffs.size > 8) handoffs.delete(handoffs.keys().next().value!);
      const waiter = this.#host.waiters.get(message.from);
      const current = this.#core.current();
      if (waiter) waiter();
      else if (current?.refreshToken && message.lineage === current.lineage) void loadTokenHalf().then((m) => m.takeHandoff(this.#host, message), () => undefined);
    } else if (message.type === 'expired' && this.#session.state.status === 'signed-in') {
      this.#end('The session ended in another tab');
    }
  }

  /** Stops listening and the timer (tests; pages never need it). */
  dispose(): void {
    document.removeEventListener('visibilitychange', this.#handleWake);
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.activity, { capture: true });
    this.stop();
  }
}
