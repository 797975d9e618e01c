export interface DvcOtpCompleteDetail {
  /** The code, digits only, exactly `length` of them. */
  code: string;
}

/** `<dvc-otp-input>` holds a whole code (typed, pasted, autofilled or read by WebOTP); once per distinct code. */
export class DvcOtpCompleteEvent extends CustomEvent<DvcOtpCompleteDetail> {
  constructor(code: string) {
    super('dvc-otp-complete', { bubbles: true, composed: true, detail: { code } });
  }
}

/**
 * The citizen asked for a new code. Cancelable: a listener that calls `preventDefault()` keeps the
 * element from starting its resend cooldown (for example when it cannot send right now).
 */
export class DvcOtpResendEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('dvc-otp-resend', { bubbles: true, composed: true, cancelable: true, detail: {} });
  }
}

declare global {
  interface HTMLElementEventMap {
    'dvc-otp-complete': DvcOtpCompleteEvent;
    'dvc-otp-resend': DvcOtpResendEvent;
  }
}
