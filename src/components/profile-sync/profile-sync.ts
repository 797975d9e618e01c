import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { getProfile, syncProfile } from '../../api/profile.js';
import { PROFILE_FIELDS, type Profile, type ProfileField } from '../../api/shapes.js';
import { FetchController } from '../../controllers/fetch-controller.js';
import { SessionController } from '../../controllers/session-controller.js';
import { DvcProfileSyncedEvent } from '../../events/profile.js';
import type { ApiRequest } from '../../auth/types.js';
import { formatDate, formatDateTime } from '../../i18n/dates.js';
import { common, errorMessage, formatNumber, type ErrorCatalogue, type Lang } from '../../i18n/index.js';
import { signInErrors } from '../../i18n/signin-errors.js';
import { parseConfig } from '../../auth/config.js';
import type { ConfigParser } from '../../internal/data-config.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, isAbort, toDvcError } from '../../internal/errors.js';
import { problem, retryButton, signInPrompt } from '../../internal/templates.js';
import { validateCccd } from '../../validation/cccd.js';
import { validateCmnd } from '../../validation/cmnd.js';
import { maskIdNumber, maskName, maskPhone } from '../../validation/mask.js';
import { validatePhone } from '../../validation/phone.js';
import { msg } from './profile-sync.messages.js';
import { styles } from './profile-sync.styles.js';

/** One field as shown: the plain value and its masked form, or nothing when missing or malformed. */
interface FieldView {
  name: ProfileField;
  plain?: string;
  masked?: string;
  verified: boolean;
}

/** An ISO date (yyyy-MM-dd, a time after it is ignored) that is a real calendar day, not in the future. */
function parseBirthDate(value: unknown): { text: string; year: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, 5));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  if (date.getTime() > Date.now()) return undefined;
  const text = formatDate(date);
  return text ? { text, year: m[1]! } : undefined;
}

/** The API's gender values (and the portal's Vietnamese words) to message keys; other text shows as given. */
const GENDERS: Readonly<Record<string, 'male' | 'female' | 'otherGender'>> = {
  male: 'male',
  nam: 'male',
  female: 'female',
  nữ: 'female',
  other: 'otherGender',
  khác: 'otherGender',
};

/** The place of birth with the province (after the last comma) readable, the rest as first letters. */
function maskPlace(place: string): string {
  const cut = place.lastIndexOf(',');
  return cut < 0 ? maskName(place) : `${maskName(place.slice(0, cut))},${place.slice(cut + 1)}`;
}

/** One field of the profile as the panel shows it: a valid value (plain and masked) or nothing. */
function viewOf(profile: Profile, name: ProfileField, lang: Lang): FieldView {
  const verified = profile.verified?.[name] === true;
  const view = (plain: string | undefined, mask: (plain: string) => string): FieldView =>
    plain === undefined ? { name, verified: false } : { name, plain, masked: mask(plain), verified };
  const raw = typeof profile[name] === 'string' ? profile[name].normalize('NFC').trim().replace(/\s+/g, ' ') : undefined;
  switch (name) {
    case 'fullName':
      return view(raw || undefined, maskName);
    case 'legacyIdNumber': {
      const check = raw === undefined ? undefined : validateCmnd(raw);
      return view(check?.valid ? check.value : undefined, maskIdNumber);
    }
    case 'idNumber': {
      const check = raw === undefined ? undefined : validateCccd(raw);
      return view(check?.valid ? check.value : undefined, maskIdNumber);
    }
    case 'phone': {
      const check = raw === undefined ? undefined : validatePhone(raw);
      return view(check?.normalized, maskPhone);
    }
    case 'birthDate': {
      const date = parseBirthDate(raw);
      return view(date?.text, () => `**/**/${date!.year}`);
    }
    case 'gender': {
      const key = raw?.toLowerCase();
      const kind = key !== undefined && Object.hasOwn(GENDERS, key) ? GENDERS[key] : undefined;
      const shown = kind ? msg(lang, kind) : raw;
      return view(shown || undefined, () => '***');
    }
    case 'birthPlace':
      return view(raw || undefined, maskPlace);
  }
}

