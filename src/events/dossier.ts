import type { Dossier, PublicResult } from '../api/shapes.js';

export interface DossierSelectDetail {
  /** The chosen row (or look-up result) as the API gave it, after shape checks. */
  dossier: Dossier | PublicResult;
  /** Where it was chosen: the table's `source`, or `lookup` for the "Tra cứu" result. */
  source: 'public-results' | 'mine' | 'lookup';
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
