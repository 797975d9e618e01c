import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { SessionLike, SessionState, User } from '../../auth/types.js';
import { SessionController } from '../../controllers/session-controller.js';
import { DvcProfileRequestEvent } from '../../events/profile-request.js';
import { common, type ErrorCatalogue } from '../../i18n/index.js';
import { signInErrors } from '../../i18n/signin-errors.js';
import { parseConfig } from '../../auth/config.js';
import type { ConfigParser } from '../../internal/data-config.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, type ErrorCode } from '../../internal/errors.js';
import { retryButton } from '../../internal/templates.js';
import { maskIdNumber } from '../../validation/mask.js';
import { runSessionAction, SessionTransitions } from '../../internal/session-events.js';
import { messages } from './login-button.messages.js';
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
  protected static override errorCatalogue: ErrorCatalogue = signInErrors;
  protected static override parseConfig: ConfigParser = parseConfig;
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    menuOpen: { state: true },
  };

  private readonly sessions = new SessionController(this, () => this.portal ?? this.resolved);
  /** Session events when this button stands alone (a portal reports them itself). */
  private readonly transitions = new SessionTransitions(() => this);
  private declare menuOpen: boolean;

  constructor() {
    super();
    this.menuOpen = false;
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
    document.removeEventListener('click', this.handleDocumentClick);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.sessions.state.status !== 'signed-in') this.menuOpen = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.menuOpen) document.addEventListener('click', this.handleDocumentClick);
    else document.removeEventListener('click', this.handleDocumentClick);
    this.transitions.watch(this.inPortal ? undefined : this.sessions.session);
  }

  /** A malformed portal reports its own configuration error; everything else is ours, once. */
  protected override get configProblem(): DvcError | undefined {
    return this.portal?.error ? undefined : this.shownConfigError;
  }

  /** Inside a `<dvc-portal>` whose definition has not loaded yet: no configuration error meanwhile. */
  private get shownConfigError(): DvcError | undefined {
    const waitingForPortal = !this.portal && this.closest('dvc-portal') !== null && !customElements.get('dvc-portal');
    return waitingForPortal ? undefined : this.sessions.configError;
  }

  override render() {
    const state = this.sessions.state;
    const busy = state.status === 'busy';
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

  private renderSignedIn(user: User | undefined): TemplateResult {
    const m = this.messages;
    return html`<button
        part="button"
        type="button"
        id="menu-button"
        aria-haspopup="menu"
        aria-expanded=${this.menuOpen ? 'true' : 'false'}
        aria-controls=${this.menuOpen ? 'menu' : nothing}
        @click=${this.handleMenuButtonClick}
        @keydown=${this.handleMenuButtonKeydown}
      >
        <span class="sr-only">${m.signedInAs}</span>
        <span part="name">${this.displayName(user)}</span>
        ${user?.vneid ? html`<span class="badge">${m.vneid}</span>` : nothing}
        <span class="caret" aria-hidden="true"></span>
      </button>
      ${this.menuOpen
        ? html`<div part="menu" id="menu" role="menu" aria-labelledby="menu-button" @keydown=${this.handleMenuKeydown}>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleProfile}>${m.profile}</button>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleSwitchAccount}>${m.switchAccount}</button>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleLogout}>${m.logout}</button>
          </div>`
        : nothing}`;
  }

  private renderMessage(error: DvcError): TemplateResult {
    const canRetry = error.code !== 'config' && (error.retryable || RETRY_BY_SIGNING_IN.has(error.code));
    return html`<p part="message" role="alert">${this.messageFor(error)}</p>
      ${canRetry ? retryButton(this.language, this.handleLogin) : nothing}`;
  }

  private get messages() {
    return messages[this.language];
  }

  /** The name, else the masked ID number, else "Không có dữ liệu". */
  private displayName(user: User | undefined): string {
    const name = typeof user?.name === 'string' ? user.name.trim() : '';
    if (name) return name;
    if (typeof user?.idNumber === 'string' && user.idNumber.trim()) return maskIdNumber(user.idNumber);
    return common[this.language].noData;
  }

  private get menuButton(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('#menu-button');
  }

  private get menuItems(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private async openMenu(focus: 'first' | 'last'): Promise<void> {
    this.menuOpen = true;
    await this.updateComplete;
    const items = this.menuItems;
    items[focus === 'first' ? 0 : items.length - 1]?.focus();
  }

  private closeMenu(returnFocus: boolean): void {
    if (!this.menuOpen) return;
    if (returnFocus) this.menuButton?.focus();
    this.menuOpen = false;
  }

  private readonly handleLogin = () => {
    void this.login();
  };

  /** The pointer is on the sign-in button, or it has focus: the session loads what a sign-in needs. */
  private readonly handlePrepare = () => {
    this.sessions.session?.prepare?.();
  };

  private readonly handleMenuButtonClick = () => {
    if (this.menuOpen) this.closeMenu(true);
    else void this.openMenu('first');
  };

  private readonly handleMenuButtonKeydown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  private readonly handleMenuKeydown = (event: KeyboardEvent) => {
    const items = this.menuItems;
    const index = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = (index + 1) % items.length;
        break;
      case 'ArrowUp':
        next = (index - 1 + items.length) % items.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        this.closeMenu(true);
        return;
      case 'Tab':
        // Focus goes back to the menu button first, so Tab continues from there.
        this.closeMenu(true);
        return;
      default:
        return;
    }
    event.preventDefault();
    items[next]?.focus();
  };

  private readonly handleDocumentClick = (event: Event) => {
    if (!event.composedPath().includes(this)) this.closeMenu(false);
  };

  private readonly handleProfile = () => {
    const user = this.sessions.state.user;
    this.closeMenu(true);
    if (user) this.dispatchEvent(new DvcProfileRequestEvent({ user }));
  };

  private readonly handleSwitchAccount = () => {
    this.closeMenu(true);
    void this.switchAccount();
  };

  private readonly handleLogout = () => {
    this.closeMenu(true);
    void this.logout();
  };
}

if (!customElements.get('dvc-login-button')) customElements.define('dvc-login-button', DvcLoginButton);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-login-button': DvcLoginButton;
  }
}
