// The testing kit (dvc-widgets/testing) on the real elements: every state it promises, reached
// with no provider and no network, each checked with axe. If an element changes how it talks to
// its session or to the API, these fail, so the kit stays true.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../index.js';
import type { DvcDossierTable } from '../components/dossier-table/dossier-table.js';
import type { DvcLoginButton } from '../components/login-button/login-button.js';
import type { DvcProfileSync } from '../components/profile-sync/profile-sync.js';
import type { DvcStatsDonut } from '../components/stats-donut/stats-donut.js';
import { apiAnswers, apiRequests, fault, resetFakes, samples, sessionFails, sessionOf, settle, signedIn, signedOut, signingIn } from './index.js';

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
const busy = (el: Element) => el.shadowRoot!.querySelector('[aria-busy="true"]') !== null;

describe('dvc-widgets/testing', () => {
  afterEach(() => resetFakes());

  describe('dossier table (mine)', () => {
    const mount = () => fixture<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);

    it('signed out: the sign-in prompt, and no request', async () => {
      const el = await mount();
      await signedOut(el);
      expect(text(el)).to.contain('Vui lòng đăng nhập để xem hồ sơ của bạn');
      expect(apiRequests(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('loading: a request with no answer yet is held', async () => {
      const el = await mount();
      await signedIn(el);
      expect(busy(el)).to.equal(true);
      expect(apiRequests(el).map((r) => r.url.pathname.replace(/^\/e\d+\/g\d+/, ''))).to.deep.equal(['/me/dossiers']);
      await expect(el).to.be.accessible();
      await apiAnswers(el, '/me/dossiers', samples.myDossiers(2));
      expect(busy(el)).to.equal(false);
      expect(el.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(2);
    });

    it('empty, then signed in with rows: answers given before sign-in, then changed', async () => {
      const el = await mount();
      await apiAnswers(el, '/me/dossiers', samples.emptyPage());
      await signedIn(el, { user: { name: 'Trần Thị Hoa' } });
      expect(text(el)).to.contain('Chưa có hồ sơ');
      await expect(el).to.be.accessible();
      await apiAnswers(el, '/me/dossiers', samples.myDossiers(3));
      expect(el.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(3);
      expect(text(el)).to.contain('000.00.30.H50-230411-0001');
      await expect(el).to.be.accessible();
    });

    it('authorises as each mode does: a Bearer header in browser mode, X-DVC-Request and the cookie in backend mode', async () => {
      const browser = await mount();
      await apiAnswers(browser, '/me/dossiers', samples.emptyPage());
      await signedIn(browser);
      const [first] = apiRequests(browser);
      expect(first!.headers.get('authorization')).to.equal('Bearer fake-access-token');
      expect(first!.credentials).to.equal('omit');
      expect(text(browser)).to.contain('Chưa có hồ sơ');

      const backend = await fixture<DvcDossierTable>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`);
      await apiAnswers(backend, '/me/dossiers', samples.myDossiers(2));
      await signedIn(backend, { mode: 'backend' });
      const [request] = apiRequests(backend);
      expect(request!.headers.get('authorization')).to.equal(null);
      expect(request!.headers.get('x-dvc-request')).to.equal('1');
      expect(request!.credentials).to.equal('same-origin');
      expect(backend.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(2);
      await expect(backend).to.be.accessible();
    });

    for (const [name, answer, shown] of [
      ['503', fault({ status: 503 }), 'Máy chủ đang gặp sự cố'],
      ['network error', fault('network'), 'Không kết nối được máy chủ'],
      ['malformed body', fault('malformed'), 'Thử lại'],
    ] as const) {
      it(`error (${name}): the message and a retry`, async () => {
        const el = await mount();
        await apiAnswers(el, '/me/dossiers', answer);
        await signedIn(el);
        expect(text(el)).to.contain(shown);
        expect(el.shadowRoot!.querySelector('[part~="retry"]')).to.exist;
        await expect(el).to.be.accessible();
      });
    }

    it('a 401 from the API ends the fake session as session_expired', async () => {
      const el = await mount();
      await apiAnswers(el, '/me/dossiers', fault({ status: 401 }));
      const session = await signedIn(el);
      expect(session.calls).to.include('expire');
      expect(text(el)).to.contain('Phiên đăng nhập đã hết hạn');
      await expect(el).to.be.accessible();
    });

    it('a slow answer shows loading, then the rows', async () => {
      const el = await mount();
      const done = apiAnswers(el, '/me/dossiers', samples.myDossiers(1), { delay: 200 });
      await signedIn(el).then(() => undefined);
      await done;
      expect(busy(el)).to.equal(false);
      expect(el.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(1);
    });
  });

  describe('profile panel', () => {
    it('signed in: the profile; a national database outage on sync shows its retry', async () => {
      const el = await fixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      await apiAnswers(el, '/me/profile', samples.profile(), { method: 'GET' });
      await signedIn(el);
      expect(text(el)).to.contain('Hồ sơ đã hoàn thành: 3');
      await expect(el).to.be.accessible();
      await apiAnswers(el, '/me/profile/sync', fault({ status: 503 }), { method: 'POST' });
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="sync-button"]')!.click();
      await waitUntil(() => text(el).includes('CSDL Quốc gia về Dân cư đang tạm thời không phản hồi'), 'no outage message');
      expect(apiRequests(el).map((r) => r.method)).to.deep.equal(['GET', 'POST']);
      await expect(el).to.be.accessible();
    });

    it('session expired: says so and offers sign-in again', async () => {
      const el = await fixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
      await sessionFails(el, 'session_expired');
      expect(text(el)).to.contain('Phiên đăng nhập đã hết hạn');
      await expect(el).to.be.accessible();
    });
  });

  describe('login button', () => {
    it('signed out, busy, signed in: and the clicks reach the fake session', async () => {
      const el = await fixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`);
      const session = await signedOut(el);
      el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
      await waitUntil(() => session.calls.length > 0, 'login was not called');
      expect(session.calls).to.deep.equal(['login']);
      await signingIn(el);
      expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-disabled') ?? el.shadowRoot!.querySelector('button')!.disabled.toString()).to.match(/true/);
      await expect(el).to.be.accessible();
      const login = oneEvent(el, 'dvc-login');
      await signedIn(el, { user: { name: 'Lê Văn Bình' } });
      expect((await login).detail.user.name).to.equal('Lê Văn Bình');
      expect(text(el)).to.contain('Lê Văn Bình');
      await expect(el).to.be.accessible();
      expect(sessionOf(el)).to.equal(session);
    });
  });

  describe('sign-in form', () => {
    /** Chooses VNeID, types a valid CCCD and a password, and sends them. */
    async function sendCredentials(el: HTMLElement & { updateComplete: Promise<unknown> }) {
      el.shadowRoot!.querySelector<HTMLButtonElement>('button[value="vneid"]')!.click();
      await el.updateComplete;
      const [id, password] = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[part~="input"]')];
      for (const [input, value] of [[id!, '045090001234'], [password!, 'Demo@2023']] as const) {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      await el.updateComplete;
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await settle(el);
    }

    it('answers the interaction at its action: the code step', async () => {
      const el = document.createElement('dvc-signin');
      el.setAttribute('action', '/interaction/kit-test');
      const otp = { maskedPhone: '******123', expiresIn: 300, resendAfter: 60, attemptsLeft: 5 };
      await apiAnswers(el, '/credentials', { otp });
      await fixture(html`<div>${el}</div>`);
      await sendCredentials(el);
      const [request] = apiRequests(el);
      expect(request!.url.pathname).to.equal('/interaction/kit-test/credentials');
      expect(JSON.parse(String(request!.body))).to.include({ idNumber: '045090001234' });
      expect(el.shadowRoot!.querySelector('dvc-otp-input')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('locked: a 423 from the interaction shows the lock, with nothing typed lost', async () => {
      const el = document.createElement('dvc-signin');
      el.setAttribute('action', '/interaction/kit-test');
      await apiAnswers(el, '/credentials', fault({ status: 423, body: { error: 'otp_locked', message: 'locked' } }));
      await fixture(html`<div>${el}</div>`);
      await sendCredentials(el);
      expect(text(el)).to.contain('Bạn đã');
      expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[name="idNumber"]')!.value).to.equal('045090001234');
      await expect(el).to.be.accessible();
    });
  });

  describe('statistics donut', () => {
    it('answers per element: two donuts on one page get different answers', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <dvc-stats-donut year="2023"></dvc-stats-donut><dvc-stats-donut year="2023"></dvc-stats-donut>
      </div>`);
      const [a, b] = [...wrapper.querySelectorAll<DvcStatsDonut>('dvc-stats-donut')] as [DvcStatsDonut, DvcStatsDonut];
      await apiAnswers(a, '/stats/processing', samples.stats());
      await apiAnswers(b, '/stats/processing', fault({ status: 500 }));
      expect(text(a)).to.contain('99,2%');
      expect(text(b)).to.contain('Thử lại');
      await expect(a).to.be.accessible();
      await expect(b).to.be.accessible();
    });

    it('an element already inside a <dvc-portal> is taken over, and the page keeps its real network for the rest', async () => {
      const portal = await fixture(html`<dvc-portal api="https://api.example.test"><dvc-stats-donut year="2023"></dvc-stats-donut></dvc-portal>`);
      const donut = portal.querySelector<DvcStatsDonut>('dvc-stats-donut')!;
      await apiAnswers(donut, '/stats/processing', samples.stats());
      expect(text(donut)).to.contain('3.788');
      expect(apiRequests(donut).every((r) => r.url.hostname === 'api.dvc-testing.invalid')).to.equal(true);
    });
  });
});
