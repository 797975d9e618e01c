import { LitElement, type PropertyValues } from 'lit';
import type { PortalConfig } from '../auth/types.js';
import { PortalConsumer, type PortalContextValue } from '../controllers/portal-context.js';
import { DvcErrorEvent, errorDetail } from '../events/error.js';
import { errorMessage, langOf, type ErrorCatalogue, type Lang } from '../i18n/index.js';
import { englishStrings } from '../i18n/lang.js';
import { parseDataConfig, type ConfigParser } from './data-config.js';
import { DvcError, toDvcError } from './errors.js';

const connected = new Set<DvcElement>();

let langObserver: MutationObserver | undefined;

/** Re-render every element when `<html lang>` changes. One observer for the page. */
function watchDocumentLang(): void {
  if (langObserver) return;
  langObserver = new MutationObserver(() => connected.forEach((el) => el.requestUpdate()));
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/**
 * The base of every dvc element: the configuration (from the enclosing `<dvc-portal>`
 * or from its own attributes when it stands alone), the language, and error reporting.
 *
 * @attr backend - Backend mode: the path on this site where `dvc-widgets/server` is mounted, e.g. `/auth`
 *   (only outside `<dvc-portal>`; then `issuer` and `client-id` are not needed).
 * @attr issuer - OpenID issuer URL (only outside `<dvc-portal>`).
 * @attr client-id - OpenID client id (only outside `<dvc-portal>`).
 * @attr redirect-uri - Where the provider sends the citizen back; defaults to the page URL.
 * @attr post-logout-redirect-uri - Where the provider sends the citizen after sign-out.
 * @attr scope - OpenID scopes; default `openid profile`.
 * @attr api - Dossier API base URL (backend mode: default `{backend}/api`).
 * @attr storage - `session` (default) or `memory`.
 * @attr timeout - Network timeout in seconds (default 15).
 * @attr dpop - Bind the tokens to a DPoP key (RFC 9449) when the provider offers it.
 * @fires dvc-error - Something failed; detail `{code, message, status?}`.
 */
export class DvcElement extends LitElement {
  static override properties = {
    backend: {},
    issuer: { reflect: true },
    clientId: { attribute: 'client-id', reflect: true },
    redirectUri: { attribute: 'redirect-uri' },
    postLogoutRedirectUri: { attribute: 'post-logout-redirect-uri' },
    scope: {},
    api: {},
    storage: {},
    timeout: {},
    dpop: { type: Boolean },
    portal: { state: true },
  };

  declare backend: string | undefined;
  declare issuer: string | undefined;
  declare clientId: string | undefined;
  declare redirectUri: string | undefined;
  declare postLogoutRedirectUri: string | undefined;
  declare scope: string | undefined;
  declare api: string | undefined;
  declare storage: string | undefined;
  declare timeout: string | undefined;
  declare dpop: boolean | undefined;
  /** What the enclosing `<dvc-portal>` provides, if any. */
  protected declare portal: PortalContextValue | undefined;

  private ownConfig?: { config?: PortalConfig; error?: DvcError };
  #reportedConfig?: string;

  constructor() {
    super();
    new PortalConsumer(this, (value) => {
      this.portal = value;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connected.add(this);
    watchDocumentLang();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /**
   * An element drawing in English waits for the English strings where they load on demand (the
   * script tag's build); if they cannot be downloaded it draws in Vietnamese rather than not at all.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (!englishStrings.pending() || this.language !== 'en') return super.scheduleUpdate();
    return englishStrings.load().then(
      () => super.scheduleUpdate(),
      () => super.scheduleUpdate(),
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const attrs = ['backend', 'issuer', 'clientId', 'redirectUri', 'postLogoutRedirectUri', 'scope', 'api', 'storage', 'timeout', 'dpop'] as const;
    if (!this.ownConfig || attrs.some((name) => changed.has(name))) this.ownConfig = this.parseOwnConfig();
  }

  private parseOwnConfig(): { config?: PortalConfig; error?: DvcError } {
    try {
      return { config: (this.constructor as typeof DvcElement).parseConfig(this) };
    } catch (error) {
      return { error: toDvcError(error) };
    }
  }

  /**
   * How the element reads its configuration attributes when it stands alone: `api` and `timeout`
   * (public data); the elements that hold the sign-in read them all (`parseConfig`, auth/config.ts).
   */
  protected static parseConfig: ConfigParser = parseDataConfig;

  /**
   * Inside a `<dvc-portal>` whose module has not arrived yet (the script tag loads each element on its
   * own): the element waits for the portal's configuration, with no configuration problem meanwhile.
   */
  protected get awaitingPortal(): boolean {
    return !this.portal && this.closest('dvc-portal') !== null && !customElements.get('dvc-portal');
  }

  /** Whether this element is inside a `<dvc-portal>`. */
  protected get inPortal(): boolean {
    return this.portal !== undefined;
  }

  /**
   * The effective configuration: the portal's, with this element's own `api` taking
   * precedence when set; or this element's own attributes when it stands alone.
   */
  protected get resolved(): { config?: PortalConfig; error?: DvcError } {
    // Parsed here too when asked before the first update (a fetch starting as the element connects).
    const own = (this.ownConfig ??= this.parseOwnConfig());
    if (!this.portal) return this.awaitingPortal ? {} : own;
    if (this.portal.config && this.api && own.config?.api) return { config: { ...this.portal.config, api: own.config.api } };
    return this.portal;
  }

  /** The language of the element: its own `lang`, else the nearest ancestor's, else `<html lang>`. */
  protected get language(): Lang {
    return langOf(this);
  }

  /** A `config` problem the element shows, if any; `updated` reports it once as `dvc-error`. */
  protected get configProblem(): DvcError | undefined {
    return undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const problem = this.configProblem;
    const key = problem && problem.message;
    if (key && key !== this.#reportedConfig) this.reportError(problem);
    this.#reportedConfig = key;
  }

  /** The messages of the codes beyond the common ones that the element meets (sign-in, code entry). */
  protected static errorCatalogue?: ErrorCatalogue;

  /** The text the element shows for an error. */
  protected messageFor(error: DvcError): string {
    return errorMessage(error.code, this.language, (this.constructor as typeof DvcElement).errorCatalogue);
  }

  /**
   * Reports an error: dispatches `dvc-error` with the message the widget shows (`message`, when the
   * widget shows another text than the catalogue's, e.g. the server's own), and returns the DvcError.
   */
  protected reportError(error: unknown, message?: string): DvcError {
    const dvcError = toDvcError(error);
    this.dispatchEvent(new DvcErrorEvent(errorDetail(dvcError, message ?? this.messageFor(dvcError))));
    return dvcError;
  }
}
