// The signed-in half of <dvc-profile-sync>, loaded when a citizen is signed in: the profile's
// request and its sync, the seven fields (checked, masked, revealed one by one), the counts and the
// last sync. A signed-out page never downloads it.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { getProfile, syncProfile } from '../../api/profile.js';
import { PROFILE_FIELDS, type Profile, type ProfileField } from '../../api/shapes.js';
import type { ApiAccess, ApiRequest } from '../../auth/types.js';
import { FetchController } from '../../controllers/fetch-controller.js';
import { DvcProfileSyncedEvent } from '../../events/profile.js';
import { formatDate, formatDateTime } from '../../i18n/dates.js';
import { common, formatNumber, type Lang } from '../../i18n/index.js';
import { isAbort, toDvcError, type DvcError } from '../../internal/errors.js';
import { problem, retryButton } from '../../internal/templates.js';
import { validateCccd } from '../../validation/cccd.js';
import { validateCmnd } from '../../validation/cmnd.js';
import { maskIdNumber, maskName, maskPhone } from '../../validation/mask.js';
import { validatePhone } from '../../validation/phone.js';
import { msg } from './profile-view.messages.js';

/** What the panel gives its signed-in half. */
export interface ProfileHost extends ReactiveControllerHost, HTMLElement {
  readonly shadowRoot: ShadowRoot | null;
}

export interface ProfilePorts {
  lang(): Lang;
  /** The API base, the citizen's subject and the timeout while someone is signed in; else undefined. */
  identity(): [api: string, sub: string, timeout: number] | undefined;
  /** Each API request is authorised by the session itself: the panel never holds a token. */
  authorize(request: ApiRequest): Promise<ApiAccess | undefined>;
  /** The API answered 401. */
  unauthorized(): void;
  /** The session expired (reported already). */
  expired(): void;
  report(error: DvcError): void;
}

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
 * The panel's signed-in half: a controller of the panel holding the profile on screen, the sync
 * under way, the last failure, the fields a sync changed and those revealed.
 */
export class ProfileView implements ReactiveController {
  current: Profile | undefined;
  syncing = false;
  /** The last failure and what "Thử lại" repeats. */
  failure: { error: DvcError; retry: 'refresh' | 'sync' } | undefined;
  changedFields: readonly ProfileField[] = [];
  revealed: ReadonlySet<ProfileField> = new Set();
  /** The polite live region's text. */
  announcement = '';

  private syncAbort?: AbortController;
  private syncRun?: Promise<void>;

  /** GET /me/profile for the signed-in citizen; runs again when the citizen or the API changes. */
  private readonly loader: FetchController<[api: string, sub: string, timeout: number], Profile>;

  constructor(
    private readonly host: ProfileHost,
    private readonly ports: ProfilePorts,
  ) {
    this.loader = new FetchController(host, {
      args: () => ports.identity(),
      task: ([api, , timeout], signal) => getProfile({ api, timeout, signal, authorize: ports.authorize, onUnauthorized: ports.unauthorized }),
      onComplete: (profile) => {
        this.current = profile;
      },
      onError: (error) => this.fail(error, 'refresh'),
    });
    host.addController(this);
  }

  /** Whether a load or a sync is under way. */
  get busy(): boolean {
    return this.loader.status === 'loading' || this.syncing;
  }

  hostDisconnected(): void {
    this.syncAbort?.abort();
  }

  /** Another citizen (or nobody): a clean panel. */
  reset(): void {
    this.syncAbort?.abort();
    this.current = undefined;
    this.revealed = new Set();
    this.changedFields = [];
    this.announcement = '';
    this.failure = undefined;
  }

  refresh(): Promise<void> {
    this.failure = undefined;
    this.changedFields = [];
    return this.loader.run();
  }

  /** One sync at a time: a second press joins the run under way. */
  sync(): Promise<void> {
    this.syncRun ??= this.runSync().finally(() => {
      this.syncRun = undefined;
    });
    return this.syncRun;
  }

