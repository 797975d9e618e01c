import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { CountdownController, formatMinutesSeconds, type Clock } from '../../controllers/countdown.js';
import type { DvcOtpResendEvent } from '../../events/otp.js';
import { common, errorMessage, fill, type ErrorCatalogue } from '../../i18n/index.js';
import { otpErrors } from '../../i18n/otp-errors.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, isAbort, toDvcError, type ErrorCode } from '../../internal/errors.js';
import { retryButton } from '../../internal/templates.js';
import { isFiniteNumber, isRecord, isString, requestJson } from '../../internal/http.js';
import { validateCccd } from '../../validation/cccd.js';
import '../otp-input/otp-input.js';
import type { DvcOtpInput } from '../otp-input/otp-input.js';
import { messages as otpMessages } from '../otp-input/otp-input.messages.js';
import { messages, type SigninMessage } from './signin.messages.js';
import { styles } from './signin.styles.js';

export type AccountType = 'dvcqg' | 'vneid';
export type SigninStep = 'account' | 'credentials' | 'otp' | 'done';

/** What the server says about the code it sent. */
export interface OtpChallenge {
  maskedPhone?: string;
  /** ISO 8601 time or epoch milliseconds. */
  expiresAt?: string | number;
  /** Seconds until the code expires; preferred to `expiresAt`, as it does not depend on the two clocks agreeing. */
  expiresIn?: number;
  /** Seconds before a new code can be requested. */
  resendAfter?: number;
  attemptsLeft?: number;
}

const STEPS: SigninStep[] = ['account', 'credentials', 'otp', 'done'];

/** A failure shown in place: the text, and the action "Thử lại" repeats when retrying helps. */
interface Failure {
  text: string;
  retry?: () => void;
  /** The server said how long to wait: the countdown shows under the text, the step waits. */
  wait?: boolean;
}

function parseChallenge(data: unknown): OtpChallenge {
  const otp = isRecord(data) ? data.otp : undefined;
  if (!isRecord(otp)) throw new DvcError('invalid_response', 'The answer has no otp object');
  const challenge: OtpChallenge = {};
  if (isString(otp.maskedPhone)) challenge.maskedPhone = otp.maskedPhone;
  if (isString(otp.expiresAt) || isFiniteNumber(otp.expiresAt)) challenge.expiresAt = otp.expiresAt;
  if (isFiniteNumber(otp.expiresIn) && otp.expiresIn >= 0) challenge.expiresIn = otp.expiresIn;
  if (isFiniteNumber(otp.resendAfter)) challenge.resendAfter = otp.resendAfter;
  if (isFiniteNumber(otp.attemptsLeft)) challenge.attemptsLeft = otp.attemptsLeft;
  return challenge;
}

/** The same failure under the code the page gives it (the server's status kept). */
const recode = (code: ErrorCode, { message, status }: DvcError) => new DvcError(code, message, { status });

const errorBody = (error: DvcError): Record<string, unknown> => (isRecord(error.body) ? error.body : {});

/** Seconds to wait from a 429 (or a 503 `busy`): the body's `retryAfter`, else the Retry-After header. */
function waitSeconds(error: DvcError): number | undefined {
  const fromBody = errorBody(error).retryAfter;
  if (isFiniteNumber(fromBody) && fromBody > 0) return fromBody;
  return error.retryAfter;
}

