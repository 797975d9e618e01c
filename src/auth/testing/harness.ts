// Shared set-up of the OpenID client's tests: a fake provider per test, sessions with captured
// navigation, and the page's address and storage put back afterwards.
import { pageUrl } from '../../internal/data-config.js';
import { createSession, type AuthConfig, type Session, type SessionOptions } from '../session.js';
import type { SessionLike } from '../types.js';
import { createKey, FakeProvider, type SigningKey } from './fake-provider.js';

let sharedKey: Promise<SigningKey> | undefined;
const startUrl = location.href;
const realNow = Date.now;

export interface Harness {
  provider: FakeProvider;
  navigations: string[];
  config(overrides?: Partial<AuthConfig>): AuthConfig;
  /** A session whose navigation is captured; `options.loadActions` and `options.loadLive` replace how it loads its on-demand code. */
  session(overrides?: Partial<AuthConfig>, options?: Pick<SessionOptions, 'loadActions' | 'loadLive'>): Session;
  /** login() and the URL it navigated to. */
  authorizationUrl(session: Session, options?: { prompt?: 'login' }): Promise<string>;
  /** login(), then the provider's redirect back (code, state, iss, plus `extra`). */
  callbackUrl(session: Session, extra?: Record<string, string>): Promise<string>;
  /** A whole sign-in; resolves with the callback URL used. */
  signIn(session: Session): Promise<string>;
  /** Moves the page's clock (Date.now) forward. */
  advanceClock(ms: number): void;
  /** Resolves with the next URL the client navigates to. */
  nextNavigation(): Promise<string>;
}

export function clearDvcStorage(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('dvc:')) sessionStorage.removeItem(key);
}

/** Call from beforeEach; `teardown` from afterEach. */
export async function setup(): Promise<Harness> {
  sharedKey ??= createKey('key-1');
  const provider = await FakeProvider.create(await sharedKey);
  provider.install();
  clearDvcStorage();
  const navigations: string[] = [];
  const waiting: ((url: string) => void)[] = [];
  const navigate = (url: string) => {
    navigations.push(url);
    waiting.splice(0).forEach((resolve) => resolve(url));
  };
  const created: Session[] = [];
  let shift = 0;
  const config = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
    issuer: provider.issuer,
    clientId: provider.clientId,
    redirectUri: pageUrl(),
    scope: 'openid profile',
    storage: 'session',
    timeout: 5000,
    ...overrides,
  });
  const harness: Harness = {
    provider,
    navigations,
    config,
    session(overrides, options) {
      const session = createSession(config(overrides), { ...options, navigate });
      created.push(session);
      return session;
    },
    async authorizationUrl(session, options) {
      const before = navigations.length;
      await session.login(options);
      if (navigations.length !== before + 1) throw new Error(`login did not navigate: ${JSON.stringify(session.state)}`);
      return navigations.at(-1)!;
    },
    async callbackUrl(session, extra) {
      return provider.authorize(await harness.authorizationUrl(session), extra);
    },
    async signIn(session) {
      const url = await harness.callbackUrl(session);
      await session.completeSignIn(url);
      return url;
    },
    nextNavigation() {
      return new Promise((resolve) => waiting.push(resolve));
    },
    advanceClock(ms) {
      shift += ms;
      Date.now = () => realNow() + shift;
    },
  };
  teardowns.push(() => {
    provider.restore();
    created.forEach((s) => s.dispose());
    Date.now = realNow;
    history.replaceState(null, '', startUrl);
    clearDvcStorage();
  });
  return harness;
}

const teardowns: (() => void)[] = [];

export function teardown(): void {
  teardowns.splice(0).forEach((fn) => fn());
}

/** Resolves on the session's next `change` that satisfies `test`. */
export function nextState(session: EventTarget & { state: { status: string } }, status: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = () => {
      if (session.state.status === status) {
        session.removeEventListener('change', listener);
        resolve();
      }
    };
    session.addEventListener('change', listener);
  });
}

/** Resolves once the session is no longer busy (at once if it is not). */
export function settled(session: EventTarget & { state: { status: string } }): Promise<void> {
  if (session.state.status !== 'busy') return Promise.resolve();
  return new Promise((resolve) => {
    const listener = () => {
      if (session.state.status === 'busy') return;
      session.removeEventListener('change', listener);
      resolve();
    };
    session.addEventListener('change', listener);
  });
}

/** The bearer token `session.apiAccess()` would put on an API request now, or undefined (tests only). */
export async function bearer(session: SessionLike): Promise<string | undefined> {
  const access = await session.apiAccess({ method: 'GET', url: 'https://api.example.test/me/profile' });
  return access?.headers.authorization?.replace(/^Bearer /, '');
}
