import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { SessionLike, SessionState, User } from '../../auth/types.js';
import { keepsSession } from '../../auth/page-state.js';
import { SessionController } from '../../controllers/session-controller.js';
import { common } from '../../i18n/index.js';
import { parseConfig } from '../../auth/config.js';
import type { ConfigParser } from '../../internal/data-config.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, type ErrorCode } from '../../internal/errors.js';
import { OnDemand } from '../../internal/on-demand.js';
import { retryButton } from '../../internal/templates.js';
import { runSessionAction, SessionTransitions } from '../../internal/session-events.js';
import type * as MenuModule from './account-menu.js';
import { styles } from './login-button.styles.js';

/** Sign-in failures where a fresh sign-in ("Thử lại") is the way out, besides DvcError.retryable. */
const RETRY_BY_SIGNING_IN = new Set<ErrorCode>(['state_mismatch', 'issuer_mismatch', 'id_token_invalid', 'nonce_mismatch', 'userinfo_mismatch']);

/**
 * The button "Đăng nhập bằng Cổng DVC Quốc gia". Signed out: the button. Busy: disabled, with
 * progress text. Signed in: the citizen's name (else the masked ID number) as a menu button with
 * "Thông tin cá nhân", "Đăng nhập bằng tài khoản khác" (switch account without clearing the
 * browser cache) and "Đăng xuất"; a sign-in that came with a warning (userinfo about someone else,
 * ignored) shows it under the name. Failed: the message, "Thử lại" where a fresh sign-in can help,
 * and the sign-in button.
 *
 * Inside `<dvc-portal>` it uses the portal's session; standing alone it takes the same
 * configuration attributes (`issuer`, `client-id`, ...) itself.
 *
 * @fires dvc-login - {user, restored} A citizen is signed in (`restored: true` when a session kept
 *   in the tab was restored at page load). Inside a portal, the first login button in the portal's
 *   light DOM carries the session events; each fires once per transition.
 * @fires dvc-logout - The signed-in session ended.
 * @fires dvc-error - {code, message, status?} Sign-in failed, or the configuration is missing or
 *   malformed (`config`, once; inside a malformed portal the portal reports it).
 * @fires dvc-profile-request - {user} The citizen chose "Thông tin cá nhân": show the profile panel.
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The sign-in button, or the menu button with the citizen's name.
 * @csspart name - The citizen's name in the menu button.
 * @csspart menu - The account menu.
 * @csspart menuitem - Each item of the account menu.
 * @csspart message - The error message.
 * @csspart retry - The "Thử lại" button.
 *
 * @cssprop --dvc-primary - Button colour (default #1a56a8).
 * @cssprop --dvc-on-primary - Text on the button (default #ffffff).
 * @cssprop --dvc-radius - Corner radius (default 6px).
 * @cssprop --dvc-font-family - Font stack (default one with Vietnamese diacritics).
 * @cssprop --dvc-focus-color - Focus ring colour (default #f59e0b).
 * @cssprop --dvc-danger - Error text colour (default #b42318).
 * @cssprop --dvc-surface - Menu background (default #ffffff).
 * @cssprop --dvc-text - Text colour (default #1f2933).
 * @cssprop --dvc-border - Menu border (default #c4cdd8).
 */
export class DvcLoginButton extends DvcElement {
  protected static override parseConfig: ConfigParser = parseConfig;
  static override styles = styles;

