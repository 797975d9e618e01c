// Every element that uses the session, in backend mode: the real BackendSession against a fake
// backend on the fetch stub (GET /session, POST /logout, /api/*), no network.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { createBackendSession, type BackendSession } from '../../auth/backend-session.js';
import { FakeBackend } from '../../auth/testing/fake-backend.js';
import { clearDvcStorage, settled } from '../../auth/testing/harness.js';
import type { DvcErrorEvent } from '../../events/error.js';
import type { DvcLoginEvent } from '../../events/login.js';
import { sessionFixture } from '../../testing/fake-session.js';
import { json, useStubbedApi } from '../../testing/fetch-stub.js';
import type { DvcDossierTable } from '../dossier-table/dossier-table.js';
import '../dossier-table/dossier-table.js';
import type { DvcLoginButton } from '../login-button/login-button.js';
import '../login-button/login-button.js';
import type { DvcProfileSync } from '../profile-sync/profile-sync.js';
import '../profile-sync/profile-sync.js';
import type { DvcStatsDonut } from '../stats-donut/stats-donut.js';
import '../stats-donut/stats-donut.js';
import type { DvcPortal } from './portal.js';
import './portal.js';

const startUrl = location.href;
const textOf = (el: Element | null | undefined) => (el?.shadowRoot?.textContent ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const EXPIRED = 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.';

/** Every `dvc-error` reaching the document during a test. */
const errors: DvcErrorEvent[] = [];
const onError = (e: Event) => errors.push(e as DvcErrorEvent);

describe('backend mode: the elements', () => {
  useStubbedApi();
  let backend: FakeBackend;
  let navigations: string[];
  let sessions: BackendSession[];

  beforeEach(() => {
    backend = new FakeBackend().install();
    navigations = [];
    sessions = [];
    errors.length = 0;
    clearDvcStorage();
    document.addEventListener('dvc-error', onError);
  });
  afterEach(() => {
    document.removeEventListener('dvc-error', onError);
    sessions.forEach((s) => s.dispose());
    history.replaceState(null, '', startUrl);
    clearDvcStorage();
  });

  /** A page load's BackendSession (checked, navigation captured), given to `template` as the portal would. */
  async function mount<T extends Element>(template: unknown): Promise<{ el: T; session: BackendSession }> {
    const session = createBackendSession(backend.config(), { navigate: (url) => navigations.push(url) });
    sessions.push(session);
    session.resume();
    await settled(session);
    const el = await sessionFixture<T>(template, session, { config: session.config });
    return { el, session };
  }

  describe('<dvc-login-button>', () => {
    it('signed out: the sign-in button, which goes to {backend}/login?returnTo=<this page>', async () => {
      backend.user = undefined;
      history.replaceState(null, '', '/ho-so.html?tab=2');
      const { el } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      expect(textOf(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
      await expect(el).to.be.accessible();
      part(el, 'button')!.click();
      await waitUntil(() => navigations.length === 1);
      const url = new URL(navigations[0]!);
      expect(url.pathname).to.equal(`${backend.path}/login`);
      expect(url.searchParams.get('returnTo')).to.equal('/ho-so.html?tab=2');
    });

    it('signed in: the citizen\'s name and the menu', async () => {
      const { el } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      expect(textOf(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      part(el, 'button')!.click();
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[role="menuitem"]').length === 3);
      await expect(el).to.be.accessible();
    });

    it('sign-out from the menu POSTs {backend}/logout with X-DVC-Request and the cookie, and offers the sign-in again', async () => {
      const { el, session } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      await el.logout();
      const [post] = backend.to('/logout');
      expect(post!.headers.get('x-dvc-request')).to.equal('1');
      expect(post!.credentials).to.equal('same-origin');
      expect(session.state.status).to.equal('signed-out');
      await el.updateComplete;
      expect(textOf(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
    });

    it('switch account: sign-out, then the sign-in with prompt=login', async () => {
      const { el } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      await el.switchAccount();
      expect(backend.to('/logout')).to.have.length(1);
      const url = new URL(navigations[0]!);
      expect(url.pathname).to.equal(`${backend.path}/login`);
      expect(url.searchParams.get('prompt')).to.equal('login');
    });

    it('expired: the session-expired message and the sign-in button', async () => {
      backend.expired = true;
      const { el } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      expect(textOf(part(el, 'message'))).to.equal(EXPIRED);
      expect(textOf(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
      await expect(el).to.be.accessible();
    });

    it('error: the backend cannot be reached, with "Thử lại", which asks again', async () => {
      backend.override = () => Promise.reject(new TypeError('Failed to fetch'));
      const { el, session } = await mount<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      expect(textOf(part(el, 'message'))).to.equal('Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.');
      expect(textOf(part(el, 'retry'))).to.equal('Thử lại');
      await expect(el).to.be.accessible();
      backend.override = undefined;
      part(el, 'retry')!.click();
      await waitUntil(() => session.state.status === 'signed-in');
      await el.updateComplete;
      expect(textOf(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      expect(navigations, 'signed in after all: no sign-in needed').to.deep.equal([]);
    });
  });

  describe('<dvc-profile-sync>', () => {
    it('signed out: the sign-in prompt, and no API call', async () => {
      backend.user = undefined;
      const { el } = await mount<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      expect(textOf(el)).to.include('Vui lòng đăng nhập để xem thông tin định danh.');
      await expect(el).to.be.accessible();
      expect(backend.requests.filter((r) => r.url.pathname.includes('/api/'))).to.have.length(0);
    });

    it('signed in: the profile from {backend}/api with the cookie and X-DVC-Request, no Authorization; the sync POST carries both', async () => {
      const { el } = await mount<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      await waitUntil(() => el.profile !== undefined, 'the profile did not load');
      await el.updateComplete;
      expect(textOf(el)).to.include('Thông tin định danh');
      await expect(el).to.be.accessible();
      const synced = oneEvent(el, 'dvc-profile-synced');
      await el.sync();
      expect((await synced).detail.changed).to.deep.equal(['phone']);
      const [get] = backend.to('/api/me/profile');
      const [post] = backend.to('/api/me/profile/sync');
      for (const request of [get!, post!]) {
        expect(request.credentials).to.equal('same-origin');
        expect(request.headers.get('x-dvc-request')).to.equal('1');
        expect(request.headers.has('authorization')).to.be.false;
      }
      expect(post!.method).to.equal('POST');
    });

    it('expired at the backend: the session-expired notice with "Đăng nhập lại"', async () => {
      backend.expired = true;
      const { el } = await mount<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      expect(textOf(el)).to.include(EXPIRED);
      expect(textOf(part(el, 'retry'))).to.equal('Đăng nhập lại');
      await expect(el).to.be.accessible();
    });

    it('the API answers 401 session_expired: the session expires and the panel says so, once', async () => {
      const { el, session } = await mount<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      backend.expired = true;
      await el.refresh();
      await el.updateComplete;
      expect(session.state.error?.code).to.equal('session_expired');
      expect(textOf(el)).to.include(EXPIRED);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['session_expired']);
      await expect(el).to.be.accessible();
    });

    it('error: the API fails (503) while signed in: the message and "Thử lại"', async () => {
      backend.override = (r) => (r.url.pathname.includes('/api/') ? json({ error: 'unavailable', message: 'down' }, 503) : undefined);
      const { el } = await mount<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      await waitUntil(() => part(el, 'error'), 'no error notice');
      expect(textOf(part(el, 'retry'))).to.equal('Thử lại');
      await expect(el).to.be.accessible();
    });
  });

  describe('<dvc-dossier-table source="mine">', () => {
    const rows = (el: DvcDossierTable) => el.shadowRoot!.querySelectorAll('tbody tr[part="row"]').length;

    it('signed out: the sign-in prompt', async () => {
      backend.user = undefined;
      const { el } = await mount<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);
      expect(textOf(el)).to.include('Vui lòng đăng nhập để xem hồ sơ của bạn');
      await expect(el).to.be.accessible();
    });

    it('signed in: "Hồ sơ của tôi" from {backend}/api/me/dossiers with the cookie and X-DVC-Request', async () => {
      const { el } = await mount<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);
      await waitUntil(() => rows(el) === 1, 'no rows');
      expect(textOf(el)).to.include('000.00.30.H50-230301-0007');
      const [request] = backend.to('/api/me/dossiers');
      expect(request!.credentials).to.equal('same-origin');
      expect(request!.headers.get('x-dvc-request')).to.equal('1');
      expect(request!.headers.has('authorization')).to.be.false;
      await expect(el).to.be.accessible();
    });

    it('expired: the API answers 401, the session expires, and the table asks to sign in again', async () => {
      backend.override = (r) => (r.url.pathname.endsWith('/api/me/dossiers') ? json({ error: 'session_expired' }, 401) : undefined);
      const { el, session } = await mount<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);
      await waitUntil(() => session.state.status === 'error', 'the session did not expire');
      await el.updateComplete;
      expect(session.state.error?.code).to.equal('session_expired');
      expect(textOf(el)).to.include(EXPIRED);
      expect(backend.to('/api/me/dossiers'), 'not retried').to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('error: the session check fails: the sign-in prompt, never the rows', async () => {
      backend.override = (r) => (r.url.pathname.endsWith('/session') ? json({ error: 'unavailable' }, 503) : undefined);
      const { el } = await mount<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);
      expect(textOf(el)).to.include('Vui lòng đăng nhập để xem hồ sơ của bạn');
      expect(backend.to('/api/me/dossiers')).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('<dvc-portal backend>', () => {
    it('signs in from {backend}/session: dvc-login (restored) on the login button, the widgets call {backend}/api', async () => {
      const login = oneEvent(document, 'dvc-login') as Promise<DvcLoginEvent>;
      const portal = await fixture<DvcPortal>(html`<dvc-portal backend=${backend.path}>
        <dvc-login-button></dvc-login-button>
        <dvc-profile-sync></dvc-profile-sync>
        <dvc-stats-donut year="2023"></dvc-stats-donut>
      </dvc-portal>`);
      const event = await login;
      expect(event.target).to.equal(portal.querySelector('dvc-login-button'));
      expect(event.detail.restored).to.equal(true);
      expect(portal.user?.name).to.equal('Nguyễn Đức Tuấn Kiệt');
      const profile = portal.querySelector('dvc-profile-sync')!;
      await waitUntil(() => profile.profile !== undefined, 'the profile did not load');
      expect(backend.to('/api/me/profile')).to.have.length(1);
      const donut = portal.querySelector<DvcStatsDonut>('dvc-stats-donut')!;
      await waitUntil(() => textOf(donut).includes('99,2%'), 'the donut did not load');
      const [stats] = backend.to('/api/stats/processing');
      expect(stats!.credentials, 'public data goes without the cookie').to.equal('omit');
      expect(errors).to.deep.equal([]);
      await expect(portal).to.be.accessible();
    });

    it('dvc_error in the address: one dvc-error with the browser mode\'s message, removed from the address bar, other parameters kept', async () => {
      history.replaceState(null, '', '/trang.html?ma=7&dvc_error=nonce_mismatch');
      const portal = await fixture<DvcPortal>(html`<dvc-portal backend=${backend.path}><dvc-login-button></dvc-login-button></dvc-portal>`);
      const button = portal.querySelector('dvc-login-button')!;
      await waitUntil(() => errors.length > 0, 'no dvc-error');
      await button.updateComplete;
      expect(location.search).to.equal('?ma=7');
      expect(errors.map((e) => e.detail)).to.deep.equal([{ code: 'nonce_mismatch', message: 'Thông tin đăng nhập không thuộc phiên này. Vui lòng đăng nhập lại.' }]);
      expect(errors[0]!.target).to.equal(button);
      expect(textOf(part(button, 'message'))).to.equal(errors[0]!.detail.message);
      expect(textOf(part(button, 'retry'))).to.equal('Thử lại');
      expect(backend.to('/session'), 'no session check after a failed sign-in').to.have.length(0);
      await expect(portal).to.be.accessible();
    });

    it('a malformed backend is a config error, reported once', async () => {
      const portal = await fixture<DvcPortal>(html`<dvc-portal backend="https://evil.example/auth"><dvc-login-button></dvc-login-button></dvc-portal>`);
      await portal.updateComplete;
      expect(portal.session).to.equal(undefined);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['config']);
      expect(textOf(part(portal, 'message'))).to.equal('Tiện ích chưa được cấu hình đúng. Vui lòng liên hệ quản trị trang.');
      expect(backend.requests).to.have.length(0);
    });
  });

  describe('elements standing alone with their own backend attribute', () => {
    it('a login button and a profile panel share the one session of that backend', async () => {
      const login = oneEvent(document, 'dvc-login') as Promise<DvcLoginEvent>;
      const root = await fixture<HTMLElement>(html`<div>
        <dvc-login-button backend=${backend.path}></dvc-login-button>
        <dvc-profile-sync backend=${backend.path}></dvc-profile-sync>
      </div>`);
      await login;
      const profile = root.querySelector('dvc-profile-sync')!;
      await waitUntil(() => profile.profile !== undefined, 'the profile did not load');
      expect(backend.to('/session'), 'one session for both').to.have.length(1);
      expect(backend.to('/api/me/profile')[0]!.url.href).to.equal(`${backend.base}/api/me/profile`);
      await expect(root).to.be.accessible();
    });
  });
});
