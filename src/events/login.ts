import type { User } from '../auth/types.js';

export interface DvcLoginDetail {
  /** The signed-in citizen (normalised claims; never a token). */
  user: User;
  /**
   * True when the sign-in was not watched completing on this page: a session restored from the
   * tab's storage at page load (multi-page agency sites), or restored by another means. False right
   * after the authorization response was processed.
   */
  restored: boolean;
}

/** A citizen is signed in. */
export class DvcLoginEvent extends CustomEvent<DvcLoginDetail> {
  constructor(detail: DvcLoginDetail) {
    super('dvc-login', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-login': DvcLoginEvent;
  }
  interface DocumentEventMap {
    'dvc-login': DvcLoginEvent;
  }
  interface WindowEventMap {
    'dvc-login': DvcLoginEvent;
  }
}
