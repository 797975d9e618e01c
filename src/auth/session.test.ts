import { expect } from '@open-wc/testing';
import { toDvcError } from '../internal/errors.js';
import { CHANNEL_NAME, SWITCH_KEY } from './page-state.js';
import { getSession, type Session } from './session.js';
import { bearer, nextState, settled, setup, teardown, type Harness } from './testing/harness.js';

const storedKeys = () => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:'));

describe('session storage', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('storage=session: the next page of the tab starts signed in (restored) with the same token', async () => {
    const first = h.session();
    await h.signIn(first);
    const nextPage = h.session();
    expect(nextPage.state.status).to.equal('signed-in');
    expect(nextPage.state.restored).to.equal(true);
    expect(nextPage.state.user?.name).to.equal('Nguyễn Văn A');
    expect(await bearer(nextPage)).to.equal(await bearer(first));
  });

  it('storage=memory: the next page starts signed out', async () => {
    await h.signIn(h.session({ storage: 'memory' }));
    const nextPage = h.session({ storage: 'memory' });
    expect(nextPage.state.status).to.equal('signed-out');
    expect(await bearer(nextPage)).to.equal(undefined);
  });

  it('a failed attempt leaves no half-signed-in state, not even the previous session', async () => {
    const session = h.session();
    await h.signIn(session);
    h.provider.mintIdToken = (p) => h.provider.sign({ ...p, aud: 'someone-else' });
    await h.signIn(session);
    expect(session.state.status).to.equal('error');
    expect(session.state.user).to.equal(undefined);
    expect(await bearer(session)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
    expect(h.session().state.status).to.equal('signed-out');
  });

  it('apiAccess() authorises nothing after expiry and the session moves to session_expired', async () => {
    h.provider.expiresIn = 120;
    const session = h.session();
    await h.signIn(session);
    expect(await bearer(session)).to.be.a('string');
    h.advanceClock(121_000);
    const expired = nextState(session, 'error');
    expect(await bearer(session)).to.equal(undefined);
    await expired;
    expect(session.state.error?.code).to.equal('session_expired');
    expect(storedKeys()).to.deep.equal([]);
  });

  it('a stored session that has expired is not restored', async () => {
    h.provider.expiresIn = 120;
    await h.signIn(h.session());
    h.advanceClock(121_000);
    const nextPage = h.session();
    expect(nextPage.state.status).to.equal('error');
    expect(nextPage.state.error?.code).to.equal('session_expired');
    expect(await bearer(nextPage)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
  });

  it('expire() (the API answered 401) ends the session with session_expired', async () => {
    const session = h.session();
    await h.signIn(session);
    const changed = nextState(session, 'error');
    session.expire();
    await changed;
    expect(session.state.error?.code).to.equal('session_expired');
    expect(await bearer(session)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
  });
});

describe('logout', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('clears the session and goes to the end_session_endpoint with id_token_hint, client_id and post_logout_redirect_uri', async () => {
    const session = h.session({ postLogoutRedirectUri: 'https://agency.example/tam-biet' });
    await h.signIn(session);
    const idToken = h.provider.issued[0]!.idToken;
    await session.logout();
    expect(session.state.status).to.equal('signed-out');
    expect(await bearer(session)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
    const url = new URL(h.navigations.at(-1)!);
    expect(url.origin + url.pathname).to.equal(`${h.provider.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).to.equal(idToken);
    expect(url.searchParams.get('client_id')).to.equal(h.provider.clientId);
    expect(url.searchParams.get('post_logout_redirect_uri')).to.equal('https://agency.example/tam-biet');
  });

  it('uses the redirect URI after logout when no post-logout URI is configured', async () => {
    const session = h.session();
    await h.signIn(session);
    await session.logout();
    expect(new URL(h.navigations.at(-1)!).searchParams.get('post_logout_redirect_uri')).to.equal(h.config().redirectUri);
  });

  it('stays on the page, signed out, when the provider has no end_session_endpoint', async () => {
    h.provider.discoveryOverrides.end_session_endpoint = undefined;
    const session = h.session();
    await h.signIn(session);
    const before = h.navigations.length;
    await session.logout();
    expect(session.state.status).to.equal('signed-out');
    expect(h.navigations).to.have.length(before);
  });

  it('signs out another tab listening on the channel', async () => {
    const here = h.session({ storage: 'memory' });
    const otherTab = h.session({ storage: 'memory' });
    await h.signIn(here);
    await h.signIn(otherTab);
    expect(await bearer(otherTab)).to.be.a('string');
    const signedOut = nextState(otherTab, 'signed-out');
    await here.logout();
    await signedOut;
    expect(otherTab.state.user).to.equal(undefined);
    expect(await bearer(otherTab)).to.equal(undefined);
  });

  it('announces the sign-out on the dvc-session BroadcastChannel', async () => {
    const session = h.session();
    await h.signIn(session);
    const channel = new BroadcastChannel(CHANNEL_NAME);
    try {
      const message = new Promise<unknown>((resolve) => channel.addEventListener('message', (e) => resolve(e.data), { once: true }));
      await session.logout();
      expect(await message).to.deep.equal({ type: 'signed-out', issuer: h.provider.issuer, clientId: h.provider.clientId });
    } finally {
      channel.close();
    }
  });

  it("a sign-out from another tab clears this tab's session and storage", async () => {
    const session = h.session();
    await h.signIn(session);
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    try {
      const signedOut = nextState(session, 'signed-out');
      otherTab.postMessage({ type: 'signed-out', issuer: h.provider.issuer, clientId: h.provider.clientId });
      await signedOut;
      expect(await bearer(session)).to.equal(undefined);
      expect(storedKeys()).to.deep.equal([]);
    } finally {
      otherTab.close();
    }
  });

  it("ignores another client's sign-out", async () => {
    const session = h.session();
    await h.signIn(session);
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    const control = new BroadcastChannel(CHANNEL_NAME);
    try {
      const delivered = new Promise((resolve) => control.addEventListener('message', resolve, { once: true }));
      otherTab.postMessage({ type: 'signed-out', issuer: h.provider.issuer, clientId: 'another-agency' });
      await delivered;
      expect(session.state.status).to.equal('signed-in');
      expect(await bearer(session)).to.be.a('string');
    } finally {
      otherTab.close();
      control.close();
    }
  });

  it('a sign-in elsewhere in the tab reloads the state from storage', async () => {
    const widget = h.session();
    const portal = h.session();
    const signedIn = nextState(widget, 'signed-in');
    await h.signIn(portal);
    await signedIn;
    expect(widget.state.user?.sub).to.equal(portal.state.user?.sub);
    expect(await bearer(widget)).to.equal(await bearer(portal));
  });
});

describe('switch account', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('logs out at the provider, then the page that comes back starts a sign-in with prompt=login, once', async () => {
    const session = h.session();
    await h.signIn(session);
    await session.switchAccount();
    expect(session.state.status).to.equal('signed-out');
    expect(new URL(h.navigations.at(-1)!).pathname).to.match(/\/session\/end$/);
    expect(sessionStorage.getItem(SWITCH_KEY)).to.be.a('string');

    const back = h.session();
    const navigation = h.nextNavigation();
    back.resume();
    expect(back.state.status).to.equal('busy');
    const authorization = new URL(await navigation);
    expect(authorization.pathname).to.match(/\/auth$/);
    expect(authorization.searchParams.get('prompt')).to.equal('login');
    expect(sessionStorage.getItem(SWITCH_KEY)).to.equal(null);

    const reloaded = h.session();
    reloaded.resume();
    expect(reloaded.state.status).to.equal('signed-out');
  });

  it('goes straight to a sign-in with prompt=login when the provider has no end_session_endpoint', async () => {
    h.provider.discoveryOverrides.end_session_endpoint = undefined;
    const session = h.session();
    await h.signIn(session);
    await session.switchAccount();
    const authorization = new URL(h.navigations.at(-1)!);
    expect(authorization.pathname).to.match(/\/auth$/);
    expect(authorization.searchParams.get('prompt')).to.equal('login');
    expect(sessionStorage.getItem(SWITCH_KEY)).to.equal(null);
  });
});

describe('getSession', () => {
  let h: Harness;
  const made: Session[] = [];
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(() => {
    made.splice(0).forEach((s) => s.dispose());
    teardown();
  });

  const shared = (config = h.config()) => {
    const session = getSession(config) as Session;
    made.push(session);
    return session;
  };

  it('gives one session per issuer, client id and storage', () => {
    expect(shared()).to.equal(shared());
    expect(shared(h.config({ storage: 'memory' }))).to.not.equal(shared());
  });

  it('completes the sign-in carried by the address when it is created', async () => {
    const callback = await h.callbackUrl(h.session());
    const page = new URL(location.href);
    for (const [k, v] of new URL(callback).searchParams) page.searchParams.set(k, v);
    history.replaceState(null, '', page.href);
    const session = shared();
    expect(session.state.status).to.equal('busy');
    await settled(session);
    expect(session.state.status).to.equal('signed-in');
    expect(session.state.user?.sub).to.equal('citizen-045');
    expect(new URL(location.href).searchParams.has('code')).to.equal(false);
  });

  it("leaves alone a page's own ?code= when no sign-in is under way", async () => {
    const page = new URL(location.href);
    page.searchParams.set('code', 'G01.45.12-230411-0001');
    history.replaceState(null, '', page.href);
    const session = shared();
    expect(session.state.status).to.equal('signed-out');
    expect(new URL(location.href).searchParams.get('code')).to.equal('G01.45.12-230411-0001');
    expect(h.provider.requests).to.have.length(0);
  });

  it('rejects a response without state when a sign-in is under way (state_mismatch)', async () => {
    const callback = new URL(await h.callbackUrl(h.session()));
    const page = new URL(location.href);
    page.searchParams.set('code', callback.searchParams.get('code')!);
    history.replaceState(null, '', page.href);
    const session = shared();
    await settled(session);
    expect(session.state.error?.code).to.equal('state_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });
});

describe('back from the provider without signing in', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('a page restored from the back/forward cache is no longer busy', async () => {
    const session = h.session();
    await h.authorizationUrl(session);
    expect(session.state.status).to.equal('busy');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(session.state.status).to.equal('signed-out');
  });
});

describe('the sign-in start and the sign-out, loaded on demand', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  /** What a browser rejects import() with when the module cannot be downloaded. */
  const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

  it('a browser that cannot download a module rejects import() with what counts as a network error', async () => {
    // A module URL that cannot be fetched any more (no 404 in the test run's log).
    const gone = URL.createObjectURL(new Blob(['export {};'], { type: 'text/javascript' }));
    URL.revokeObjectURL(gone);
    const error = await import(/* @vite-ignore */ gone).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    expect(toDvcError(error).code).to.equal('network');
  });

  it('login(): a failed download is a retryable network error with no request and no navigation; the next login() loads it again', async () => {
    let attempts = 0;
    const session = h.session({}, { loadActions: () => (++attempts === 1 ? offline() : import('./actions.js')) });
    await session.login();
    expect(session.state.status).to.equal('error');
    expect(session.state.error?.code).to.equal('network');
    expect(session.state.error?.retryable).to.equal(true);
    expect(h.navigations).to.have.length(0);
    expect(h.provider.requests).to.have.length(0);
    const authorization = new URL(await h.authorizationUrl(session));
    expect(attempts).to.equal(2);
    expect(authorization.pathname).to.match(/\/auth$/);
    expect(session.state.status).to.equal('busy');
  });

  it('prepare() loads it ahead of the click, with no request and no change of state, and a failure is left to login()', async () => {
    let attempts = 0;
    const session = h.session({}, { loadActions: () => (++attempts === 1 ? offline() : import('./actions.js')) });
    const changes: string[] = [];
    session.addEventListener('change', () => changes.push(session.state.status));
    session.prepare();
    session.prepare();
    await new Promise((resolve) => setTimeout(resolve));
    expect(attempts).to.equal(2);
    expect(changes).to.deep.equal([]);
    expect(session.state.status).to.equal('signed-out');
    expect(h.provider.requests).to.have.length(0);
    await h.authorizationUrl(session);
    expect(attempts).to.equal(3);
  });

  it('logout(): a failed download still signs out here, and goes nowhere', async () => {
    let online = true;
    const session = h.session({}, { loadActions: () => (online ? import('./actions.js') : offline()) });
    await h.signIn(session);
    const before = h.navigations.length;
    online = false;
    await session.logout();
    expect(session.state.status).to.equal('signed-out');
    expect(await bearer(session)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
    expect(h.provider.calls('/revoke')).to.have.length(0);
    expect(h.navigations).to.have.length(before);
  });
});
