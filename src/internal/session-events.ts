import type { SessionLike, SessionState, User } from '../auth/types.js';
import { DvcErrorEvent, errorDetail } from '../events/error.js';
import { DvcLoginEvent } from '../events/login.js';
import { DvcLogoutEvent } from '../events/logout.js';
import { errorMessage, langOf } from '../i18n/index.js';
import type { DvcError } from './errors.js';

/**
 * Turns a session's `change` events into the public events `dvc-login`, `dvc-logout` and
 * `dvc-error`, each once per transition, dispatched on the element `target()` returns at that moment.
 * The owner of the session uses one: `<dvc-portal>`, or a `<dvc-login-button>` standing alone.
 *
 * - `dvc-login` {user, restored}: on entering `signed-in` (or when the signed-in citizen changes).
 *   `restored` is the session's own flag (signed in from the tab's storage at page load, or by
 *   another tab); without one, true unless this page watched the sign-in complete (`busy` first).
 * - `dvc-logout`: on leaving `signed-in` for `signed-out` or `error` (`busy` in between is ignored).
 * - `dvc-error` {code, message, status?}: on entering `error`, once per error; also once for a
 *   `warning` of a signed-in state (e.g. `userinfo_mismatch`: signed in, userinfo ignored).
 */
export class SessionTransitions {
  private session?: SessionLike;
  private listening = false;
  private user?: User;
  private sawBusy = false;
  private error?: DvcError;
  private warning?: DvcError;

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
      this.warning = undefined;
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
        if (user && user.sub !== this.user?.sub) {
          if (this.user) this.dispatch(new DvcLogoutEvent());
          this.user = user;
          const restored = state.restored ?? !this.sawBusy;
          this.sawBusy = false;
          this.dispatch(new DvcLoginEvent({ user, restored }));
        }
        if (state.warning && state.warning !== this.warning) this.dispatchError(state.warning);
        this.warning = state.warning;
        return;
      }
      case 'signed-out':
        this.sawBusy = false;
        this.error = undefined;
        this.warning = undefined;
        this.endSignedIn();
        return;
      case 'error':
        this.sawBusy = false;
        this.warning = undefined;
        this.endSignedIn();
        if (state.error && state.error !== this.error) this.dispatchError(state.error);
        this.error = state.error;
        return;
    }
  }

  private dispatchError(error: DvcError): void {
    const target = this.target();
    target.dispatchEvent(new DvcErrorEvent(errorDetail(error, errorMessage(error.code, langOf(target)))));
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