/**
 * The citizen's identity information from the National Population Database (the portal's
 * "Thông tin định danh" panel): seven fields masked by default, each with a reveal toggle and its
 * verified mark; the counts of completed and in-progress dossiers; the last sync time; and the
 * action "Cập nhật từ CSDL Quốc gia về Dân cư". Needs a signed-in session and the dossier `api`.
 *
 * Revealed values are shown in place only: never logged, never put into a live region, and
 * forgotten when the citizen signs out.
 *
 * @fires dvc-profile-synced - After a sync; detail `{profile, changed}` (`changed` holds field names).
 * @fires dvc-error - Loading or syncing failed; detail `{code, message, status?}`.
 *
 * @csspart base - The panel.
 * @csspart field - One row of the table (term and value).
 * @csspart value - A field's value (masked, revealed, or "Không có dữ liệu").
 * @csspart reveal - A field's "Hiện" toggle button.
 * @csspart verified - A field's verified mark ("✓ Đã xác thực" / "Chưa xác thực").
 * @csspart sync-button - "Cập nhật từ CSDL Quốc gia về Dân cư".
 * @csspart message - Status and error text (the polite live region, the error notice's text, the sign-in prompt's text).
 * @csspart error - The error notice with its action.
 * @csspart retry - "Thử lại" after a failure ("Đăng nhập lại" when the session expired).
 * @csspart signed-out - The sign-in prompt shown to a signed-out citizen.
 * @csspart sign-in - The sign-in button of that prompt.
 *
 * @cssprop --dvc-primary - Buttons (default #1a56a8).
 * @cssprop --dvc-on-primary - Text on primary buttons (default #ffffff).
 * @cssprop --dvc-text - Text colour (default #1f2933).
 * @cssprop --dvc-muted - Secondary text: unverified mark, "Không có dữ liệu", last sync (default #52606d).
 * @cssprop --dvc-border - Borders and row rules (default #c4cdd8).
 * @cssprop --dvc-surface - Panel background (default #ffffff).
 * @cssprop --dvc-radius - Corner radius (default 6px).
 * @cssprop --dvc-font-family - Font family (default the system UI font).
 * @cssprop --dvc-focus-color - Focus ring (default #f59e0b).
 * @cssprop --dvc-success - The verified mark (default #146c2e).
 * @cssprop --dvc-warning - The "Đã cập nhật" mark (default #8a4b00).
 * @cssprop --dvc-danger - The error notice's rule (default #b42318).
 * @cssprop --dvc-highlight - Background of fields a sync changed (default #fff4c2).
 */
