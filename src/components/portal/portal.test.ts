import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PortalConfig, SessionLike } from '../../auth/types.js';
import type { DvcErrorEvent } from '../../events/error.js';
import type { DvcLoginEvent } from '../../events/login.js';
import { DvcError } from '../../internal/errors.js';
import { FakeSession, fakeUser } from '../../testing/fake-session.js';
import '../login-button/login-button.js';
import type { DvcLoginButton } from '../login-button/login-button.js';
import { DvcPortal } from './portal.js';

/** The real portal with the session factory replaced: every portal gets `TestPortal.next`. */
class TestPortal extends DvcPortal {
  static next: FakeSession = new FakeSession();
  static configs: PortalConfig[] = [];
  protected override createSession(config: PortalConfig & { issuer: string; clientId: string }): SessionLike {
    TestPortal.configs.push(config);
    return TestPortal.next;
  }
}
customElements.define('test-dvc-portal', TestPortal);

const ISSUER = 'https://id.example.test';
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const message = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part~="message"]');
const buttonPart = (el: DvcLoginButton) => el.shadowRoot!.querySelector<HTMLElement>('[part~="button"]');

/** Collects the `type` events reaching document during each test of the enclosing describe. */
function record<T extends Event>(type: string) {
  const events: T[] = [];
  const listener = (event: Event) => events.push(event as T);
  beforeEach(() => {
    events.length = 0;
    document.addEventListener(type, listener);
  });
  afterEach(() => document.removeEventListener(type, listener));
  return events;
}

