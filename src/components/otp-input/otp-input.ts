import { html, nothing, type PropertyValues } from 'lit';
import { CountdownController, formatMinutesSeconds, type Clock } from '../../controllers/countdown.js';
import { DvcOtpCompleteEvent, DvcOtpResendEvent } from '../../events/otp.js';
import { errorMessage, fill, formatNumber, type ErrorCatalogue } from '../../i18n/index.js';
import { otpErrors } from '../../i18n/otp-errors.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { maskPhone } from '../../validation/mask.js';
import { messages } from './otp-input.messages.js';
import { styles } from './otp-input.styles.js';

const DEFAULT_LENGTH = 6;
const DEFAULT_RESEND_AFTER = 60;
const DEFAULT_MAX_ATTEMPTS = 5;

/** Spaces and hyphens are how codes are grouped in messages ("123 456", "123-456"): dropped silently. */
const SEPARATORS = /[\s-]+/g;

/** Splits text into its digits and whether anything other than digits and separators was in it. */
function digitsOf(text: string): { digits: string; rejected: boolean } {
  const cleaned = text.replace(SEPARATORS, '');
  const digits = cleaned.replace(/\D+/g, '');
  return { digits, rejected: digits.length !== cleaned.length };
}


interface Selection {
  start: number;
  end: number;
}

/**
 * A one-time code entry: one real `<input>` (autocomplete `one-time-code`, numeric keyboard) drawn
 * as `length` boxes. Typing overwrites the digit under the caret; Backspace, Delete, arrow keys,
 * Home and End work as in any text field; paste and autofill take the whole code, spaces and
 * hyphens dropped, other characters refused with a message. Reads the code from the SMS by WebOTP
 * where the browser has it. Form-associated: works inside a native `<form>` with `name`,
 * `required`, `disabled` and constraint validation; Enter submits the form.
 *
 * The expiry countdown ("Mã hết hạn sau 04:59") and the resend cooldown ("Gửi lại mã sau 59 giây")
 * tick every second on screen; screen readers hear them politely at the start, every minute, at
 * 30 s and 10 s, at expiry and when a new code can be requested.
 *
 * @attr name - Form field name.
 * @attr length - Number of digits (default 6).
 * @attr required - The form cannot be submitted without a whole code.
 * @attr disabled - Nothing can be typed or requested.
 * @attr label - Visible label; default "Mã OTP" / "One-time code".
 * @attr expires-at - When the code expires: ISO 8601 time or epoch milliseconds.
 * @attr expires-in - Seconds until the code expires, counted from when it is set (or `restart()`).
 * @attr resend-after - Seconds before a new code can be requested (default 60).
 * @attr attempts-left - Wrong tries the server still allows; shown as "Còn 3 lần thử".
 * @attr max-attempts - Wrong tries allowed in all (default 5), for the locked message.
 * @attr locked - Too many wrong tries: input disabled, no resend until the attribute is removed.
 * @attr expired - The server says the code expired (the countdown also sets the expired state).
 * @attr invalid - The server rejected the code; cleared as soon as the citizen edits it.
 * @attr masked-phone - The masked number the code went to ("******123").
 *
 * @prop {string} value - The digits entered.
 * @prop {Clock} clock - The clock of the countdowns (tests inject one).
 *
 * @fires dvc-otp-complete - `length` digits are in, once per distinct code; detail `{code}`.
 * @fires dvc-otp-resend - The citizen asked for a new code; cancel it to keep the cooldown from starting.
 * @fires input - The value changed by the citizen.
 * @fires change - The value was committed (on blur).
 *
 * @csspart base - The outer wrapper.
 * @csspart label - The label.
 * @csspart hint - "Mã OTP đã được gửi đến số điện thoại ******123".
 * @csspart field - The row of boxes with the input over it.
 * @csspart box - One digit box.
 * @csspart input - The real input (transparent, over the boxes).
 * @csspart message - Errors and notices (a polite live region).
 * @csspart countdown - The expiry countdown.
 * @csspart attempts - "Còn 3 lần thử".
 * @csspart resend - The resend button.
 *
 * @cssprop --dvc-primary - Accent colour (active box, button). Default #1a56a8.
 * @cssprop --dvc-danger - Error colour. Default #b42318.
 * @cssprop --dvc-text - Text colour.
 * @cssprop --dvc-focus-color - Focus ring (on the box under the caret).
 * @cssprop --dvc-radius - Corner radius.
 * @cssprop --dvc-font-family - Font.
 * @cssprop --dvc-otp-box-border - Box border colour (default #6b7785, 4.6:1 on white).
 * @cssprop --dvc-otp-box-size - Width of one box (default 3rem; never below 44px).
 * @cssprop --dvc-otp-gap - Space between boxes.
 */
