import type { User } from '../auth/types.js';

export interface DvcProfileRequestDetail {
  user: User;
}

/**
 * The citizen chose "Thông tin cá nhân" in the login button's menu: the agency page shows its
 * profile panel (for example `<dvc-profile-sync>`).
 */
export class DvcProfileRequestEvent extends CustomEvent<DvcProfileRequestDetail> {
  constructor(detail: DvcProfileRequestDetail) {
    super('dvc-profile-request', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-profile-request': DvcProfileRequestEvent;
  }
  interface DocumentEventMap {
    'dvc-profile-request': DvcProfileRequestEvent;
  }
  interface WindowEventMap {
    'dvc-profile-request': DvcProfileRequestEvent;
  }
}
