import type { SessionLike, SessionState, User } from '../../auth/types.js';
import { DvcErrorEvent, type DvcErrorDetail } from '../../events/error.js';
import { DvcLoginEvent } from '../../events/login.js';
import { DvcLogoutEvent } from '../../events/logout.js';
import { errorMessage, langOf } from '../../i18n/index.js';
import type { DvcError } from '../../internal/errors.js';

/**
 * Turns a session's `change` events into the public events `dvc-login`, `dvc-logout` and
 * `dvc-error`, each once per transition, dispatched on the element `target()` returns at that moment.
 * The owner of the session uses one: `<dvc-portal>`, or a `<dvc-login-button>` standing alone.
 *
 * - `dvc-login` {user, restored}: on entering `signed-in` (or when the signed-in citizen changes).
 *   `restored` is true unless a `busy` state was seen first, i.e. unless this page watched the
 *   sign-in complete: a session restored from the tab's storage at page load gives `restored: true`.
 * - `dvc-logout`: on leaving `signed-in` for `signed-out` or `error` (`busy` in between is ignored).
 * - `dvc-error` {code, message, status?}: on entering `error`, once per error.
 */
export class SessionTransitions {
  private session?: SessionLike;
  private listening = false;
  private user?: User;
  private sawBusy = false;
  private error?: DvcError;

  constructor(private readonly target: () => Element) {}

  /**
   * Follows `session` (or nothing). The state it is in now counts as a transition the first
   * time; resuming the same session after `pause()` only reports what changed meanwhile.
   */
  watch(session: SessionLike | undefined): void {
    if (session === this.session && (this.listening || !session)) return;
    if (session !== this.session) {
      this.pause();
      this.session = session;
      this.user = undefined;
      this.sawBusy = false;
      this.error = undefined;
    }
    if (session) {
      session.addEventListener('change', this.handleChange);
      this.listening = true;
      this.observe(session.state);
    }
  }

  /** Stops listening (the owner left the document) but remembers what was reported. */
  pause(): void {
    if (this.listening) this.session?.removeEventListener('change', this.handleChange);
    this.listening = false;
  }
  private readonly handleChange = () => {
    if (this.session) this.observe(this.session.state);
  };

  private observe(state: SessionState): void {
    switch (state.status) {
      case 'busy':
        this.sawBusy = true;
        return;
      case 'signed-in': {
        this.error = undefined;
        const user = state.user;
        if (!user || user.sub === this.user?.sub) return;
        if (this.user) this.dispatch(new DvcLogoutEvent());
        this.user = user;
        const restored = !this.sawBusy;
        this.sawBusy = false;
        this.dispatch(new DvcLoginEvent({ user, restored }));
        return;
      }
      case 'signed-out':
        this.sawBusy = false;
        this.error = undefined;
        this.endSignedIn();
        return;
      case 'error':
        this.sawBusy = false;
        this.endSignedIn();
        if (state.error && state.error !== this.error) {
          this.error = state.error;
          const target = this.target();
          const detail: DvcErrorDetail = { code: state.error.code, message: errorMessage(state.error.code, langOf(target)) };
          if (state.error.status !== undefined) detail.status = state.error.status;
          target.dispatchEvent(new DvcErrorEvent(detail));
        }
        return;
    }
  }

  private endSignedIn(): void {
    if (!this.user) return;
    this.user = undefined;
    this.dispatch(new DvcLogoutEvent());
  }

  private dispatch(event: Event): void {
    this.target().dispatchEvent(event);
  }
}

/**
 * Runs a session action (login, logout, switch account) for an element's public method. It never
 * rejects: without a session the configuration error is reported; a rejection the session did not
 * already turn into its `error` state is reported too.
 */
export async function runSessionAction(
  session: SessionLike | undefined,
  action: (session: SessionLike) => Promise<void>,
  report: (error: unknown) => void,
  configError: () => DvcError,
): Promise<void> {
  if (!session) {
    report(configError());
    return;
  }
  try {
    await action(session);
  } catch (error) {
    if (session.state.status !== 'error' || session.state.error !== error) report(error);
  }
}
