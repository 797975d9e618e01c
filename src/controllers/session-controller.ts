import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { requireAuth } from '../auth/config.js';
import { getSession } from '../auth/page-session.js';
import type { PortalConfig, SessionLike, SessionState } from '../auth/types.js';
import type { DvcError } from '../internal/errors.js';

export interface SessionSource {
  config?: PortalConfig;
  error?: DvcError;
  session?: SessionLike;
}

/**
 * Gives an element the page's shared session: the enclosing portal's, or, for an element
 * standing alone, the one for its own `backend`, or issuer and client id. Re-renders the host on every change.
 */
export class SessionController implements ReactiveController {
  session?: SessionLike;
  /** A `config` error when there is no usable backend, or issuer and client id. */
  configError?: DvcError;

  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => SessionSource,
  ) {
    host.addController(this);
  }

  get state(): SessionState {
    return this.session?.state ?? { status: 'signed-out' };
  }

  hostConnected(): void {
    this.connected = true;
    this.session?.addEventListener('change', this.handleChange);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.session?.removeEventListener('change', this.handleChange);
  }

  hostUpdate(): void {
    const source = this.source();
    let next = source.session;
    this.configError = undefined;
    if (!next) {
      const config = source.config ?? ({} as PortalConfig);
      try {
        if (source.error) throw source.error;
        requireAuth(config);
      } catch (error) {
        this.configError = error as DvcError;
      }
      if (!this.configError) next = getSession(config);
    }
    if (next === this.session) return;
    if (this.connected) this.session?.removeEventListener('change', this.handleChange);
    this.session = next;
    if (this.connected) this.session?.addEventListener('change', this.handleChange);
  }

  private readonly handleChange = () => this.host.requestUpdate();
}