export class DvcProfileSync extends DvcElement {
  protected static override errorCatalogue: ErrorCatalogue = signInErrors;
  protected static override parseConfig: ConfigParser = parseConfig;
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    current: { state: true },
    syncing: { state: true },
    failure: { state: true },
    changedFields: { state: true },
    revealed: { state: true },
    announcement: { state: true },
    expired: { state: true },
  };

  /** The portal's session, or this element's own for its own issuer and client id. */
  private readonly sessionController = new SessionController(this, () => ({
    ...this.resolved,
    ...(this.portal?.session ? { session: this.portal.session } : {}),
  }));

  /** GET /me/profile for the signed-in citizen; runs again when the citizen or the API changes. */
  private readonly loader = new FetchController(this, {
    args: () => this.identity(),
    task: ([api, , timeout], signal) => getProfile({ api, timeout, signal, authorize: this.authorize, onUnauthorized: this.handleUnauthorized }),
    onComplete: (profile) => {
      this.current = profile;
    },
    onError: (error) => this.fail(error, 'refresh'),
  });

  private declare current: Profile | undefined;
  private declare syncing: boolean;
  /** The last failure and what "Thử lại" repeats. */
  private declare failure: { error: DvcError; retry: 'refresh' | 'sync' } | undefined;
  private declare changedFields: readonly ProfileField[];
  private declare revealed: ReadonlySet<ProfileField>;
  private declare announcement: string;
  /** The API answered 401: the session is over until the citizen signs in again. */
  private declare expired: boolean;

  /** Whose profile is on screen (api and subject); another citizen means a clean panel. */
  private shownFor: string | undefined;
  private syncAbort?: AbortController;
  private syncRun?: Promise<void>;

  constructor() {
    super();
    this.current = undefined;
    this.syncing = false;
    this.failure = undefined;
    this.changedFields = [];
    this.revealed = new Set();
    this.announcement = '';
    this.expired = false;
  }

  /** The profile on screen, as the API returned it (after a sync, with `changed`); undefined before it loads. Read-only. */
  get profile(): Profile | undefined {
    return this.current;
  }

  /** Loads the profile again (GET /me/profile). Resolves when done; a failure shows in the panel and fires `dvc-error`. */
  refresh(): Promise<void> {
    this.failure = undefined;
    this.changedFields = [];
    return this.loader.run();
  }

  /**
   * "Cập nhật từ CSDL Quốc gia về Dân cư" (POST /me/profile/sync). While one runs, calling it again
   * returns the same run: two quick presses make one request. Resolves when done; a failure shows
   * in the panel (what was on screen stays) and fires `dvc-error`.
   */
  sync(): Promise<void> {
    this.syncRun ??= this.runSync().finally(() => {
      this.syncRun = undefined;
    });
    return this.syncRun;
  }

  private async runSync(): Promise<void> {
    const identity = this.identity();
    if (!identity) return;
    const [api, , timeout] = identity;
    const abort = (this.syncAbort = new AbortController());
    this.syncing = true;
    this.failure = undefined;
    this.announcement = '';
    try {
      const profile = await syncProfile({ api, timeout, signal: abort.signal, authorize: this.authorize, onUnauthorized: this.handleUnauthorized });
      if (abort.signal.aborted) return;
      // A load still under way would bring older data.
      this.loader.abort();
      const changed = PROFILE_FIELDS.filter((field) => profile.changed?.includes(field));
      this.current = profile;
      this.changedFields = changed;
      this.announcement = this.syncedMessage(changed);
      this.dispatchEvent(new DvcProfileSyncedEvent({ profile, changed: [...changed] }));
    } catch (error) {
      if (abort.signal.aborted || isAbort(error)) return;
      this.fail(toDvcError(error), 'sync');
    } finally {
      if (this.syncAbort === abort) {
        this.syncing = false;
        this.syncAbort = undefined;
      }
    }
  }

  /** "Đã cập nhật 2 trường: Số điện thoại, Nơi sinh": field names only, never values. */
  private syncedMessage(changed: readonly ProfileField[]): string {
    const lang = this.language;
    if (changed.length === 0) return msg(lang, 'syncedUnchanged');
    const fields = changed.map((field) => msg(lang, field)).join(', ');
    return msg(lang, changed.length === 1 ? 'syncedChangedOne' : 'syncedChanged', { count: formatNumber(changed.length, lang), fields });
  }

  /** Moves focus to the panel's heading (as when a page brings the panel into view). */
  override focus(options?: FocusOptions): void {
    this.shadowRoot?.querySelector<HTMLElement>('h2')?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.syncAbort?.abort();
  }

  /** The API base, the citizen's subject and the timeout while someone is signed in; else undefined. */
  private identity(): [api: string, sub: string, timeout: number] | undefined {
    const { config } = this.resolved;
    const { session, state } = this.sessionController;
    if (!config?.api || state.status !== 'signed-in' || !session) return undefined;
    return [config.api, state.user?.sub ?? '', config.timeout];
  }

  /** Each API request is authorised by the session itself: the panel never holds a token. */
  private readonly authorize = (request: ApiRequest) => this.sessionController.session?.apiAccess(request) ?? Promise.resolve(undefined);

  /** Follows the session: a newly signed-in citizen starts clean; sign-out forgets the profile. */
  protected override update(changed: PropertyValues<this>): void {
    const identity = this.identity();
    const who = identity?.join('\n');
    if (who !== this.shownFor) {
      this.shownFor = who;
      this.syncAbort?.abort();
      this.current = undefined;
      this.revealed = new Set();
      this.changedFields = [];
      this.announcement = '';
      this.failure = undefined;
      if (identity) this.expired = false;
    }
    super.update(changed);
  }

  /** A `config` error: no usable issuer or client id, or no `api`. */
  protected override get configProblem(): DvcError | undefined {
    if (this.awaitingPortal) return undefined;
    const { configError } = this.sessionController;
    if (configError) return configError;
    const { config, error } = this.resolved;
    if (error) return error;
    return config && !config.api ? this.missingApi : undefined;
  }

  private readonly missingApi = new DvcError('config', 'api is missing');

  /** The API refused the session: the client calls this before it rejects with `session_expired`. */
  private readonly handleUnauthorized = () => {
    this.expired = true;
    this.reportError(new DvcError('session_expired', 'The API refused the session (401)', { status: 401 }));
    this.sessionController.session?.expire();
  };

  /** A failure of a run (already a DvcError: the fetch controller and the API client make it one). */
  private fail(error: DvcError, retry: 'refresh' | 'sync'): void {
    // Reported by handleUnauthorized already.
    if (error.code === 'session_expired') {
      this.expired = true;
      return;
    }
    this.failure = { error, retry };
    this.reportError(error);
  }

  /** The text the panel shows for an error. */
  protected override messageFor(error: DvcError): string {
    const lang = this.language;
    if (error.code === 'http' && (error.status === 502 || error.status === 503 || error.status === 504)) return msg(lang, 'unavailable');
    if (error.code === 'http' && error.status === 429) {
      return error.retryAfter
        ? msg(lang, 'rateLimited', { seconds: formatNumber(Math.ceil(error.retryAfter), lang) })
        : msg(lang, 'rateLimitedNoWait');
    }
    return super.messageFor(error);
  }

  private readonly handleSignIn = () => {
    this.sessionController.session?.login().catch((error: unknown) => {
      if (!isAbort(error)) this.reportError(error);
    });
  };

  /** The button stays focusable while a sync runs (aria-disabled); a press then joins the run under way. */
  private readonly handleSync = () => {
    void this.sync();
  };

  /** "Thử lại": the button goes away with the failure, so focus moves to the panel's action (or heading). */
  private readonly handleRetry = () => {
    void (this.failure?.retry === 'sync' ? this.sync() : this.refresh());
    void this.updateComplete.then(() => {
      const target = this.shadowRoot?.querySelector<HTMLElement>('[part~="sync-button"]') ?? this.shadowRoot?.querySelector('h2');
      target?.focus();
    });
  };

  private handleReveal(field: ProfileField): void {
    const next = new Set(this.revealed);
    if (next.has(field)) next.delete(field);
    else next.add(field);
    this.revealed = next;
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const busy = this.loader.status === 'loading' || this.syncing || this.sessionController.state.status === 'busy';
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'}>
        <header>
          <h2 id="heading" tabindex="-1">${msg(lang, 'heading')}</h2>
          ${this.current ? this.renderSyncButton(lang) : nothing}
        </header>
        ${this.renderBody(lang)}
        <p part="message" class="status" role="status" aria-live="polite">${this.announcement}</p>
      </section>
    `;
  }

  private renderBody(lang: Lang): TemplateResult {
    if (this.awaitingPortal) return html`<p>${common[lang].loading}</p>`;
    const config = this.configProblem;
    if (config) return problem(errorMessage(config.code, lang));
    const state = this.sessionController.state;
    if (state.status === 'busy') return html`<p>${common[lang].signingIn}</p>`;
    if (this.expired || (state.status !== 'signed-in' && state.error?.code === 'session_expired')) {
      return problem(
        errorMessage('session_expired', lang),
        html`<button type="button" part="retry" @click=${this.handleSignIn}>${common[lang].signInAgain}</button>`,
      );
    }
    if (state.status !== 'signed-in') return signInPrompt(lang, msg(lang, 'signedOut'), this.handleSignIn);
    if (!this.current) return this.failure ? this.renderFailure(lang) : html`<p>${msg(lang, 'loading')}</p>`;
    return html`
      ${this.renderFields(this.current, lang)} ${this.renderCounts(this.current, lang)} ${this.renderSyncedAt(this.current, lang)}
      ${this.failure ? this.renderFailure(lang) : nothing}
    `;
  }

  private renderFailure(lang: Lang): TemplateResult {
    const { error } = this.failure!;
    const retry = error.retryable ? retryButton(lang, this.handleRetry, this.loader.status === 'loading' || this.syncing) : nothing;
    return problem(this.messageFor(error), retry);
  }

  private renderSyncButton(lang: Lang): TemplateResult {
    return html`
      <button
        type="button"
        part="sync-button"
        aria-disabled=${this.syncing ? 'true' : 'false'}
        @click=${this.handleSync}
      >
        ${this.syncing ? msg(lang, 'syncing') : msg(lang, 'sync')}
      </button>
    `;
  }

  private renderFields(profile: Profile, lang: Lang): TemplateResult {
    return html`<dl class="fields">${PROFILE_FIELDS.map((name) => this.renderField(viewOf(profile, name, lang), lang))}</dl>`;
  }

  private renderField(field: FieldView, lang: Lang): TemplateResult {
    const label = msg(lang, field.name);
    const changed = this.changedFields.includes(field.name);
    const shown = this.revealed.has(field.name);
    let value: TemplateResult;
    if (field.plain === undefined) value = html`<span part="value" class="no-data">${common[lang].noData}</span>`;
    else if (shown) value = html`<span part="value">${field.plain}</span>`;
    else value = html`<span part="value" class="masked">${field.masked}<span class="sr-only"> (${msg(lang, 'masked')})</span></span>`;
    return html`
      <div part="field" class=${changed ? 'changed' : ''} data-field=${field.name}>
        <dt>${label}</dt>
        <dd>
          ${value}
          <span part="verified" class=${field.verified ? 'yes' : 'no'}
            ><span aria-hidden="true">${field.verified ? '✓' : '○'}</span>
            ${field.verified ? msg(lang, 'verified') : msg(lang, 'unverified')}</span
          >
          ${changed ? html`<span class="updated"><span aria-hidden="true">●</span> ${msg(lang, 'updated')}</span>` : nothing}
          ${field.plain === undefined
            ? nothing
            : html`<button
                type="button"
                part="reveal"
                class="secondary"
                aria-pressed=${shown ? 'true' : 'false'}
                aria-label=${msg(lang, 'revealField', { field: label })}
                @click=${() => this.handleReveal(field.name)}
              >
                ${msg(lang, 'reveal')}
              </button>`}
        </dd>
      </div>
    `;
  }

  private renderCounts(profile: Profile, lang: Lang): TemplateResult {
    const count = (value: number | undefined) => (value === undefined ? common[lang].noData : formatNumber(value, lang));
    return html`
      <dl class="counts" aria-label=${msg(lang, 'counts')}>
        <div><dt>${msg(lang, 'completed')}:</dt> <dd>${count(profile.counts?.completed)}</dd></div>
        <div><dt>${msg(lang, 'processing')}:</dt> <dd>${count(profile.counts?.processing)}</dd></div>
      </dl>
    `;
  }

  private renderSyncedAt(profile: Profile, lang: Lang): TemplateResult {
    const when = profile.syncedAt === undefined ? undefined : formatDateTime(profile.syncedAt);
    return html`<p class="muted">${msg(lang, 'syncedAt')}: ${when ?? common[lang].noData}</p>`;
  }
}

if (!customElements.get('dvc-profile-sync')) customElements.define('dvc-profile-sync', DvcProfileSync);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-profile-sync': DvcProfileSync;
  }
}
