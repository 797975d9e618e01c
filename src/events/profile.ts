import type { Profile, ProfileField } from '../api/shapes.js';

export interface DvcProfileSyncedDetail {
  /** The profile as the national population database returned it. */
  profile: Profile;
  /** The fields the sync changed (field names, e.g. `phone`, `birthPlace`); empty when nothing changed. */
  changed: ProfileField[];
}

/** Fired by `<dvc-profile-sync>` after "Cập nhật từ CSDL Quốc gia về Dân cư" succeeded. */
export class DvcProfileSyncedEvent extends CustomEvent<DvcProfileSyncedDetail> {
  constructor(detail: DvcProfileSyncedDetail) {
    super('dvc-profile-synced', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-profile-synced': DvcProfileSyncedEvent;
  }
  interface DocumentEventMap {
    'dvc-profile-synced': DvcProfileSyncedEvent;
  }
  interface WindowEventMap {
    'dvc-profile-synced': DvcProfileSyncedEvent;
  }
}