describe('dvc-portal', () => {
  let session: FakeSession;
  beforeEach(() => {
    session = new FakeSession();
    TestPortal.next = session;
    TestPortal.configs = [];
  });

  it('renders its content, no message, and exposes the session, accessibly', async () => {
    const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency"><p>Nội dung trang</p></test-dvc-portal>`);
    expect(text(el.querySelector('p'))).to.equal('Nội dung trang');
    expect(el.getBoundingClientRect().height, 'display: contents').to.equal(0);
    expect(el.querySelector('p')!.getBoundingClientRect().height).to.be.above(0);
    expect(message(el)).to.be.null;
    expect(el.session).to.equal(session);
    expect(TestPortal.configs[0]).to.include({ issuer: ISSUER, clientId: 'agency', scope: 'openid profile', storage: 'session' });
    expect(el.user).to.be.null;
    const user = fakeUser();
    session.signIn(user);
    expect(el.user).to.equal(user);
    await expect(el).to.be.accessible();
  });

  it('login() and logout() go to the session', async () => {
    const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency"></test-dvc-portal>`);
    await el.login();
    await el.logout();
    expect(session.calls).to.deep.equal(['login', 'logout']);
  });

  it('gives two login buttons the same session', async () => {
    const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency">
      <header><dvc-login-button id="a"></dvc-login-button></header>
      <footer><dvc-login-button id="b"></dvc-login-button></footer>
    </test-dvc-portal>`);
    const [a, b] = [el.querySelector<DvcLoginButton>('#a')!, el.querySelector<DvcLoginButton>('#b')!];
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(TestPortal.configs, 'one session for the page').to.have.length(1);
    session.signIn();
    await Promise.all([a.updateComplete, b.updateComplete]);
    for (const button of [a, b]) expect(text(button.shadowRoot!.querySelector('[part~="name"]'))).to.equal('Nguyễn Đức Tuấn Kiệt');
    await b.switchAccount();
    await a.logout();
    expect(session.calls).to.deep.equal(['switchAccount', 'logout']);
  });

  describe('session events', () => {
    const logins = record<DvcLoginEvent>('dvc-login');
    const logouts = record<Event>('dvc-logout');
    const errors = record<DvcErrorEvent>('dvc-error');

    it('come from the login button inside, once each, with the right detail', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency">
        <dvc-login-button id="first"></dvc-login-button><dvc-login-button></dvc-login-button>
      </test-dvc-portal>`);
      const button = el.querySelector('#first')!;
      const user = fakeUser();
      session.busy();
      const login = oneEvent(button, 'dvc-login');
      session.signIn(user);
      const { detail, bubbles, composed } = await login;
      expect(detail).to.deep.equal({ user, restored: false });
      expect(bubbles && composed).to.be.true;
      expect(logins.map((e) => e.target)).to.deep.equal([button]);

      const logout = oneEvent(button, 'dvc-logout');
      session.signOut();
      await logout;
      expect(logouts.map((e) => e.target)).to.deep.equal([button]);

      const error = oneEvent(button, 'dvc-error');
      session.fail('http', { status: 503 });
      expect((await error).detail).to.deep.equal({ code: 'http', status: 503, message: 'Máy chủ đang gặp sự cố. Vui lòng thử lại sau.' });
      session.setState(session.state); // the same error again is not a new one
      expect(errors.map((e) => [e.target, e.detail.code])).to.deep.equal([[button, 'http']]);
      expect(logins).to.have.length(1);
      expect(logouts).to.have.length(1);
    });

    it('come from the portal when it holds no login button', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency"><p>Trang</p></test-dvc-portal>`);
      const login = oneEvent(el, 'dvc-login');
      session.signIn();
      await login;
      const logout = oneEvent(el, 'dvc-logout');
      const error = oneEvent(el, 'dvc-error');
      session.expire();
      await logout;
      expect((await error).detail.code).to.equal('session_expired');
      expect(logins.map((e) => e.target)).to.deep.equal([el]);
      expect(logouts.map((e) => e.target)).to.deep.equal([el]);
      expect(errors.map((e) => e.target)).to.deep.equal([el]);
    });

    it('a session restored at page load fires dvc-login with restored: true', async () => {
      const user = fakeUser();
      session.signIn(user, { restored: true });
      const login = oneEvent(document, 'dvc-login');
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency"><dvc-login-button></dvc-login-button></test-dvc-portal>`);
      const event = await login;
      expect(event.detail).to.deep.equal({ user, restored: true });
      expect(event.target).to.equal(el.querySelector('dvc-login-button'));
      // Moving the portal elsewhere on the page does not announce the same sign-in again.
      el.remove();
      document.body.append(el);
      await el.updateComplete;
      expect(logins).to.have.length(1);
      el.remove();
    });

    it('a sign-in with a warning fires dvc-login, then dvc-error with the warning once', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="agency"></test-dvc-portal>`);
      const warning = new DvcError('userinfo_mismatch', 'userinfo about someone else');
      const error = oneEvent(el, 'dvc-error');
      session.busy();
      session.signIn(fakeUser(), { warning });
      expect((await error).detail.code).to.equal('userinfo_mismatch');
      session.setState({ ...session.state });
      expect(logins.map((e) => e.detail.restored)).to.deep.equal([false]);
      expect(errors).to.have.length(1);
    });
  });

  describe('configuration error', () => {
    const errors = record<DvcErrorEvent>('dvc-error');

    it('shows a message and fires dvc-error config once; the button inside shows it without a second event', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer="http://id.example.test" client-id="agency">
        <dvc-login-button></dvc-login-button>
      </test-dvc-portal>`);
      const button = el.querySelector('dvc-login-button')!;
      await button.updateComplete;
      const shown = message(el)!;
      expect(shown.getAttribute('role')).to.equal('alert');
      expect(text(shown)).to.equal('Tiện ích chưa được cấu hình đúng. Vui lòng liên hệ quản trị trang.');
      expect(text(message(button))).to.equal(text(shown));
      expect(el.session).to.be.undefined;
      expect(TestPortal.configs).to.have.length(0);
      expect(errors.map((e) => [e.target, e.detail.code])).to.deep.equal([[el, 'config']]);
      el.requestUpdate();
      await el.updateComplete;
      expect(errors).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('in English under <html lang="en">', async () => {
      const before = document.documentElement.lang;
      document.documentElement.lang = 'en';
      try {
        const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER}></test-dvc-portal>`);
        expect(text(message(el))).to.equal('This widget is not configured correctly. Please contact the site administrator.');
        expect(errors[0]!.detail.message).to.equal(text(message(el)));
      } finally {
        document.documentElement.lang = before;
      }
    });

    it('login() reports the configuration error instead of throwing', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal storage="local" issuer=${ISSUER} client-id="agency"></test-dvc-portal>`);
      expect(errors).to.have.length(1);
      await el.login();
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['config', 'config']);
    });

    it('fixing the attributes clears the message and creates the session', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER}><dvc-login-button></dvc-login-button></test-dvc-portal>`);
      const button = el.querySelector('dvc-login-button')!;
      expect(message(el)).to.exist;
      el.setAttribute('client-id', 'agency');
      await el.updateComplete;
      await button.updateComplete;
      expect(message(el)).to.be.null;
      expect(el.session).to.equal(session);
      expect(text(buttonPart(button))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
    });

    it('a portal for public widgets only (api, no issuer) is not an error; a login button inside reports its own', async () => {
      const el = await fixture<TestPortal>(html`<test-dvc-portal api="https://api.example.test"><dvc-login-button></dvc-login-button></test-dvc-portal>`);
      const button = el.querySelector('dvc-login-button')!;
      await button.updateComplete;
      expect(message(el)).to.be.null;
      expect(text(message(button))).to.contain('chưa được cấu hình');
      expect(errors.map((e) => [e.target, e.detail.code])).to.deep.equal([[button, 'config']]);
    });
  });

  it('widgets upgraded before the portal still get its session', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    // A portal tag no one has defined yet, so its button upgrades first.
    wrapper.innerHTML = `<late-dvc-portal issuer="${ISSUER}" client-id="agency"><dvc-login-button></dvc-login-button></late-dvc-portal>`;
    const button = wrapper.querySelector('dvc-login-button')!;
    await button.updateComplete;
    session.signIn();
    customElements.define('late-dvc-portal', class extends TestPortal {});
    await waitUntil(() => text(button.shadowRoot!.querySelector('[part~="name"]')) === 'Nguyễn Đức Tuấn Kiệt', 'the button follows the portal session');
  });

  it('a widget moved out of the portal stops using its session, and uses it again when moved back', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <test-dvc-portal issuer=${ISSUER} client-id="agency"><dvc-login-button></dvc-login-button></test-dvc-portal>
      <section></section>
    </div>`);
    const portal = wrapper.querySelector('test-dvc-portal')!;
    const button = wrapper.querySelector<DvcLoginButton>('dvc-login-button')!;
    session.signIn();
    await waitUntil(() => text(button.shadowRoot!.querySelector('[part~="name"]')) === 'Nguyễn Đức Tuấn Kiệt', 'signed in through the portal');
    wrapper.querySelector('section')!.append(button);
    await waitUntil(() => /chưa được cấu hình/.test(text(message(button)) ?? ''), 'alone without issuer or client id: not configured');
    expect(button.shadowRoot!.querySelector('[part~="name"]')).to.be.null;
    portal.append(button);
    await waitUntil(() => text(button.shadowRoot!.querySelector('[part~="name"]')) === 'Nguyễn Đức Tuấn Kiệt', 'back in the portal');
  });

  it('a portal inside another, upgraded later, takes over the widgets inside it', async () => {
    const outer = await fixture<TestPortal>(html`<test-dvc-portal issuer=${ISSUER} client-id="outer">
      <dvc-login-button id="outside"></dvc-login-button>
      <inner-dvc-portal issuer=${ISSUER} client-id="inner"><dvc-login-button id="inside"></dvc-login-button></inner-dvc-portal>
    </test-dvc-portal>`);
    const [outside, inside] = [outer.querySelector<DvcLoginButton>('#outside')!, outer.querySelector<DvcLoginButton>('#inside')!];
    session.signIn(fakeUser({ name: 'Người Ngoài' }));
    await waitUntil(() => text(inside.shadowRoot!.querySelector('[part~="name"]')) === 'Người Ngoài', 'the outer portal serves both until the inner one is defined');
    const innerSession = new FakeSession();
    innerSession.signIn(fakeUser({ name: 'Người Trong' }));
    TestPortal.next = innerSession;
    customElements.define('inner-dvc-portal', class extends TestPortal {});
    await waitUntil(() => text(inside.shadowRoot!.querySelector('[part~="name"]')) === 'Người Trong', 'the inner portal serves the button inside it');
    await outside.updateComplete;
    expect(text(outside.shadowRoot!.querySelector('[part~="name"]'))).to.equal('Người Ngoài');
    session.signOut();
    await outside.updateComplete;
    await inside.updateComplete;
    expect(outside.shadowRoot!.querySelector('[part~="name"]'), 'the outer sign-out reaches the button outside').to.be.null;
    expect(text(inside.shadowRoot!.querySelector('[part~="name"]')), 'and not the one the inner portal serves').to.equal('Người Trong');
  });
});