export class DvcOtpInput extends DvcElement {
  protected static override errorCatalogue: ErrorCatalogue = otpErrors;
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = { ...DvcElement.shadowRootOptions, delegatesFocus: true };
  static override styles = styles;
  static override properties = {
    ...DvcElement.properties,
    name: { reflect: true },
    value: { attribute: false },
    length: { type: Number, reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    label: {},
    expiresAt: { attribute: 'expires-at' },
    expiresIn: { attribute: 'expires-in', type: Number },
    resendAfter: { attribute: 'resend-after', type: Number },
    attemptsLeft: { attribute: 'attempts-left', type: Number },
    maxAttempts: { attribute: 'max-attempts', type: Number },
    locked: { type: Boolean, reflect: true },
    expired: { type: Boolean, reflect: true },
    invalid: { type: Boolean, reflect: true },
    maskedPhone: { attribute: 'masked-phone' },
    formDisabled: { state: true },
    notice: { state: true },
    showValidity: { state: true },
    announcement: { state: true },
    selection: { state: true },
  };

  declare name: string | undefined;
  declare value: string;
  declare length: number;
  declare required: boolean;
  declare disabled: boolean;
  declare label: string | undefined;
  declare expiresAt: string | undefined;
  declare expiresIn: number | undefined;
  declare resendAfter: number;
  declare attemptsLeft: number | undefined;
  declare maxAttempts: number;
  declare locked: boolean;
  declare expired: boolean;
  declare invalid: boolean;
  declare maskedPhone: string | undefined;
  private declare formDisabled: boolean;
  private declare notice: 'digitsOnly' | undefined;
  private declare showValidity: boolean;
  private declare announcement: string;
  private declare selection: Selection | undefined;

  private readonly internals: ElementInternals;
  private readonly expiry = new CountdownController(this, { onTick: (s) => this.handleExpiryTick(s) });
  private readonly cooldown = new CountdownController(this, { onTick: (s) => this.handleCooldownTick(s) });
  private lastCompleted: string | undefined;
  /** Whether the expiry countdown has said its first time (the next ticks speak only at set moments). */
  private expiryAnnounced = false;
  private webOtp: AbortController | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.value = '';
    this.length = DEFAULT_LENGTH;
    this.required = false;
    this.disabled = false;
    this.resendAfter = DEFAULT_RESEND_AFTER;
    this.maxAttempts = DEFAULT_MAX_ATTEMPTS;
    this.locked = false;
    this.expired = false;
    this.invalid = false;
    this.formDisabled = false;
    this.showValidity = false;
    this.announcement = '';
    this.addEventListener('invalid', () => {
      this.showValidity = true;
    });
  }

  // ---- public API -------------------------------------------------------------------------

  get clock(): Clock {
    return this.expiry.clock;
  }

