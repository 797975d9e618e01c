import { expect } from '@open-wc/testing';
import { json, never, useStubbedApi } from '../testing/fetch-stub.js';
import { fakeUser } from '../testing/fake-session.js';
import { createBackendSession, LOGIN_KEY, type BackendSession } from './backend-session.js';
import { FakeBackend } from './testing/fake-backend.js';
import { clearDvcStorage, nextState, settled } from './testing/harness.js';

const startUrl = location.href;

describe('backend mode session (BackendSession)', () => {
  useStubbedApi();
  let backend: FakeBackend;
  let navigations: string[];
  let created: BackendSession[];

  /** A session for the fake backend as a page load makes it (resume()), with navigation captured. */
  function session(options: { resume?: boolean } = {}): BackendSession {
    const s = createBackendSession(backend.config(), { navigate: (url) => navigations.push(url) });
    created.push(s);
    if (options.resume !== false) s.resume();
    return s;
  }

  beforeEach(() => {
    backend = new FakeBackend().install();
    navigations = [];
    created = [];
    clearDvcStorage();
  });
  afterEach(() => {
    created.forEach((s) => s.dispose());
    history.replaceState(null, '', startUrl);
    clearDvcStorage();
  });

  describe('the session check (GET {backend}/session)', () => {
    it('200 {user, expiresAt}: busy, then signed in (restored), asked with the cookie', async () => {
      const s = session();
      expect(s.state.status).to.equal('busy');
      await settled(s);
      expect(s.state.status).to.equal('signed-in');
      expect(s.state.restored).to.equal(true);
      expect(s.state.user?.name).to.equal('Nguyễn Đức Tuấn Kiệt');
      const [request] = backend.to('/session');
      expect(request!.method).to.equal('GET');
      expect(request!.credentials).to.equal('same-origin');
      expect(backend.requests, 'one request').to.have.length(1);
    });

    it('401 signed_out: signed out', async () => {
      backend.user = undefined;
      const s = session();
      await settled(s);
      expect(s.state).to.deep.equal({ status: 'signed-out' });
    });

    it('401 session_expired: the error state session_expired', async () => {
      backend.expired = true;
      const s = session();
      await settled(s);
      expect(s.state.status).to.equal('error');
      expect(s.state.error?.code).to.equal('session_expired');
    });

    const faults: [string, () => Response | Promise<Response>, string, number?][] = [
      ['a 503', () => json({ error: 'unavailable' }, 503), 'http', 503],
      ['a 500 page in HTML', () => new Response('<h1>Internal Server Error</h1>', { status: 500 }), 'http', 500],
      ['no connection', () => Promise.reject(new TypeError('Failed to fetch')), 'network'],
      ['200 that is not JSON', () => new Response('<html>login</html>', { status: 200 }), 'invalid_response'],
      ['200 without a user', () => json({ expiresAt: 1 }), 'invalid_response'],
      ['200 with a user without sub', () => json({ user: { name: 'A' }, expiresAt: 1 }), 'invalid_response'],
    ];
    for (const [name, answer, code, status] of faults) {
      it(`${name}: the error state ${code}, with a retry`, async () => {
        backend.override = answer;
        const s = session();
        await settled(s);
        expect(s.state.status).to.equal('error');
        expect(s.state.error?.code).to.equal(code);
        if (status) expect(s.state.error?.status).to.equal(status);
        expect(s.state.error?.retryable).to.equal(true);
      });
    }

    it('no answer within the timeout: the error state timeout', async () => {
      backend.override = () => never();
      const s = createBackendSession(backend.config({ timeout: 50 }), { navigate: (url) => navigations.push(url) });
      created.push(s);
      s.resume();
      await settled(s);
      expect(s.state.error?.code).to.equal('timeout');
    });

    it('keeps only the fields of a user it knows, with their types', async () => {
      backend.user = { ...fakeUser(), name: 42, accountType: '1', vneid: 'yes', claims: 'x' } as unknown as typeof backend.user;
      const s = session();
      await settled(s);
      const user = s.state.user!;
      expect(user.sub).to.equal('citizen-045090001234');
      expect(user).not.to.have.property('name');
      expect(user).not.to.have.property('accountType');
      expect(user.vneid).to.equal(false);
      expect(user.claims).to.deep.equal({});
    });

    it('"Thử lại" after a failed check asks again, and a citizen signed in after all stays on the page', async () => {
      backend.override = () => json({ error: 'unavailable' }, 503);
      const s = session();
      await settled(s);
      expect(s.state.status).to.equal('error');
      backend.override = undefined;
      await s.login();
      expect(s.state.status).to.equal('signed-in');
      expect(navigations).to.deep.equal([]);
      expect(backend.to('/session')).to.have.length(2);
    });

    it('is checked again when the tab becomes visible: a sign-out elsewhere shows here', async () => {
      const s = session();
      await settled(s);
      expect(s.state.status).to.equal('signed-in');
      backend.user = undefined;
      const signedOut = nextState(s, 'signed-out');
      document.dispatchEvent(new Event('visibilitychange'));
      await signedOut;
      expect(backend.to('/session')).to.have.length(2);
    });

    it('a check that brings nothing new changes nothing (no change event)', async () => {
      const s = session();
      await settled(s);
      const before = s.state;
      let changes = 0;
      s.addEventListener('change', () => changes++);
      await s.refresh();
      expect(backend.to('/session')).to.have.length(2);
      expect(changes).to.equal(0);
      expect(s.state).to.equal(before);
    });

    it('is checked again once the backend says the session ends', async () => {
      // Far enough ahead that the answer arrives before it on a loaded machine: an expiry already past
      // when the answer is read schedules no check (the backend's clock is ahead, or the answer late).
      backend.expiresAt = Date.now() + 1000;
      const s = session();
      await settled(s);
      backend.expired = true;
      await nextState(s, 'error');
      expect(s.state.error?.code).to.equal('session_expired');
    });
  });

  describe('API access', () => {
    it('signed in: the X-DVC-Request header and the cookie, never an Authorization header', async () => {
      const s = session();
      await settled(s);
      expect(await s.apiAccess()).to.deep.equal({ headers: { 'x-dvc-request': '1' }, credentials: 'same-origin' });
    });

    it('signed out or expired: nothing', async () => {
      backend.user = undefined;
      const s = session();
      expect(await s.apiAccess(), 'while checking').to.equal(undefined);
      await settled(s);
      expect(await s.apiAccess()).to.equal(undefined);
    });

    it('expire() (the API answered 401) ends the session with session_expired', async () => {
      const s = session();
      await settled(s);
      s.expire();
      expect(s.state.error?.code).to.equal('session_expired');
      expect(await s.apiAccess()).to.equal(undefined);
    });
  });

  describe('login', () => {
    it('goes to {backend}/login?returnTo=<this page path and query>', async () => {
      backend.user = undefined;
      history.replaceState(null, '', '/ho-so/nop.html?thu-tuc=1.001#buoc-2');
      const s = session();
      await settled(s);
      await s.login();
      expect(s.state.status).to.equal('busy');
      const url = new URL(navigations[0]!);
      expect(url.origin + url.pathname).to.equal(`${backend.base}/login`);
      expect([...url.searchParams]).to.deep.equal([['returnTo', '/ho-so/nop.html?thu-tuc=1.001']]);
    });

    it('back from the backend signed in: dvc-login is not "restored", and other tabs are told', async () => {
      backend.user = undefined;
      const first = session();
      await settled(first);
      await first.login();
      backend.user = fakeUser();
      const channel = new BroadcastChannel('dvc-session');
      try {
        const message = new Promise((resolve) => channel.addEventListener('message', (e) => resolve(e.data), { once: true }));
        const back = session();
        await settled(back);
        expect(back.state.status).to.equal('signed-in');
        expect(back.state.restored).to.equal(false);
        expect(await message).to.deep.equal({ type: 'signed-in', backend: backend.base });
        expect(sessionStorage.getItem(LOGIN_KEY), 'the marker is used once').to.equal(null);
      } finally {
        channel.close();
      }
    });

    it('a sign-in in another tab: this tab asks the backend and shows the citizen', async () => {
      backend.user = undefined;
      const s = session();
      await settled(s);
      backend.user = fakeUser();
      const other = new BroadcastChannel('dvc-session');
      try {
        const signedIn = nextState(s, 'signed-in');
        other.postMessage({ type: 'signed-in', backend: backend.base });
        await signedIn;
      } finally {
        other.close();
      }
    });
  });

  describe('dvc_error in the address (the backend\'s callback failed)', () => {
    it('becomes the error state with that code, leaves the address bar with the other parameters kept, and asks nothing', async () => {
      history.replaceState(null, '', '/trang.html?tab=ho-so&dvc_error=state_mismatch#phan-2');
      const s = session();
      expect(s.state.status).to.equal('error');
      expect(s.state.error?.code).to.equal('state_mismatch');
      expect(location.search).to.equal('?tab=ho-so');
      expect(location.hash).to.equal('#phan-2');
      expect(backend.requests).to.have.length(0);
    });

    it('stays on screen, reported once, when the tab is shown again and the backend says signed out', async () => {
      history.replaceState(null, '', '/trang.html?dvc_error=id_token_invalid');
      backend.user = undefined;
      const s = session();
      const shown = s.state;
      await s.refresh();
      expect(backend.to('/session')).to.have.length(1);
      expect(s.state, 'the same error: no second dvc-error').to.equal(shown);
    });

    it('a code it does not know is invalid_response', async () => {
      history.replaceState(null, '', '/trang.html?dvc_error=%3Cscript%3E');
      const s = session();
      expect(s.state.error?.code).to.equal('invalid_response');
      expect(location.search).to.equal('');
    });

    it('the next sign-in starts afresh: no check first', async () => {
      history.replaceState(null, '', '/trang.html?dvc_error=authorization_denied');
      const s = session();
      await s.login();
      expect(backend.requests).to.have.length(0);
      expect(new URL(navigations[0]!).searchParams.get('returnTo')).to.equal('/trang.html');
    });
  });

  describe('logout', () => {
    it('POSTs {backend}/logout with X-DVC-Request and the cookie, signs out here and in other tabs, then the provider\'s logout', async () => {
      backend.endSessionUrl = 'https://sso.example.test/logout?client_id=agency';
      const s = session();
      await settled(s);
      const channel = new BroadcastChannel('dvc-session');
      try {
        const message = new Promise((resolve) => channel.addEventListener('message', (e) => resolve(e.data), { once: true }));
        await s.logout();
        const [post] = backend.to('/logout');
        expect(post!.method).to.equal('POST');
        expect(post!.headers.get('x-dvc-request')).to.equal('1');
        expect(post!.credentials).to.equal('same-origin');
        expect(s.state.status).to.equal('signed-out');
        expect(navigations).to.deep.equal(['https://sso.example.test/logout?client_id=agency']);
        expect(await message).to.deep.equal({ type: 'signed-out', backend: backend.base });
      } finally {
        channel.close();
      }
    });

    it('stays on the page when the provider has no logout', async () => {
      const s = session();
      await settled(s);
      await s.logout();
      expect(s.state.status).to.equal('signed-out');
      expect(navigations).to.deep.equal([]);
    });

    it('never goes to an endSessionUrl that is not https (javascript:, data:, a path)', async () => {
      for (const bad of ['javascript:alert(1)', 'data:text/html,x', '/somewhere', 'http://sso.example.test/logout']) {
        backend.user = fakeUser();
        backend.endSessionUrl = bad;
        const s = session();
        await settled(s);
        await s.logout();
        expect(s.state.status).to.equal('signed-out');
      }
      expect(navigations).to.deep.equal([]);
    });

    it('a sign-out the backend did not confirm keeps the citizen shown as signed in, with the failure as a warning', async () => {
      const s = session();
      await settled(s);
      backend.override = (r) => (r.url.pathname.endsWith('/logout') ? json({ error: 'unavailable' }, 503) : undefined);
      await s.logout();
      expect(s.state.status).to.equal('signed-in');
      expect(s.state.warning?.code).to.equal('http');
      expect(navigations).to.deep.equal([]);
    });

    it('a sign-out in another tab signs this one out', async () => {
      const s = session();
      await settled(s);
      const other = new BroadcastChannel('dvc-session');
      try {
        const signedOut = nextState(s, 'signed-out');
        other.postMessage({ type: 'signed-out', backend: backend.base });
        await signedOut;
      } finally {
        other.close();
      }
    });

    it("ignores another backend's and browser mode's messages", async () => {
      const s = session();
      await settled(s);
      const other = new BroadcastChannel('dvc-session');
      const control = new BroadcastChannel('dvc-session');
      try {
        const delivered = new Promise((resolve) => control.addEventListener('message', resolve, { once: true }));
        other.postMessage({ type: 'signed-out', backend: `${location.origin}/other` });
        other.postMessage({ type: 'signed-out', issuer: 'https://id.example.test', clientId: 'x' });
        await delivered;
        expect(s.state.status).to.equal('signed-in');
      } finally {
        other.close();
        control.close();
      }
    });
  });

  describe('switch account', () => {
    it('sign-out at the backend, then straight to the sign-in with prompt=login back to this page, even when the provider has a logout page', async () => {
      backend.endSessionUrl = 'https://sso.example.test/logout';
      history.replaceState(null, '', '/dich-vu.html?ma=42');
      const s = session();
      await settled(s);
      await s.switchAccount();
      expect(backend.to('/logout')).to.have.length(1);
      expect(navigations).to.have.length(1);
      const url = new URL(navigations[0]!);
      expect(url.origin + url.pathname).to.equal(`${backend.base}/login`);
      expect(url.searchParams.get('prompt')).to.equal('login');
      expect(url.searchParams.get('returnTo')).to.equal('/dich-vu.html?ma=42');
    });

    it('without a provider logout: straight to the sign-in with prompt=login', async () => {
      const s = session();
      await settled(s);
      await s.switchAccount();
      const url = new URL(navigations[0]!);
      expect(url.pathname).to.equal(`${backend.path}/login`);
      expect(url.searchParams.get('prompt')).to.equal('login');
    });
  });
});