  private async runSync(): Promise<void> {
    const identity = this.ports.identity();
    if (!identity) return;
    const [api, , timeout] = identity;
    const abort = (this.syncAbort = new AbortController());
    this.syncing = true;
    this.failure = undefined;
    this.announcement = '';
    this.host.requestUpdate();
    try {
      const profile = await syncProfile({ api, timeout, signal: abort.signal, authorize: this.ports.authorize, onUnauthorized: this.ports.unauthorized });
      if (abort.signal.aborted) return;
      // A load still under way would bring older data.
      this.loader.abort();
      const changed = PROFILE_FIELDS.filter((field) => profile.changed?.includes(field));
      this.current = profile;
      this.changedFields = changed;
      this.announcement = this.syncedMessage(changed);
      this.host.dispatchEvent(new DvcProfileSyncedEvent({ profile, changed: [...changed] }));
    } catch (error) {
      if (abort.signal.aborted || isAbort(error)) return;
      this.fail(toDvcError(error), 'sync');
    } finally {
      if (this.syncAbort === abort) {
        this.syncing = false;
        this.syncAbort = undefined;
      }
      this.host.requestUpdate();
    }
  }

  /** "Đã cập nhật 2 trường: Số điện thoại, Nơi sinh": field names only, never values. */
  private syncedMessage(changed: readonly ProfileField[]): string {
    const lang = this.ports.lang();
    if (changed.length === 0) return msg(lang, 'syncedUnchanged');
    const fields = changed.map((field) => msg(lang, field)).join(', ');
    return msg(lang, changed.length === 1 ? 'syncedChangedOne' : 'syncedChanged', { count: formatNumber(changed.length, lang), fields });
  }

  /** A failure of a run (already a DvcError: the fetch controller and the API client make it one). */
  private fail(error: DvcError, retry: 'refresh' | 'sync'): void {
    // Reported by the panel's handler of 401 already.
    if (error.code === 'session_expired') {
      this.ports.expired();
      return;
    }
    this.failure = { error, retry };
    this.ports.report(error);
  }

  /** The panel's text for the errors of the database behind the API; undefined for the common ones. */
  messageFor(error: DvcError, lang: Lang): string | undefined {
    if (error.code === 'http' && (error.status === 502 || error.status === 503 || error.status === 504)) return msg(lang, 'unavailable');
    if (error.code === 'http' && error.status === 429) {
      return error.retryAfter
        ? msg(lang, 'rateLimited', { seconds: formatNumber(Math.ceil(error.retryAfter), lang) })
        : msg(lang, 'rateLimitedNoWait');
    }
    return undefined;
  }

  /** The button stays focusable while a sync runs (aria-disabled); a press then joins the run under way. */
  private readonly handleSync = () => {
    void this.sync();
  };

  /** "Thử lại": the button goes away with the failure, so focus moves to the panel's action (or heading). */
  private readonly handleRetry = () => {
    void (this.failure?.retry === 'sync' ? this.sync() : this.refresh());
    void this.host.updateComplete.then(() => {
      const root = this.host.shadowRoot;
      const target = root?.querySelector<HTMLElement>('[part~="sync-button"]') ?? root?.querySelector('h2');
      target?.focus();
    });
  };

  private handleReveal(field: ProfileField): void {
    const next = new Set(this.revealed);
    if (next.has(field)) next.delete(field);
    else next.add(field);
    this.revealed = next;
    this.host.requestUpdate();
  }

  renderSyncButton(lang: Lang): TemplateResult | typeof nothing {
    if (!this.current) return nothing;
    return html`
      <button type="button" part="sync-button" aria-disabled=${this.syncing ? 'true' : 'false'} @click=${this.handleSync}>
        ${this.syncing ? msg(lang, 'syncing') : msg(lang, 'sync')}
      </button>
    `;
  }

  /** The signed-in panel; undefined while the profile loads (the panel says so). */
  render(lang: Lang, message: (error: DvcError) => string): TemplateResult | undefined {
    if (!this.current) return this.failure ? this.renderFailure(lang, message) : undefined;
    return html`
      ${this.renderFields(this.current, lang)} ${this.renderCounts(this.current, lang)} ${this.renderSyncedAt(this.current, lang)}
      ${this.failure ? this.renderFailure(lang, message) : nothing}
    `;
  }

  private renderFailure(lang: Lang, message: (error: DvcError) => string): TemplateResult {
    const { error } = this.failure!;
    const retry = error.retryable ? retryButton(lang, this.handleRetry, this.busy) : nothing;
    return problem(message(error), retry);
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
