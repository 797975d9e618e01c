/**
 * The signed-in session ended: the citizen signed out (here or in another tab), switched
 * account, or the session expired or failed (a `dvc-error` follows then). No detail.
 */
export class DvcLogoutEvent extends Event {
  constructor() {
    super('dvc-logout', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-logout': DvcLogoutEvent;
  }
  interface DocumentEventMap {
    'dvc-logout': DvcLogoutEvent;
  }
  interface WindowEventMap {
    'dvc-logout': DvcLogoutEvent;
  }
}