  set clock(clock: Clock) {
    this.expiry.clock = clock;
    this.cooldown.clock = clock;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Seconds left before the code expires (0 when it has, or when no expiry is set). */
  get secondsLeft(): number {
    return this.expiry.remaining;
  }

  /** Whether a new code can be requested now. */
  get canResend(): boolean {
    return !this.locked && !this.isDisabled && (!this.cooldown.running || this.isExpired);
  }

  /**
   * A new code was sent: clears the entry and the server's verdicts, restarts the expiry
   * (from `expires-at`, or `expires-in` counted from now), the resend cooldown and WebOTP.
   * Changing `expires-at` does the same by itself.
   */
  restart(): void {
    // What was typed for the old code, and the verdicts on it, no longer apply.
    this.value = '';
    this.invalid = false;
    this.expired = false;
    this.newCode();
    this.startExpiry();
    this.startCooldown();
  }

  /** Keeps the resend button waiting for `seconds` (e.g. the server's Retry-After). */
  holdResend(seconds: number = this.resendAfter): void {
    const wait = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    if (wait === 0) this.cooldown.stop();
    else this.cooldown.start(this.clock.now() + wait * 1000);
  }

  /** Focuses the entry and selects the whole code, so typing replaces it. */
  select(): void {
    const input = this.input;
    if (!input) return;
    input.focus();
    input.setSelectionRange(0, input.value.length);
    this.syncSelection();
  }

  // ---- lifecycle --------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    this.startWebOtp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.webOtp?.abort();
    this.webOtp = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const expiryChanged = changed.has('expiresAt') || changed.has('expiresIn');
    if (expiryChanged && this.hasUpdated) {
      // A new code: what was typed for the old one, and the verdicts on it, no longer apply.
      if (!changed.has('value')) this.value = '';
      if (!changed.has('invalid')) this.invalid = false;
      if (!changed.has('expired')) this.expired = false;
      this.newCode();
    }
    if (expiryChanged) this.startExpiry();
    if (!this.hasUpdated || expiryChanged || changed.has('resendAfter')) this.startCooldown();
    if (changed.has('length') || changed.has('value')) {
      const value = String(this.value ?? '').replace(SEPARATORS, '');
      this.value = value.slice(0, this.size);
    }
    if (changed.has('locked') || changed.has('disabled')) {
      if (this.locked || this.disabled) {
        this.webOtp?.abort();
        this.webOtp = undefined;
      } else if (this.hasUpdated) this.startWebOtp();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.syncForm();
  }

  formResetCallback(): void {
    this.value = '';
    this.invalid = false;
    this.notice = undefined;
    this.showValidity = false;
    this.lastCompleted = undefined;
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  // ---- derived state ----------------------------------------------------------------------

  private get size(): number {
    const n = Math.floor(Number(this.length));
    return Number.isFinite(n) && n >= 1 && n <= 12 ? n : DEFAULT_LENGTH;
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  private get isExpired(): boolean {
    return this.expired || this.expiry.ended;
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot?.querySelector('input') ?? null;
  }

  private get text() {
    return messages[this.language];
  }

  /** Which rule the value breaks, if any, and its message. */
  private get problem(): { flag: keyof ValidityStateFlags; message: string } | undefined {
    const m = this.text;
    const n = this.size;
    if (this.locked) return { flag: 'customError', message: fill(m.locked, { n: this.maxAttempts }) };
    if (this.isExpired) return { flag: 'customError', message: errorMessage('otp_expired', this.language, otpErrors) };
    if (this.invalid) return { flag: 'customError', message: errorMessage('otp_invalid', this.language, otpErrors) };
    if (this.value === '') return this.required ? { flag: 'valueMissing', message: m.valueMissing } : undefined;
    if (!/^\d+$/.test(this.value)) return { flag: 'patternMismatch', message: fill(m.patternMismatch, { n }) };
    if (this.value.length < n) return { flag: 'tooShort', message: fill(m.tooShort, { n }) };
    return undefined;
  }

  // ---- form -------------------------------------------------------------------------------

  private syncForm(): void {
    this.internals.setFormValue(this.value === '' ? null : this.value, this.value);
    const problem = this.problem;
    const input = this.input ?? undefined;
    if (problem) this.internals.setValidity({ [problem.flag]: true }, problem.message, input);
    else this.internals.setValidity({});
  }

  // ---- countdowns and WebOTP --------------------------------------------------------------

  private newCode(): void {
    this.lastCompleted = undefined;
    this.notice = undefined;
    this.showValidity = false;
    this.startWebOtp();
  }

  private startExpiry(): void {
    let endsAt: number | undefined;
    const at = this.expiresAt?.trim();
    if (at) {
      const value = /^\d+$/.test(at) ? Number(at) : Date.parse(at);
      if (Number.isFinite(value)) endsAt = value;
    } else if (Number.isFinite(this.expiresIn) && (this.expiresIn as number) >= 0) {
      endsAt = this.clock.now() + (this.expiresIn as number) * 1000;
    }
    this.expiryAnnounced = false;
    if (endsAt === undefined) this.expiry.stop();
    else this.expiry.start(endsAt);
  }

  private startCooldown(): void {
    this.holdResend(this.resendAfter);
  }

  private handleExpiryTick(seconds: number): void {
    const fresh = !this.expiryAnnounced;
    this.expiryAnnounced = true;
    // Expiry itself is said by the message region; here only the time left, at sensible moments.
    if (seconds === 0) {
      // An expired code can be replaced at once: the cooldown no longer matters.
      this.cooldown.stop();
      return;
    }
    if (fresh || seconds % 60 === 0 || seconds === 30 || seconds === 10) {
      this.announce(fill(this.text.expiresIn, { time: formatMinutesSeconds(seconds) }));
    }
  }

  private handleCooldownTick(seconds: number): void {
    if (seconds === 0 && !this.locked && !this.isExpired && this.hasUpdated) this.announce(this.text.resendReady);
  }

  private announcedAt: number | undefined;

  /** Puts text in the polite status region; two things due at the same moment are said together. */
  private announce(text: string): void {
    const now = this.clock.now();
    this.announcement = this.announcedAt === now && this.announcement ? `${this.announcement} ${text}` : text;
    this.announcedAt = now;
  }

  private startWebOtp(): void {
    if (this.webOtp || !this.isConnected || this.locked || this.disabled) return;
    if (!('OTPCredential' in window) || !navigator.credentials?.get) return;
    const controller = new AbortController();
    this.webOtp = controller;
    const request = { otp: { transport: ['sms'] }, signal: controller.signal } as unknown as CredentialRequestOptions;
    navigator.credentials
      .get(request)
      .then((credential) => {
        const code = (credential as unknown as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && !controller.signal.aborted) this.acceptWholeCode(code);
      })
      .catch(() => {
        // Aborted, refused by the citizen, or no SMS: typing still works.
      })
      .finally(() => {
        if (this.webOtp === controller) this.webOtp = undefined;
      });
  }

  /** A code from WebOTP: replaces the entry as if the citizen had typed it. */
  private acceptWholeCode(text: string): void {
    const { digits, rejected } = digitsOf(text);
    if (!digits || this.locked || this.isDisabled) return;
    const next = digits.slice(0, this.size);
    const input = this.input;
    if (input) input.value = next;
    this.commit(next, rejected ? 'digitsOnly' : undefined, true);
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // ---- editing ----------------------------------------------------------------------------

  /** Takes the new value from an edit: clears the server's verdict, fires input and complete. */
  private commit(next: string, notice: 'digitsOnly' | undefined, fireInput: boolean): void {
    const changed = next !== this.value;
    this.notice = notice;
    if (changed) {
      this.value = next;
      this.invalid = false;
      if (fireInput) this.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
    }
    if (next.length === this.size && /^\d+$/.test(next) && next !== this.lastCompleted) {
      this.lastCompleted = next;
      this.dispatchEvent(new DvcOtpCompleteEvent(next));
    }
  }

  /** Puts digits at the caret: over the digits already there, or in place of the selection. */
  private insertDigits(digits: string, notice: 'digitsOnly' | undefined): void {
    const input = this.input;
    if (!input) return;
    const value = input.value;
    const n = this.size;
    let next: string;
    let caret: number;
    if (digits.length >= n) {
      next = digits.slice(0, n);
      caret = n;
    } else {
      const start = input.selectionStart ?? value.length;
      let end = input.selectionEnd ?? start;
      if (start === end) end = Math.min(value.length, start + digits.length);
      next = (value.slice(0, start) + digits + value.slice(end)).slice(0, n);
      caret = Math.min(start + digits.length, n);
    }
    input.value = next;
    input.setSelectionRange(caret, caret);
    this.commit(next, notice, true);
    this.syncSelection();
  }

  /**
   * Typed text goes through insertDigits, which also keeps the code at `length` digits. The input has
   * no maxlength for that reason: WebKit shortens text typed into a full field to "" before this event,
   * so a digit typed over another in a whole code would be lost in Safari.
   */
  private handleBeforeInput(event: InputEvent): void {
    if (event.inputType !== 'insertText' || event.data === null) return;
    event.preventDefault();
    const { digits, rejected } = digitsOf(event.data);
    if (digits) this.insertDigits(digits, rejected ? 'digitsOnly' : undefined);
    else if (rejected) this.notice = 'digitsOnly';
  }

  private handlePaste(event: ClipboardEvent): void {
    // Without clipboard data the browser pastes by itself and handleInput cleans up after it.
    if (!event.clipboardData) return;
    event.preventDefault();
    const { digits, rejected } = digitsOf(event.clipboardData.getData('text'));
    if (digits) this.insertDigits(digits, rejected ? 'digitsOnly' : undefined);
    else if (rejected) this.notice = 'digitsOnly';
  }

  /** Everything the other handlers did not take: deletion, autofill, IME, drag and drop. */
  private handleInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const raw = input.value;
    const { digits, rejected } = digitsOf(raw);
    const next = digits.slice(0, this.size);
    if (next !== raw) {
      const caret = Math.min(input.selectionStart ?? next.length, next.length);
      input.value = next;
      input.setSelectionRange(caret, caret);
    }
    this.commit(next, rejected ? 'digitsOnly' : undefined, false);
    this.syncSelection();
  }

  private handleKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.isComposing) {
      const form = this.internals.form;
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    }
  }

  /** A click on a box puts the caret there (on the digit, so typing or Backspace changes that one). */
  private handleClick(event: MouseEvent): void {
    const input = event.currentTarget as HTMLInputElement;
    const rect = input.getBoundingClientRect();
    if (rect.width === 0) return;
    const box = Math.max(0, Math.min(this.size - 1, Math.floor(((event.clientX - rect.left) / rect.width) * this.size)));
    const value = input.value;
    if (box < value.length) input.setSelectionRange(box, box + 1);
    else input.setSelectionRange(value.length, value.length);
    this.syncSelection();
  }

  private readonly syncSelection = (): void => {
    const input = this.input;
    if (!input || this.shadowRoot?.activeElement !== input) {
      this.selection = undefined;
      return;
    }
    const start = input.selectionStart ?? 0;
    const end = input.selectionEnd ?? start;
    if (this.selection?.start !== start || this.selection?.end !== end) this.selection = { start, end };
  };

  private readonly handleBlur = (): void => {
    this.selection = undefined;
  };

  private handleChange(): void {
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private handleResend(): void {
    if (!this.canResend) return;
    const event = new DvcOtpResendEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.startCooldown();
  }

  // ---- rendering --------------------------------------------------------------------------

  override render() {
    const m = this.text;
    const inputDisabled = this.isDisabled || this.locked;
    const problem = this.problem;
    const flagged = this.invalid || (this.showValidity && problem !== undefined);
    const message = this.renderMessage();
    const describedBy = [
      this.maskedPhone ? 'hint' : '',
      message !== '' ? 'message' : '',
      this.expiry.running && !this.isExpired && !this.locked ? 'countdown' : '',
      this.showAttempts ? 'attempts' : '',
    ].filter(Boolean);
    return html`
      <div part="base" class="base ${flagged ? 'invalid' : ''} ${inputDisabled ? 'disabled' : ''}">
        <label part="label" for="input">${this.label || m.label}</label>
        ${this.maskedPhone ? html`<p part="hint" id="hint">${fill(m.sentTo, { phone: this.shownPhone })}</p>` : nothing}
        <div part="field" class="field">
          <div class="boxes" aria-hidden="true">${this.renderBoxes(inputDisabled)}</div>
          <input
            id="input"
            part="input"
            type="text"
            autocomplete="one-time-code"
            inputmode="numeric"
            enterkeyhint="done"
            spellcheck="false"
            pattern=${`[0-9]{${this.size}}`}
            .value=${this.value}
            ?disabled=${inputDisabled}
            aria-required=${this.required ? 'true' : 'false'}
            aria-invalid=${flagged ? 'true' : 'false'}
            aria-describedby=${describedBy.join(' ') || nothing}
            @beforeinput=${this.handleBeforeInput}
            @paste=${this.handlePaste}
            @input=${this.handleInput}
            @keydown=${this.handleKeyDown}
            @keyup=${this.syncSelection}
            @click=${this.handleClick}
            @focus=${this.syncSelection}
            @select=${this.syncSelection}
            @selectionchange=${this.syncSelection}
            @blur=${this.handleBlur}
            @change=${this.handleChange}
          />
        </div>
        <p part="message" id="message" class="message" aria-live="polite">${message}</p>
        ${this.renderMeta()}
        <div class="sr-only" role="status">${this.announcement}</div>
      </div>
    `;
  }

  private get shownPhone(): string {
    const phone = this.maskedPhone ?? '';
    return phone.includes('*') ? phone : maskPhone(phone);
  }

  private get showAttempts(): boolean {
    return Number.isFinite(this.attemptsLeft) && !this.locked && !this.invalid;
  }

  private renderBoxes(disabled: boolean) {
    const n = this.size;
    const selection = disabled ? undefined : this.selection;
    return Array.from({ length: n }, (_, i) => {
      const digit = this.value[i] ?? '';
      let active = false;
      if (selection) {
        active =
          selection.start === selection.end ? i === Math.min(selection.start, n - 1) : i >= selection.start && i < selection.end;
      }
      const caret = active && digit === '' && selection?.start === selection?.end;
      return html`<div part="box" class="box ${active ? 'active' : ''} ${caret ? 'caret' : ''}">${digit}</div>`;
    });
  }

  private renderMessage(): string {
    const problem = this.problem;
    // The server's verdicts (locked, expired, wrong code) always show; the rest after a submit.
    if (this.locked || this.isExpired) return problem!.message;
    if (this.invalid) return `${problem!.message}${Number.isFinite(this.attemptsLeft) ? ` ${this.attemptsText}` : ''}`;
    if (this.notice) return this.text[this.notice];
    return this.showValidity ? (problem?.message ?? '') : '';
  }

  private get attemptsText(): string {
    return fill(this.text.attemptsLeft, { n: formatNumber(this.attemptsLeft ?? 0, this.language) });
  }

  private renderMeta() {
    if (this.locked) return nothing;
    const m = this.text;
    const counting = this.expiry.running && !this.isExpired;
    const coolingDown = this.cooldown.running && !this.isExpired;
    const canResend = this.canResend;
    return html`
      <div class="meta">
        ${counting
          ? html`<p part="countdown" id="countdown">${fill(m.expiresIn, { time: formatMinutesSeconds(this.expiry.remaining) })}</p>`
          : nothing}
        ${this.showAttempts ? html`<p part="attempts" id="attempts">${this.attemptsText}</p>` : nothing}
        <button
          part="resend"
          class="secondary"
          type="button"
          aria-disabled=${canResend ? 'false' : 'true'}
          @click=${this.handleResend}
        >
          ${m.resend}${coolingDown
            ? // The wait is seen, not spoken every second: the button keeps its name, aria-disabled says it waits.
              html` <span aria-hidden="true">${fill(m.resendIn, { seconds: formatNumber(this.cooldown.remaining, this.language) })}</span>`
            : nothing}
        </button>
      </div>
    `;
  }
}

if (!customElements.get('dvc-otp-input')) customElements.define('dvc-otp-input', DvcOtpInput);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-otp-input': DvcOtpInput;
  }
}
