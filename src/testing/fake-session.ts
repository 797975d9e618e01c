/**
 * Test helpers: a session whose state the test sets, and a way to give it to a widget through the
 * portal context without `<dvc-portal>` or a real OpenID provider. Test code only.
 */
import type { ApiAccess, ApiRequest, PortalConfig, SessionLike, SessionState, User } from '../auth/types.js';
// A fake session fails with the sign-in's codes too, as the real ones do: their messages.
import '../i18n/signin-errors.js';
import type { PortalContextValue } from '../controllers/portal-context.js';
import { PortalProvider } from '../controllers/portal-provider.js';
import { DvcError, type ErrorCode } from '../internal/errors.js';

export type FakeSessionCall = 'login' | 'login:prompt=login' | 'logout' | 'switchAccount' | 'completeSignIn' | 'expire';

/** A citizen as the national portal would describe one (VNeID sign-in unless overridden). */
export function fakeUser(overrides: Partial<User> = {}): User {
  return {
    sub: 'citizen-045090001234',
    name: 'Nguyễn Đức Tuấn Kiệt',
    idNumber: '045090001234',
    birthDate: '1990-04-11',
    phone: '0912345123',
    gender: 'male',
    idp: 'BCA',
    vneid: true,
    accountType: 1,
    claims: { sub: 'citizen-045090001234', HoVaTen: 'Nguyễn Đức Tuấn Kiệt', loginIdp: 'BCA' },
    ...overrides,
  };
}

export const fakeConfig = (): PortalConfig & { issuer: string; clientId: string } => ({
  issuer: 'https://id.example.test',
  clientId: 'agency-site',
  redirectUri: 'https://agency.example.test/',
  scope: 'openid profile',
  storage: 'memory',
  timeout: 15000,
});

/**
 * A SessionLike whose state the test controls. It records every call in `calls` and does not
 * change state by itself unless `autoBusy` is set (login/logout/switchAccount then go `busy`).
 * `failNext` makes the next login/logout/switchAccount reject with that error.
 * While signed in, `apiAccess` authorises requests as browser mode does (`Bearer <token>`), or
 * with `access` when the test sets it (e.g. backend mode's header and cookie); every request it
 * authorised is in `authorised`.
 */
export class FakeSession extends EventTarget implements SessionLike {
  readonly config: PortalConfig;
  readonly calls: FakeSessionCall[] = [];
  autoBusy = false;
  failNext?: unknown;
  token = 'fake-access-token';
  /** What `apiAccess` answers while signed in, instead of the Bearer header. */
  access?: ApiAccess;
  readonly authorised: ApiRequest[] = [];
  private current: SessionState;

  constructor(state: SessionState = { status: 'signed-out' }, config: PortalConfig = fakeConfig()) {
    super();
    this.current = state;
    this.config = config;
  }

  get state(): SessionState {
    return this.current;
  }

  /** Sets the state and dispatches `change`, as the real session does. */
  setState(state: SessionState): void {
    this.current = state;
    this.dispatchEvent(new Event('change'));
  }

  /** Signed in as `user`; `extra` adds `restored` or `warning` as the real session may. */
  signIn(user: User = fakeUser(), extra: Omit<SessionState, 'status' | 'user'> = {}): void {
    this.setState({ status: 'signed-in', user, ...extra });
  }

  signOut(): void {
    this.setState({ status: 'signed-out' });
  }

  busy(): void {
    this.setState({ status: 'busy' });
  }

  fail(code: ErrorCode, options: { status?: number } = {}): DvcError {
    const error = new DvcError(code, `fake ${code}`, options);
    this.setState({ status: 'error', error });
    return error;
  }

  apiAccess(request: ApiRequest): Promise<ApiAccess | undefined> {
    if (this.current.status !== 'signed-in') return Promise.resolve(undefined);
    this.authorised.push(request);
    return Promise.resolve(this.access ?? { headers: { authorization: `Bearer ${this.token}` }, credentials: 'omit' });
  }

  login(options?: { prompt?: 'login' }): Promise<void> {
    return this.act(options?.prompt === 'login' ? 'login:prompt=login' : 'login');
  }

  logout(): Promise<void> {
    return this.act('logout');
  }

  switchAccount(): Promise<void> {
    return this.act('switchAccount');
  }

  completeSignIn(): Promise<void> {
    this.calls.push('completeSignIn');
    return Promise.resolve();
  }

  expire(): void {
    this.calls.push('expire');
    this.fail('session_expired');
  }

  private act(call: FakeSessionCall): Promise<void> {
    this.calls.push(call);
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    if (this.autoBusy) this.busy();
    return Promise.resolve();
  }
}

/**
 * Makes `host` provide the portal context, as `<dvc-portal>` does, so widgets inside it use
 * `session`. Returns the provider (call `setValue` to change what is provided).
 */
export function provideSession(
  host: HTMLElement,
  session: SessionLike | undefined,
  value: Omit<PortalContextValue, 'session'> = { config: session?.config ?? fakeConfig() },
): PortalProvider {
  const provider = new PortalProvider(host);
  provider.setValue({ ...value, session });
  provider.hostConnected();
  return provider;
}

/**
 * Renders `template` inside a container that provides `session` through the portal context
 * and resolves with the rendered element once it has updated.
 *
 * @example
 * const session = new FakeSession();
 * session.signIn();
 * const el = await sessionFixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`, session);
 */
export async function sessionFixture<T extends Element>(
  template: unknown,
  session: SessionLike | undefined,
  value?: Omit<PortalContextValue, 'session'>,
): Promise<T> {
  // Loaded here, not at the top: the testing kit (dvc-widgets/testing) is built on this file and
  // must not need @open-wc/testing.
  const { fixture } = await import('@open-wc/testing');
  const host = document.createElement('div');
  provideSession(host, session, value);
  const el = await fixture<T>(template as Parameters<typeof fixture>[0], { parentNode: host });
  const update = (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  if (update) await update;
  return el;
}