/**
 * The provider's own sign-in page, in the seed's four steps: choose the account type, enter the
 * 12-digit ID number and password (checked before sending), enter the one-time code sent by SMS,
 * then continue to the site that asked for the sign-in.
 *
 * It talks to the sign-in interaction at `action` (same origin, with the provider's interaction
 * cookie), all JSON:
 * - `POST {action}/credentials` `{accountType, idNumber, password}` → 200 `{otp: {maskedPhone,
 *   expiresAt, expiresIn?, resendAfter, attemptsLeft}}` | 401 `{error: 'invalid_credentials', message}` |
 *   429 `{error: 'rate_limited' | 'too_many_codes', retryAfter}` | 503 `{error: 'busy', retryAfter}`.
 * - `POST {action}/otp` `{code}` → 200 `{redirectTo}` | 400 `{error: 'otp_invalid', attemptsLeft}` |
 *   400 `{error: 'otp_expired', superseded?}` | 423 `{error: 'otp_locked'}` |
 *   429 `{error: 'too_many_code_attempts', retryAfter}`.
 * - `POST {action}/otp/resend` `{}` → 200 `{otp: {…}}` | 429 `{error: 'rate_limited' | 'too_many_codes', retryAfter}`.
 * - Each wait (429, 503 `busy`) is said in its own words with a countdown, and the step waits for it.
 * - Any of them: 410 (the interaction is over: `session_expired`), 423 (`otp_locked`), another 4xx
 *   `{error, message}` (the message is shown in Vietnamese pages), 5xx (retry).
 *
 * Nothing typed is lost on an error; one request at a time; Enter submits every step; focus
 * moves to each new step's heading.
 *
 * @attr action - Base URL of the sign-in interaction, e.g. `/interaction/<uid>`.
 * @attr timeout - Network timeout in seconds (default 15).
 *
 * @prop {(url: string) => void} navigate - How step 4 goes to the relying party (default `location.assign`).
 * @prop {Clock} clock - The clock of the countdowns (tests inject one).
 *
 * @fires dvc-error - A step failed; detail `{code, message, status?}` (`otp_invalid`, `otp_expired`,
 * `otp_locked`, `http` with status 401/429, `network`, `timeout`, `invalid_response`, `config`).
 *
 * @csspart base - The outer wrapper.
 * @csspart steps - The step indicator (an ordered list).
 * @csspart heading - Each step's heading (focused when the step changes).
 * @csspart account-button - Each account-type choice.
 * @csspart field - A label with its input and messages.
 * @csspart input - The ID number and password inputs.
 * @csspart error - A field's or the step's error text.
 * @csspart submit - The step's main button ("Đăng nhập", "Nhập").
 * @csspart otp - The `<dvc-otp-input>`.
 * @csspart progress - The progress text while the server works.
 *
 * @cssprop --dvc-primary - Accent colour. Default #1a56a8.
 * @cssprop --dvc-danger - Error colour. Default #b42318.
 * @cssprop --dvc-text - Text colour.
 * @cssprop --dvc-surface - Background.
 * @cssprop --dvc-border - Borders.
 * @cssprop --dvc-radius - Corner radius.
 * @cssprop --dvc-font-family - Font.
 * @cssprop --dvc-focus-color - Focus ring.
 */
