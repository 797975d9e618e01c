import type { Dossier, PublicResult } from '../api/shapes.js';

export interface DossierSelectDetail {
  /** The chosen row as the API gave it, after shape checks. */
  dossier: Dossier | PublicResult;
  /** The table's `source`. */
  source: 'public-results' | 'mine';
}

/** Fired by `<dvc-dossier-table>` when the citizen chooses a dossier (click, Enter or Space). */
export class DvcDossierSelectEvent extends CustomEvent<DossierSelectDetail> {
  constructor(detail: DossierSelectDetail) {
    super('dvc-dossier-select', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-dossier-select': DvcDossierSelectEvent;
  }
}
