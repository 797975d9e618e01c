import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Profile } from '../../api/shapes.js';
import { parseConfig } from '../../auth/config.js';
import { keepsSession } from '../../auth/page-state.js';
import type { ApiRequest } from '../../auth/types.js';
import { SessionController } from '../../controllers/session-controller.js';
import { common, errorMessage, type Lang } from '../../i18n/index.js';
import type { ConfigParser } from '../../internal/data-config.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, isAbort } from '../../internal/errors.js';
import { OnDemand } from '../../internal/on-demand.js';
import { problem, retryButton, signInPrompt } from '../../internal/templates.js';
import { msg } from './profile-sync.messages.js';
import type * as ViewModule from './profile-view.js';
import type { ProfileView } from './profile-view.js';
import { styles } from './profile-sync.styles.js';

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
  protected static override parseConfig: ConfigParser = parseConfig;
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    expired: { state: true },
  };

  /** The portal's session, or this element's own for its own issuer and client id. */
  private readonly sessionController = new SessionController(this, () => ({
    ...this.resolved,
    ...(this.portal?.session ? { session: this.portal.session } : {}),
  }));

  /** The API answered 401: the session is over until the citizen signs in again. */
  private declare expired: boolean;

  /** Whose profile is on screen (api and subject); another citizen means a clean panel. */
  private shownFor: string | undefined;

  /** The signed-in half (profile-view.ts), loaded when a citizen is signed in. */
  readonly #half = new OnDemand(
    this,
    () =>
      DvcProfileSync.loadView().then(
        ({ ProfileView }) =>
          new ProfileView(this, {
            lang: () => this.language,
            identity: () => this.identity(),
            authorize: this.authorize,
            unauthorized: this.handleUnauthorized,
            expired: () => {
              this.expired = true;
            },
            report: (error) => this.reportError(error),
          }),
      ),
    (error) => this.reportError(error),
  );

  get #view(): ProfileView | undefined {
    return this.#half.value;
  }

  /** How the signed-in half loads (tests slow it down or make it fail). */
  protected static loadView: () => Promise<typeof ViewModule> = () => import('./profile-view.js');

  constructor() {
    super();
    this.expired = false;
    // A tab that keeps a session: the signed-in half downloads with the session, not after it.
    if (keepsSession()) this.#half.want();
  }

  /** The profile on screen, as the API returned it (after a sync, with `changed`); undefined before it loads. Read-only. */
  get profile(): Profile | undefined {
    return this.#view?.current;
  }

  /** Loads the profile again (GET /me/profile). Resolves when done; a failure shows in the panel and fires `dvc-error`. */
  refresh(): Promise<void> {
    return this.#view?.refresh() ?? this.updateComplete.then(() => this.#view?.refresh());
  }

  /**
   * "Cập nhật từ CSDL Quốc gia về Dân cư" (POST /me/profile/sync). While one runs, calling it again
   * returns the same run: two quick presses make one request. Resolves when done; a failure shows
   * in the panel (what was on screen stays) and fires `dvc-error`.
   */
  sync(): Promise<void> {
    return this.#view?.sync() ?? this.updateComplete.then(() => this.#view?.sync());
  }

  /** Moves focus to the panel's heading (as when a page brings the panel into view). */
  override focus(options?: FocusOptions): void {
    this.shadowRoot?.querySelector<HTMLElement>('h2')?.focus(options);
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
      this.#view?.reset();
      if (identity) this.expired = false;
    }
    super.update(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.identity()) this.#half.want();
  }

  /** Also waits for the signed-in half when it is on its way. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#half.settle(() => super.getUpdateComplete());
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

  /** The text the panel shows for an error. */
  protected override messageFor(error: DvcError): string {
    return this.#view?.messageFor(error, this.language) ?? super.messageFor(error);
  }

  private readonly handleSignIn = () => {
    this.sessionController.session?.login().catch((error: unknown) => {
      if (!isAbort(error)) this.reportError(error);
    });
  };

  protected override render(): TemplateResult {
    const lang = this.language;
    const signedIn = this.sessionController.state.status === 'signed-in';
    const busy = this.sessionController.state.status === 'busy' || (signedIn && (this.#view ? this.#view.busy : !this.#half.error));
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'}>
        <header>
          <h2 id="heading" tabindex="-1">${msg(lang, 'heading')}</h2>
          ${signedIn && this.#view ? this.#view.renderSyncButton(lang) : nothing}
        </header>
        ${this.renderBody(lang)}
        <p part="message" class="status" role="status" aria-live="polite">${this.#view?.announcement ?? ''}</p>
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
    if (this.#half.error) return problem(this.messageFor(this.#half.error), retryButton(lang, this.#half.retry));
    return this.#view?.render(lang, (error) => this.messageFor(error)) ?? html`<p>${msg(lang, 'loading')}</p>`;
  }
}

if (!customElements.get('dvc-profile-sync')) customElements.define('dvc-profile-sync', DvcProfileSync);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-profile-sync': DvcProfileSync;
  }
}
