import type { DvcError, ErrorCode } from '../internal/errors.js';

export interface DvcErrorDetail {
  code: ErrorCode;
  message: string;
  status?: number;
}

/** Fired by every element when something fails; `message` is the text the widget shows. */
export class DvcErrorEvent extends CustomEvent<DvcErrorDetail> {
  constructor(detail: DvcErrorDetail) {
    super('dvc-error', { bubbles: true, composed: true, detail });
  }
}

/** The detail of a `dvc-error` for `error`, with the text the widget shows. */
export const errorDetail = ({ code, status }: DvcError, message: string): DvcErrorDetail =>
  status === undefined ? { code, message } : { code, message, status };

declare global {
  interface HTMLElementEventMap {
    'dvc-error': DvcErrorEvent;
  }
}