  private readonly sessions = new SessionController(this, () => this.portal ?? this.resolved);
  /** Session events when this button stands alone (a portal reports them itself). */
  private readonly transitions = new SessionTransitions(() => this);
  /** The signed-in half (account-menu.ts), loaded when a citizen is signed in. */
  readonly #menu = new OnDemand(
    this,
    () => DvcLoginButton.loadMenu().then(({ AccountMenu }) => new AccountMenu(this, () => this.sessions.state.user)),
    (error) => this.reportError(error),
  );

  constructor() {
    super();
    // A tab that keeps a session: the menu downloads with the session, not after it.
    if (keepsSession()) this.#menu.want();
  }

  /** Starts the sign-in (navigates to the provider). Never rejects: problems become `dvc-error`. */
  login(): Promise<void> {
    return this.act((s) => s.login());
  }

  /** Signs the citizen out here, in other tabs, and at the provider. Never rejects. */
  logout(): Promise<void> {
    return this.act((s) => s.logout());
  }

  /** Signs out at the provider, then asks it for a fresh sign-in (`prompt=login`). Never rejects. */
  switchAccount(): Promise<void> {
    return this.act((s) => s.switchAccount());
  }

  private async act(action: (session: SessionLike) => Promise<void>): Promise<void> {
    await this.updateComplete;
    return runSessionAction(
      this.sessions.session,
      action,
      (e) => this.reportError(e),
      () => this.sessions.configError ?? new DvcError('config', 'issuer or client-id is missing'),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.transitions.pause();
    this.#menu.value?.stopListening();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const menu = this.#menu.value;
    if (menu && this.sessions.state.status !== 'signed-in') menu.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // After the session controller's part of the update: the state drawn is the session's.
    if (this.sessions.state.status === 'signed-in') this.#menu.want();
    this.#menu.value?.listen();
    this.transitions.watch(this.inPortal ? undefined : this.sessions.session);
  }

  /** Also waits for the signed-in half when it is on its way (the citizen's name is drawn then). */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#menu.settle(() => super.getUpdateComplete());
  }

  /** How the signed-in half loads (tests slow it down or make it fail). */
  protected static loadMenu: () => Promise<typeof MenuModule> = () => import('./account-menu.js');

  /** A malformed portal reports its own configuration error; everything else is ours, once. */
  protected override get configProblem(): DvcError | undefined {
    return this.portal?.error ? undefined : this.shownConfigError;
  }

  /** Inside a `<dvc-portal>` whose definition has not loaded yet: no configuration error meanwhile. */
  private get shownConfigError(): DvcError | undefined {
    return this.awaitingPortal ? undefined : this.sessions.configError;
  }

  override render() {
    const state = this.sessions.state;
    // Busy too while a signed-in citizen's menu downloads.
    const busy = state.status === 'busy' || (state.status === 'signed-in' && !this.#menu.value && !this.#menu.error);
    return html`<div part="base" aria-busy=${busy ? 'true' : 'false'}>${this.renderState(state)}</div>`;
  }

  private renderState(state: SessionState): TemplateResult {
    const configError = this.shownConfigError;
    if (configError) return this.renderMessage(configError);
    switch (state.status) {
      case 'busy':
        return this.renderBusy();
      case 'signed-in':
        return html`${this.renderSignedIn(state.user)}${state.warning
          ? html`<p part="message" role="status">${this.messageFor(state.warning)}</p>`
          : nothing}`;
      case 'error':
        return html`${state.error ? this.renderMessage(state.error) : nothing}${this.renderSignIn()}`;
      default:
        return this.renderSignIn();
    }
  }

  private renderSignIn(): TemplateResult {
    const prepare = this.handlePrepare;
    return html`<button part="button" type="button" @click=${this.handleLogin} @pointerenter=${prepare} @focus=${prepare}>${common[this.language].signIn}</button>`;
  }

  private renderBusy(): TemplateResult {
    return html`<button part="button" type="button" disabled aria-disabled="true">
      <span class="spinner" aria-hidden="true"></span><span>${common[this.language].signingIn}</span>
    </button>`;
  }

  /** The citizen's menu, once it has loaded: until then "Đang đăng nhập…", or why it could not load. */
  private renderSignedIn(user: User | undefined): TemplateResult {
    const lang = this.language;
    const { value: menu, error } = this.#menu;
    if (menu) return menu.render(user, lang);
    if (error) return html`<p part="message" role="alert">${this.messageFor(error)}</p>${retryButton(lang, this.#menu.retry)}`;
    return this.renderBusy();
  }

  private renderMessage(error: DvcError): TemplateResult {
    const canRetry = error.code !== 'config' && (error.retryable || RETRY_BY_SIGNING_IN.has(error.code));
    return html`<p part="message" role="alert">${this.messageFor(error)}</p>
      ${canRetry ? retryButton(this.language, this.handleLogin) : nothing}`;
  }

  private readonly handleLogin = () => {
    void this.login();
  };

  /** The pointer is on the sign-in button, or it has focus: the session loads what a sign-in needs. */
  private readonly handlePrepare = () => {
    this.sessions.session?.prepare?.();
  };
}

if (!customElements.get('dvc-login-button')) customElements.define('dvc-login-button', DvcLoginButton);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-login-button': DvcLoginButton;
  }
}
