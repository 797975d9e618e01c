// The page's one session per configuration: browser mode (session.ts) or backend mode
// (backend-session.ts). Each is its own chunk, loaded only when the page needs it:
// - backend mode at once (the session is `busy` meanwhile, as it is while GET {backend}/session answers);
// - browser mode at once when the page load has something for it (page-state.ts: a session kept in
//   the tab, an authorization response, a switch of account), busy meanwhile; else the page is
//   signed out, and the session loads when the citizen is about to sign in (prepare), signs in, or
//   another session object of the tab says it signed in.
import { DvcError } from '../internal/errors.js';
import { isRecord } from '../internal/http.js';
import type { BackendConfig } from './backend-session.js';
import { CHANNEL_NAME, carriesResponse, sessionKey, SWITCH_KEY, tabStorage } from './page-state.js';
import type { AuthConfig } from './session.js';
import type { ApiAccess, ApiRequest, PortalConfig, SessionLike, SessionState } from './types.js';

const BUSY: SessionState = { status: 'busy' };
const SIGNED_OUT: SessionState = { status: 'signed-out' };

/** Stands for a session until its module has loaded, then forwards everything to it. */
class DeferredSession extends EventTarget implements SessionLike {
  #inner: SessionLike | undefined;
  #failed: SessionState | undefined;
  #loading: Promise<SessionLike> | undefined;

  /**
   * @param make loads the session's module and makes the session, which acts on the address
   * @param waiting the state until it has loaded
   * @param warm starts loading what a sign-in needs besides the session's module
   */
  constructor(
    readonly config: PortalConfig,
    private readonly make: () => Promise<SessionLike>,
    private readonly waiting: SessionState,
    private readonly warm?: () => void,
  ) {
    super();
  }

  get state(): SessionState {
    return this.#inner?.state ?? this.#failed ?? this.waiting;
  }

  apiAccess(request: ApiRequest): Promise<ApiAccess | undefined> {
    return this.#inner?.apiAccess(request) ?? Promise.resolve(undefined);
  }

  login(options?: { prompt?: 'login' }): Promise<void> {
    if (!this.#inner) this.warm?.();
    return this.#run((s) => s.login(options));
  }

  /** Ahead of a sign-in: a failed download is left for login() to show (a pointer passing by shows nothing). */
  prepare(): void {
    if (!this.#inner) this.warm?.();
    this.#fetch().then((s) => s.prepare?.(), () => undefined);
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
  async #run(action: (session: SessionLike) => Promise<void>): Promise<void> {
    const session = await this.load();
    if (session) await action(session);
  }

  /** Loads the session once; a failure is the `network` error state, and the next call tries again. */
  load(): Promise<SessionLike | void> {
    return this.#fetch().catch((cause: unknown) => {
      this.#failed = { status: 'error', error: new DvcError('network', 'The session did not load', { cause }) };
      this.#changed();
    });
  }

  /** The download, once (again after a failure). */
  #fetch(): Promise<SessionLike> {
    return (this.#loading ??= this.make().then(
      (inner) => {
        this.#inner = inner;
        this.#failed = undefined;
        inner.addEventListener('change', this.#changed);
        this.#changed();
        return inner;
      },
      (cause: unknown) => {
        this.#loading = undefined;
        throw cause;
      },
    ));
  }

  readonly #changed = () => this.dispatchEvent(new Event('change'));
}

/** Whether a page load has something for the browser-mode session of `config` to act on at once. */
function hasWork({ issuer, clientId, storage: mode }: AuthConfig): boolean {
  const storage = tabStorage();
  const kept = mode !== 'memory' && !!storage?.getItem(sessionKey(issuer, clientId));
  return kept || !!storage?.getItem(SWITCH_KEY) || carriesResponse(new URLSearchParams(location.search));
}

const ignore = () => undefined;
/** The sign-in start and discovery, which the session imports for a sign-in: asked for with it, not after it. */
const warmSignIn = () => {
  import('./actions.js').catch(ignore);
  import('./discovery.js').catch(ignore);
};

/**
 * A signed-out page's session: loads when another session object of the tab signs in (its
 * message on the tab's channel; session.ts then reads what the tab keeps).
 */
function signedOut(config: AuthConfig, make: () => Promise<SessionLike>): DeferredSession {
  const session = new DeferredSession(config, make, SIGNED_OUT, warmSignIn);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (isRecord(data) && data.type === 'signed-in' && data.issuer === config.issuer && data.clientId === config.clientId) {
        channel.close();
        void session.load();
      }
    };
  }
  return session;
}

const sessions = new Map<string, SessionLike>();

/**
 * The page's one session for `config`: backend mode when it has `backend` (one per backend URL),
 * else browser mode (one per issuer, client id and storage; the configuration must have both).
 * When first created it acts on the address: a sign-in to complete, a `dvc_error` to show, a
 * switch of account to continue.
 */
export function getSession(config: PortalConfig): SessionLike {
  const key = config.backend ?? JSON.stringify([config.issuer, config.clientId, config.storage]);
  let session = sessions.get(key);
  if (!session) {
    if (config.backend) {
      const backend = config as BackendConfig;
      const make = () =>
        import('./backend-session.js').then(({ BackendSession }) => {
          const inner = new BackendSession(backend);
          inner.resume();
          return inner;
        });
      const deferred = new DeferredSession(config, make, BUSY);
      void deferred.load();
      session = deferred;
    } else {
      const auth = config as AuthConfig;
      const make = () => import('./session.js').then(({ getSession: browserSession }) => browserSession(auth));
      if (hasWork(auth)) {
        const deferred = new DeferredSession(config, make, BUSY);
        void deferred.load();
        session = deferred;
      } else session = signedOut(auth, make);
    }
    sessions.set(key, session);
  }
  return session;
}
