// The page's one session per configuration: browser mode (session.ts) or backend mode
// (backend-session.ts). Backend mode's code is its own chunk, loaded only by a page whose
// configuration has `backend`; until it arrives the session is `busy`, as it is while
// GET {backend}/session answers.
import { DvcError } from '../internal/errors.js';
import type { BackendConfig, BackendSession } from './backend-session.js';
import { getSession as getBrowserSession, type AuthConfig } from './session.js';
import type { ApiAccess, PortalConfig, SessionLike, SessionState } from './types.js';

const BUSY: SessionState = { status: 'busy' };

/** Stands for the backend session until its module has loaded, then forwards everything to it. */
class DeferredBackendSession extends EventTarget implements SessionLike {
  #inner: BackendSession | undefined;
  #failed: SessionState | undefined;
  #loading: Promise<BackendSession | void> | undefined;

  constructor(readonly config: BackendConfig) {
    super();
    void this.#load();
  }

  get state(): SessionState {
    return this.#inner?.state ?? this.#failed ?? BUSY;
  }

  apiAccess(): Promise<ApiAccess | undefined> {
    return this.#inner?.apiAccess() ?? Promise.resolve(undefined);
  }

  login(options?: { prompt?: 'login' }): Promise<void> {
    return this.#run((s) => s.login(options));
  }

  logout(): Promise<void> {
    return this.#run((s) => s.logout());
  }

  switchAccount(): Promise<void> {
    return this.#run((s) => s.switchAccount());
  }

  completeSignIn(url?: string): Promise<void> {
    return this.#run((s) => s.completeSignIn(url));
  }

  expire(): void {
    this.#inner?.expire();
  }

  /** Loads the module first (again after a failure: "Thử lại" retries it). Never rejects. */
  async #run(action: (session: BackendSession) => Promise<void>): Promise<void> {
    const session = await this.#load();
    if (session) await action(session);
  }

  #load(): Promise<BackendSession | void> {
    return (this.#loading ??= import('./backend-session.js').then(
      ({ BackendSession }) => {
        const inner = (this.#inner = new BackendSession(this.config));
        inner.addEventListener('change', this.#changed);
        inner.resume();
        return inner;
      },
      (cause: unknown) => {
        this.#loading = undefined;
        this.#failed = { status: 'error', error: new DvcError('network', 'Backend mode did not load', { cause }) };
        this.#changed();
      },
    ));
  }

  readonly #changed = () => this.dispatchEvent(new Event('change'));
}

const backends = new Map<string, SessionLike>();

/**
 * The page's one session for `config`: backend mode when it has `backend` (one per backend URL),
 * else browser mode (one per issuer, client id and storage; the configuration must have both).
 * When first created it acts on the address: a sign-in to complete, a `dvc_error` to show, a
 * switch of account to continue.
 */
export function getSession(config: PortalConfig): SessionLike {
  if (!config.backend) return getBrowserSession(config as AuthConfig);
  let session = backends.get(config.backend);
  if (!session) {
    session = new DeferredBackendSession(config as BackendConfig);
    backends.set(config.backend, session);
  }
  return session;
}