export class DvcSignin extends DvcElement {
  protected static override errorCatalogue: ErrorCatalogue = otpErrors;
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...DvcElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    ...DvcElement.properties,
    action: {},
    step: { state: true },
    accountType: { state: true },
    idNumber: { state: true },
    password: { state: true },
    passwordShown: { state: true },
    fieldErrors: { state: true },
    checked: { state: true },
    pending: { state: true },
    failure: { state: true },
    challenge: { state: true },
    otpVerdict: { state: true },
    redirectTo: { state: true },
    notice: { state: true },
  };

  declare action: string | undefined;
  /** How the last step goes to the relying party. */
  navigate: (url: string) => void = (url) => location.assign(url);

  private declare step: SigninStep;
  private declare accountType: AccountType | undefined;
  private declare idNumber: string;
  private declare password: string;
  private declare passwordShown: boolean;
  private declare fieldErrors: { idNumber?: SigninMessage; password?: SigninMessage };
  /** Whether the credentials were checked once (then errors follow the typing). */
  private declare checked: boolean;
  private declare pending: 'credentials' | 'otp' | 'resend' | undefined;
  private declare failure: Failure | undefined;
  private declare challenge: OtpChallenge | undefined;
  private declare otpVerdict: { invalid?: boolean; expired?: boolean; locked?: boolean; attemptsLeft?: number };
  private declare redirectTo: string | undefined;
  private declare notice: string;

  private readonly retryWait = new CountdownController(this, {
    onTick: (s) => {
      if (s === 0 && this.failure?.wait) this.failure = undefined;
    },
  });
  private controller: AbortController | undefined;
  private moveFocus = false;
  private otpClock: Clock | undefined;

  constructor() {
    super();
    this.step = 'account';
    this.idNumber = '';
    this.password = '';
    this.passwordShown = false;
    this.fieldErrors = {};
    this.checked = false;
    this.otpVerdict = {};
    this.notice = '';
  }

  get clock(): Clock {
    return this.retryWait.clock;
  }

  set clock(clock: Clock) {
    this.retryWait.clock = clock;
    this.otpClock = clock;
    this.requestUpdate();
  }

  /** The current step. */
  get currentStep(): SigninStep {
    return this.step;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.controller = undefined;
    this.pending = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if ((changed as Map<PropertyKey, unknown>).has('step') && this.moveFocus) {
      this.moveFocus = false;
      this.renderRoot.querySelector<HTMLElement>('[part="heading"]')?.focus();
    }
  }

  private get text() {
    return messages[this.language];
  }

  private get base(): string | undefined {
    const action = this.action?.trim();
    return action ? action.replace(/\/+$/, '') : undefined;
  }

  private goTo(step: SigninStep): void {
    this.step = step;
    this.failure = undefined;
    this.notice = '';
    this.moveFocus = true;
  }

  // ---- network ----------------------------------------------------------------------------

  /** One request at a time; resolves with the JSON answer, or undefined when it was aborted. */
  private async post(path: string, json: unknown, pending: 'credentials' | 'otp' | 'resend'): Promise<unknown> {
    const base = this.base;
    if (!base) throw new DvcError('config', 'action is missing');
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.pending = pending;
    this.failure = undefined;
    this.notice = '';
    try {
      return await requestJson(`${base}${path}`, {
        json,
        credentials: 'same-origin',
        signal: controller.signal,
        timeout: this.resolved.config?.timeout,
      });
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.pending = undefined;
      }
    }
  }

  /** Shows a failure in place (with "Thử lại" when retrying can help) and reports it. */
  private fail(error: DvcError, text = this.messageFor(error), retry?: () => void): void {
    this.failure = retry && error.retryable ? { text, retry } : { text };
    this.reportError(error, text);
  }

  /**
   * The failures every step shares: 429 (wait), 410 (the interaction is over), 423 (locked),
   * a refused request (the server's own words), network, timeout, server trouble, configuration.
   */
  private generalFailure(error: DvcError, retry: () => void): void {
    if (error.status === 410 || error.status === 423) {
      this.fail(recode(error.status === 410 ? 'session_expired' : 'otp_locked', error));
      return;
    }
    const said = errorBody(error).message;
    if (error.code === 'http' && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) {
      // The provider words its refusals in Vietnamese; other languages get the general text.
      this.fail(error, this.language === 'vi' && isString(said) && said.trim() ? said : errorMessage('http', this.language));
      return;
    }
    if (error.status === 429 || (error.status === 503 && errorBody(error).error === 'busy')) {
      this.waitFailure(error, waitSeconds(error) ?? 30);
      return;
    }
    this.fail(error, error.code === 'config' ? this.text.notConfigured : undefined, retry);
  }

  /** What a refusal with a wait says: which limit it is (the countdown follows the text). */
  private waitText(error: DvcError): string {
    switch (errorBody(error).error) {
      case 'too_many_codes':
        return this.text.tooManyCodes;
      case 'too_many_code_attempts':
        return this.text.tooManyCodeAttempts;
      case 'busy':
        return this.text.busy;
      default:
        return this.text.rateLimited;
    }
  }

  /** A refusal that says how long to wait: its words, a countdown, and the step held until then. */
  private waitFailure(error: DvcError, seconds: number): void {
    const text = this.waitText(error);
    this.retryWait.start(this.clock.now() + seconds * 1000);
    this.failure = { text, wait: true };
    this.reportError(error, text);
  }

  // ---- step 1 -----------------------------------------------------------------------------

  private handleAccountSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const choice = (event.submitter as HTMLButtonElement | null)?.value;
    if (choice !== 'dvcqg' && choice !== 'vneid') return;
    this.accountType = choice;
    this.goTo('credentials');
  }

  // ---- step 2 -----------------------------------------------------------------------------

  private validateCredentials(): boolean {
    const errors: { idNumber?: SigninMessage; password?: SigninMessage } = {};
    const id = validateCccd(this.idNumber);
    if (!id.valid) errors.idNumber = `idNumber.${id.errors[0]}` as SigninMessage;
    if (this.password === '') errors.password = 'password.required';
    this.fieldErrors = errors;
    return !errors.idNumber && !errors.password;
  }

  private handleIdInput(event: Event): void {
    this.idNumber = (event.target as HTMLInputElement).value;
    if (this.checked) this.validateCredentials();
  }

  private handlePasswordInput(event: Event): void {
    this.password = (event.target as HTMLInputElement).value;
    if (this.checked) this.validateCredentials();
  }

  private handleCredentialsSubmit(event: Event): void {
    event.preventDefault();
    if (this.pending || this.retryWait.running) return;
    this.checked = true;
    if (!this.validateCredentials()) {
      void this.updateComplete.then(() => {
        const first = this.fieldErrors.idNumber ? '#id-number' : '#password';
        this.renderRoot.querySelector<HTMLInputElement>(first)?.focus();
      });
      return;
    }
    void this.sendCredentials();
  }

  private async sendCredentials(): Promise<void> {
    const body = { accountType: this.accountType ?? 'vneid', idNumber: validateCccd(this.idNumber).value, password: this.password };
    try {
      const data = await this.post('/credentials', body, 'credentials');
      this.takeChallenge(data);
      this.goTo('otp');
    } catch (error) {
      if (isAbort(error)) return;
      const dvcError = toDvcError(error);
      if (dvcError.status === 401) this.fail(dvcError, this.text.invalidCredentials);
      else this.generalFailure(dvcError, () => void this.sendCredentials());
    }
  }

  // ---- step 3 -----------------------------------------------------------------------------

  private get otpInput(): DvcOtpInput | null {
    return this.renderRoot.querySelector('dvc-otp-input');
  }

  private handleOtpSubmit(event: Event): void {
    event.preventDefault();
    if (this.pending || this.retryWait.running) return;
    const otp = this.otpInput;
    if (!otp) return;
    if (!otp.checkValidity()) {
      otp.focus();
      return;
    }
    void this.sendOtp(otp.value);
  }

  private async sendOtp(code: string): Promise<void> {
    try {
      const data = await this.post('/otp', { code }, 'otp');
      const redirectTo = isRecord(data) ? data.redirectTo : undefined;
      if (!isString(redirectTo)) throw new DvcError('invalid_response', 'The answer has no redirectTo');
      const url = new URL(redirectTo, location.href);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DvcError('invalid_response', 'redirectTo is not http(s)');
      this.redirectTo = url.href;
      this.goTo('done');
      await this.updateComplete;
      this.navigate(url.href);
    } catch (error) {
      if (isAbort(error)) return;
      this.otpFailure(toDvcError(error), () => void this.sendOtp(code));
    }
  }

  private otpFailure(error: DvcError, retry: () => void): void {
    const body = errorBody(error);
    const kind = body.error;
    const left = isFiniteNumber(body.attemptsLeft) ? body.attemptsLeft : undefined;
    if (error.status === 423 || kind === 'otp_locked' || (kind === 'otp_invalid' && left === 0)) {
      this.otpVerdict = { locked: true, attemptsLeft: 0 };
      this.fail(recode('otp_locked', error));
      return;
    }
    if (kind === 'otp_expired') {
      // The otp-input says it in place, with the resend button; a code superseded by a later
      // sign-in of the same account also says why.
      this.otpVerdict = { ...this.otpVerdict, invalid: false, expired: true };
      if (body.superseded === true) this.fail(recode('otp_expired', error), this.text.codeSuperseded);
      else this.reportError(recode('otp_expired', error));
      return;
    }
    if (kind === 'otp_invalid') {
      // The otp-input says it in place, with the attempts left; the code is selected for retyping.
      this.otpVerdict = { ...this.otpVerdict, invalid: true, ...(left !== undefined ? { attemptsLeft: left } : {}) };
      this.reportError(recode('otp_invalid', error));
      void this.updateComplete.then(() => this.otpInput?.select());
      return;
    }
    this.generalFailure(error, retry);
  }

  private handleResend(event: DvcOtpResendEvent): void {
    // The otp-input waits for the answer: its cooldown starts with the new code, or with Retry-After.
    event.preventDefault();
    if (this.pending) return;
    void this.resend();
  }

  private async resend(): Promise<void> {
    try {
      const data = await this.post('/otp/resend', {}, 'resend');
      this.takeChallenge(data);
      this.notice = this.text.resent;
      await this.updateComplete;
      const otp = this.otpInput;
      otp?.restart();
      otp?.focus();
    } catch (error) {
      if (isAbort(error)) return;
      const dvcError = toDvcError(error);
      if (dvcError.status === 429) {
        const seconds = waitSeconds(dvcError) ?? this.challenge?.resendAfter ?? 60;
        this.otpInput?.holdResend(seconds);
        // The cooldown is the otp-input's own countdown; a limit of the account waits here too.
        if (errorBody(dvcError).error === 'too_many_codes') this.waitFailure(dvcError, seconds);
        else this.fail(dvcError, this.text.rateLimited);
        return;
      }
      if (errorBody(dvcError).error === 'otp_locked' || dvcError.status === 423) {
        this.otpFailure(dvcError, () => void this.resend());
        return;
      }
      this.generalFailure(dvcError, () => void this.resend());
    }
  }

  /** A code was sent: what the server says about it, and no verdict yet beyond the attempts left. */
  private takeChallenge(data: unknown): void {
    const challenge = (this.challenge = parseChallenge(data));
    this.otpVerdict = isFiniteNumber(challenge.attemptsLeft) ? { attemptsLeft: challenge.attemptsLeft } : {};
  }

  private startOver(): void {
    this.controller?.abort();
    this.challenge = undefined;
    this.otpVerdict = {};
    this.goTo('credentials');
  }

  // ---- rendering --------------------------------------------------------------------------

  override render() {
    return html`
      <div part="base" class="base">
        ${this.renderSteps()}
        ${this.step === 'account'
          ? this.renderAccount()
          : this.step === 'credentials'
            ? this.renderCredentials()
            : this.step === 'otp'
              ? this.renderOtp()
              : this.renderDone()}
      </div>
    `;
  }

  private renderSteps(): TemplateResult {
    const m = this.text;
    const labels: Record<SigninStep, string> = {
      account: m.stepAccount,
      credentials: m.stepCredentials,
      otp: otpMessages[this.language].label,
      done: m.stepDone,
    };
    const current = STEPS.indexOf(this.step);
    return html`
      <div class="progress-steps">
        <p class="step-count">${fill(m.stepOf, { n: current + 1, total: STEPS.length })}</p>
        <ol part="steps" class="steps" aria-label=${m.stepsLabel}>
          ${STEPS.map(
            (step, i) =>
              html`<li class=${i < current ? 'done' : i === current ? 'current' : ''} aria-current=${i === current ? 'step' : nothing}>
                <span class="marker" aria-hidden="true">${i < current ? '✓' : i + 1}</span> ${labels[step]}
              </li>`,
          )}
        </ol>
      </div>
    `;
  }

  private renderHeading(text: string): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  private renderFailure(): TemplateResult {
    const failure = this.failure;
    const waiting = this.retryWait.running && failure?.wait;
    const wait = formatMinutesSeconds(this.retryWait.remaining);
    return html`
      <div class="failure" ?hidden=${!failure}>
        <p part="error" id="step-error" class="error" aria-live="polite">${failure?.text ?? ''}</p>
        ${waiting ? html`<p class="wait">${fill(this.text.waitFor, { time: wait })}</p>` : nothing}
        ${failure?.retry ? retryButton(this.language, failure.retry) : nothing}
      </div>
    `;
  }

  /** The progress line: what the server is doing, or the last notice ("Đã gửi mã OTP mới."). */
  private renderProgress(): TemplateResult {
    const m = this.text;
    const pending = this.pending;
    const text = pending === 'credentials' ? m.pendingCredentials : pending === 'otp' ? m.pendingOtp : pending === 'resend' ? m.pendingResend : '';
    return html`<p part="progress" class="progress" role="status">
      ${pending ? html`<span class="spinner" aria-hidden="true"></span>${text}` : this.notice}
    </p>`;
  }

  private renderAccount(): TemplateResult {
    const m = this.text;
    return html`
      <form novalidate @submit=${this.handleAccountSubmit}>
        <fieldset>
          <legend>${this.renderHeading(m.headingAccount)}</legend>
          <button part="account-button" class="account secondary" type="submit" name="accountType" value="dvcqg">
            ${m.accountDvcqg}
          </button>
          <button part="account-button" class="account secondary" type="submit" name="accountType" value="vneid">
            ${m.accountVneid}
          </button>
        </fieldset>
      </form>
    `;
  }

  private renderCredentials(): TemplateResult {
    const m = this.text;
    const errors = this.fieldErrors;
    const id = validateCccd(this.idNumber);
    const warning = !errors.idNumber && this.checked && id.valid && id.warnings.includes('unknown_province');
    const busy = this.pending === 'credentials';
    const blocked = busy || this.retryWait.running;
    return html`
      <form novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.handleCredentialsSubmit}>
        ${this.renderHeading(this.accountType === 'dvcqg' ? m.headingCredentialsDvcqg : m.headingCredentialsVneid)}
        <div part="field" class="field">
          <label for="id-number">${m.idNumber}</label>
          <span class="hint" id="id-number-hint">${m.idNumberHint}</span>
          <input
            part="input"
            id="id-number"
            name="idNumber"
            type="text"
            inputmode="numeric"
            autocomplete="username"
            spellcheck="false"
            .value=${this.idNumber}
            aria-invalid=${errors.idNumber ? 'true' : 'false'}
            aria-describedby=${errors.idNumber || warning ? 'id-number-error id-number-hint' : 'id-number-hint'}
            @input=${this.handleIdInput}
          />
          ${errors.idNumber
            ? html`<p part="error" class="error" id="id-number-error">${m[errors.idNumber]}</p>`
            : warning
              ? html`<p class="warning" id="id-number-error">${fill(m['idNumber.unknown_province'], { code: id.province?.code ?? '' })}</p>`
              : nothing}
        </div>
        <div part="field" class="field">
          <label for="password">${m.password}</label>
          <div class="password">
            <input
              part="input"
              id="password"
              name="password"
              type=${this.passwordShown ? 'text' : 'password'}
              autocomplete="current-password"
              spellcheck="false"
              .value=${this.password}
              aria-invalid=${errors.password ? 'true' : 'false'}
              aria-describedby=${errors.password ? 'password-error' : nothing}
              @input=${this.handlePasswordInput}
            />
            <button
              type="button"
              class="secondary toggle"
              aria-pressed=${this.passwordShown ? 'true' : 'false'}
              aria-controls="password"
              @click=${() => (this.passwordShown = !this.passwordShown)}
            >
              ${m.showPassword}
            </button>
          </div>
          ${errors.password ? html`<p part="error" class="error" id="password-error">${m[errors.password]}</p>` : nothing}
        </div>
        ${this.renderFailure()} ${this.renderProgress()}
        <div class="actions">
          <button part="submit" type="submit" aria-disabled=${blocked ? 'true' : 'false'}>${m.submitCredentials}</button>
          <button type="button" class="secondary" @click=${() => this.goTo('account')}>${m.back}</button>
        </div>
      </form>
    `;
  }

  private renderOtp(): TemplateResult {
    const m = this.text;
    const challenge = this.challenge ?? {};
    const verdict = this.otpVerdict;
    const busy = this.pending === 'otp';
    const expiresIn = challenge.expiresIn;
    const expiresAt = expiresIn !== undefined || challenge.expiresAt === undefined ? undefined : String(challenge.expiresAt);
    return html`
      <form novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.handleOtpSubmit}>
        ${this.renderHeading(m.headingOtp)}
        <dvc-otp-input
          part="otp"
          name="code"
          required
          .clock=${this.otpClock ?? this.clock}
          masked-phone=${challenge.maskedPhone ?? nothing}
          expires-at=${expiresAt ?? nothing}
          expires-in=${expiresIn ?? nothing}
          resend-after=${challenge.resendAfter ?? nothing}
          attempts-left=${verdict.attemptsLeft ?? nothing}
          ?invalid=${!!verdict.invalid}
          ?expired=${!!verdict.expired}
          ?locked=${!!verdict.locked}
          @dvc-otp-resend=${this.handleResend}
          @input=${() => {
            if (this.otpVerdict.invalid) this.otpVerdict = { ...this.otpVerdict, invalid: false };
          }}
        ></dvc-otp-input>
        ${this.renderFailure()} ${this.renderProgress()}
        <div class="actions">
          ${verdict.locked
            ? html`<button part="submit" type="button" @click=${this.startOver}>${common[this.language].signInAgain}</button>`
            : html`<button part="submit" type="submit" aria-disabled=${busy || this.retryWait.running ? 'true' : 'false'}>${m.submitOtp}</button>`}
          <button type="button" class="secondary" @click=${this.startOver}>${m.back}</button>
        </div>
      </form>
    `;
  }

  private renderDone(): TemplateResult {
    const m = this.text;
    return html`
      ${this.renderHeading(m.headingDone)}
      <p role="status">${m.redirecting}</p>
      ${this.redirectTo ? html`<p><a class="continue" href=${this.redirectTo}>${m.continue}</a></p>` : nothing}
    `;
  }
}

if (!customElements.get('dvc-signin')) customElements.define('dvc-signin', DvcSignin);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-signin': DvcSignin;
  }
}
