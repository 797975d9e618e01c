import { html, nothing, type PropertyValues } from 'lit';
import { parseConfig, requireAuth } from '../../auth/config.js';
import { getSession } from '../../auth/page-session.js';
import type { PortalConfig, SessionLike, User } from '../../auth/types.js';
import type { PortalContextValue } from '../../controllers/portal-context.js';
import { PortalProvider } from '../../controllers/portal-provider.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, toDvcError } from '../../internal/errors.js';
import { tokens } from '../../internal/styles.js';
import { styles } from './portal.styles.js';
import { runSessionAction, SessionTransitions } from '../../internal/session-events.js';

const CONFIG_ATTRIBUTES = ['backend', 'issuer', 'clientId', 'redirectUri', 'postLogoutRedirectUri', 'scope', 'api', 'storage', 'timeout', 'dpop'] as const;

/**
 * The configuration and session root of a page: every dvc widget inside it uses its configuration
 * and its one shared session. Renders its children unchanged; when its configuration is malformed
 * it shows a message above them and reports `dvc-error` {code: 'config'} once.
 *
 * When the page URL carries an authorization response, the session completes the sign-in on load
 * and removes the response from the address bar.
 *
 * Backend mode (`backend="/auth"`): the site's server (`dvc-widgets/server`) signs the citizen in
 * and keeps every token; the page holds only its HttpOnly cookie. `issuer` and `client-id` are then
 * not needed, `api` defaults to `{backend}/api`, and a `dvc_error` the backend puts in the address
 * after a failed sign-in becomes `dvc-error` (and leaves the address bar).
 *
 * Session events are dispatched once per transition, so a listener on `document` hears each once:
 * on the first `<dvc-login-button>` inside the portal (light DOM) when there is one, otherwise on
 * the portal itself.
 *
 * @attr backend - Backend mode: the path on this site where `dvc-widgets/server` is mounted, e.g. `/auth`
 *   (same origin only). Sign-in goes to `{backend}/login`, the session comes from `{backend}/session`,
 *   the widgets call `{backend}/api` with the cookie. `issuer` and `client-id` are then not needed.
 * @attr issuer - OpenID issuer URL (discovery at `/.well-known/openid-configuration`).
 * @attr client-id - The agency site's client id at the provider.
 * @attr redirect-uri - Where the provider sends the citizen back; default the page URL without query.
 * @attr post-logout-redirect-uri - Where the provider sends the citizen after sign-out.
 * @attr scope - OpenID scopes; default `openid profile`.
 * @attr api - Dossier API base URL (backend mode: default `{backend}/api`).
 * @attr lang - `vi` (default) or `en`, inherited by every widget inside.
 * @attr storage - `session` (default: the session survives navigation within the tab) or `memory`.
 * @attr timeout - Network timeout in seconds (default 15).
 * @attr dpop - Bind the tokens to a non-extractable DPoP key (RFC 9449) when the provider's discovery
 *   lists `dpop_signing_alg_values_supported`: every token, userinfo and API request carries a proof.
 *
 * @slot - The page content with its dvc widgets.
 *
 * @fires dvc-login - {user, restored} A citizen is signed in. Also fires when a session kept in the
 *   tab is restored at page load, with `restored: true` (false when this page completed the sign-in).
 * @fires dvc-logout - The signed-in session ended (sign-out here or in another tab, expiry, failure).
 * @fires dvc-error - {code, message, status?} The configuration is malformed (`config`, from the
 *   portal), or the session failed (see PRODUCT.md error codes).
 *
 * @csspart message - The configuration error message.
 * @cssprop --dvc-danger - Colour of the configuration message (default #b42318).
 * @cssprop --dvc-radius - Corner radius (default 6px).
 */
export class DvcPortal extends DvcElement {
  static override styles = [tokens, styles];

  private readonly provider = new PortalProvider(this);
  private readonly transitions = new SessionTransitions(() => this.querySelector('dvc-login-button') ?? this);
  private value: PortalContextValue = {};
  private configuredFor?: string;

  /** The page's shared session, or undefined when the configuration cannot sign anyone in. */
  get session(): SessionLike | undefined {
    return this.value.session;
  }

  /** The signed-in citizen, or null. */
  get user(): User | null {
    const state = this.value.session?.state;
    return state?.status === 'signed-in' ? (state.user ?? null) : null;
  }

  /** Starts the sign-in (navigates to the provider). Never rejects: problems become `dvc-error`. */
  login(): Promise<void> {
    return runSessionAction(this.session, (s) => s.login(), (e) => this.reportError(e), () => this.configError());
  }

  /** Signs the citizen out here, in other tabs, and at the provider. Never rejects. */
  logout(): Promise<void> {
    return runSessionAction(this.session, (s) => s.logout(), (e) => this.reportError(e), () => this.configError());
  }

  override connectedCallback(): void {
    // Before the context provider announces itself, so descendants get a real value at once.
    this.configure();
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.transitions.pause();
  }

  /** Creates the session for a configuration that can sign people in. */
  protected createSession(config: PortalConfig): SessionLike {
    return getSession(config);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.configure();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.transitions.watch(this.value.session);
  }

  protected override get configProblem(): DvcError | undefined {
    return this.value.error;
  }

  override render() {
    const { error } = this.value;
    return html`${error ? html`<p part="message" role="alert">${this.messageFor(error)}</p>` : nothing}<slot></slot>`;
  }

  /** Parses the attributes and (re)creates the session when they changed. */
  private configure(): void {
    const key = JSON.stringify(CONFIG_ATTRIBUTES.map((name) => this[name] ?? null));
    if (key === this.configuredFor) return;
    this.configuredFor = key;
    let value: PortalContextValue;
    try {
      const config = parseConfig(this);
      if (!config.backend && !config.issuer && !config.clientId) {
        // Public widgets only (statistics, results): no sign-in, nothing malformed.
        value = { config };
      } else {
        requireAuth(config);
        value = { config, session: this.createSession(config) };
      }
    } catch (error) {
      value = { error: toDvcError(error) };
    }
    this.value = value;
    this.provider.setValue(value);
  }

  private configError(): DvcError {
    return this.value.error ?? new DvcError('config', 'backend, or issuer and client-id, are missing');
  }
}

if (!customElements.get('dvc-portal')) customElements.define('dvc-portal', DvcPortal);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-portal': DvcPortal;
  }
}
