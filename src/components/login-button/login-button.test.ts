import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DvcErrorEvent } from '../../events/error.js';
import type { DvcProfileRequestEvent } from '../../events/profile-request.js';
import { DvcError } from '../../internal/errors.js';
import { FakeSession, fakeUser, provideSession, sessionFixture } from '../../testing/fake-session.js';
import './login-button.js';
import type { DvcLoginButton } from './login-button.js';

const part = (el: DvcLoginButton, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: DvcLoginButton, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim();
const focused = (el: DvcLoginButton) => el.shadowRoot!.activeElement as HTMLElement | null;

async function signedIn(user = fakeUser()) {
  const session = new FakeSession();
  session.signIn(user);
  const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
  return { el, session };
}

async function openWithClick(el: DvcLoginButton) {
  part(el, 'button')!.click();
  await el.updateComplete;
  await waitUntil(() => focused(el)?.getAttribute('role') === 'menuitem', 'first item focused');
}

describe('dvc-login-button', () => {
  describe('signed out', () => {
    it('offers the seed\'s sign-in button, accessibly', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      const button = part(el, 'button') as HTMLButtonElement;
      expect(button.localName).to.equal('button');
      expect(text(button)).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
      expect(button.disabled).to.be.false;
      expect(part(el, 'base')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('a click calls session.login()', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      part(el, 'button')!.click();
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['login']);
    });

    it('login() calls session.login() once', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      await el.login();
      expect(session.calls).to.deep.equal(['login']);
    });

    it('pointing at the button, or focusing it, has the session load what a sign-in needs, without signing in', async () => {
      const session = new (class extends FakeSession {
        prepared = 0;
        prepare() {
          this.prepared++;
        }
      })();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      const button = part(el, 'button')!;
      button.dispatchEvent(new PointerEvent('pointerenter'));
      expect(session.prepared).to.equal(1);
      button.focus();
      expect(session.prepared).to.equal(2);
      expect(session.calls).to.deep.equal([]);
    });

    it('is at least 44px high', async () => {
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, new FakeSession());
      expect(part(el, 'button')!.getBoundingClientRect().height).to.be.at.least(44);
    });
  });

  describe('busy', () => {
    it('disables the button and shows progress text', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      session.busy();
      await el.updateComplete;
      const button = part(el, 'button') as HTMLButtonElement;
      expect(button.disabled).to.be.true;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(text(button)).to.equal('Đang đăng nhập…');
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
    });
  });

  describe('signed in, while the menu downloads (account-menu.js)', () => {
    type Loader = { loadMenu: () => Promise<unknown> };
    const Button = () => customElements.get('dvc-login-button') as unknown as Loader;
    let original: Loader['loadMenu'];
    let host: HTMLElement;
    beforeEach(() => {
      original = Button().loadMenu;
      host = document.createElement('div');
      document.body.append(host);
    });
    afterEach(() => {
      Button().loadMenu = original;
      host.remove();
    });

    /** A signed-in button, not waited for (its updateComplete waits for the menu). */
    function place(): DvcLoginButton {
      const session = new FakeSession();
      session.signIn();
      provideSession(host, session);
      const el = document.createElement('dvc-login-button');
      host.append(el);
      return el;
    }

    it('"Đang đăng nhập…", busy, until the menu arrives; then the name', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      Button().loadMenu = () => gate.then(original);
      const el = place();
      await waitUntil(() => text(part(el, 'button')) === 'Đang đăng nhập…', 'busy while the menu downloads');
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
      expect((part(el, 'button') as HTMLButtonElement).disabled).to.be.true;
      await expect(el).to.be.accessible();
      release();
      await el.updateComplete;
      expect(text(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('a menu that cannot be downloaded: the network message, "Thử lại" and dvc-error network; "Thử lại" loads it', async () => {
      let calls = 0;
      Button().loadMenu = () => (++calls === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : original());
      const reported = oneEvent(host, 'dvc-error') as Promise<DvcErrorEvent>;
      const el = place();
      const { detail } = await reported;
      expect(detail.code).to.equal('network');
      await el.updateComplete;
      expect(text(part(el, 'message'))).to.contain('Không kết nối được máy chủ');
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(text(retry)).to.equal('Thử lại');
      await expect(el).to.be.accessible();
      retry.click();
      await el.updateComplete;
      expect(calls).to.equal(2);
      expect(text(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      expect(part(el, 'message')).to.be.null;
    });
  });

  describe('signed in', () => {
    it('shows the citizen\'s name, the VNeID badge and a closed menu button', async () => {
      const { el } = await signedIn();
      const button = part(el, 'button')!;
      expect(text(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      expect(text(button)).to.contain('VNeID');
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, 'menu')).to.be.null;
      await expect(el).to.be.accessible();
    });

    it('without VNeID there is no badge', async () => {
      const { el } = await signedIn(fakeUser({ vneid: false, idp: undefined }));
      expect(text(part(el, 'button'))).not.to.contain('VNeID');
    });

    it('without a name shows the masked ID number, without either "Không có dữ liệu"', async () => {
      const { el, session } = await signedIn(fakeUser({ name: undefined }));
      expect(text(part(el, 'name'))).to.equal('*********234');
      session.signIn(fakeUser({ sub: 'other', name: '  ', idNumber: undefined }));
      await el.updateComplete;
      expect(text(part(el, 'name'))).to.equal('Không có dữ liệu');
    });

    it('a sign-in with a warning shows it politely under the name', async () => {
      const session = new FakeSession();
      session.signIn(fakeUser(), { warning: new DvcError('userinfo_mismatch', 'userinfo about someone else') });
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      const message = part(el, 'message')!;
      expect(message.getAttribute('role')).to.equal('status');
      expect(text(message)).to.equal('Thông tin người dùng không khớp với tài khoản đăng nhập.');
      expect(text(part(el, 'name'))).to.equal('Nguyễn Đức Tuấn Kiệt');
      await expect(el).to.be.accessible();
    });

    it('opens the menu with its three items on click, accessibly', async () => {
      const { el } = await signedIn();
      await openWithClick(el);
      const menu = part(el, 'menu')!;
      expect(menu.getAttribute('role')).to.equal('menu');
      const items = parts(el, 'menuitem');
      expect(items.map((i) => i.getAttribute('role'))).to.deep.equal(['menuitem', 'menuitem', 'menuitem']);
      expect(items.map(text)).to.deep.equal(['Thông tin cá nhân', 'Đăng nhập bằng tài khoản khác', 'Đăng xuất']);
      expect(part(el, 'button')!.getAttribute('aria-expanded')).to.equal('true');
      expect(focused(el)).to.equal(items[0]);
      await expect(el).to.be.accessible();
    });

    it('"Thông tin cá nhân" fires dvc-profile-request once with the user', async () => {
      const user = fakeUser();
      const { el } = await signedIn(user);
      let count = 0;
      el.addEventListener('dvc-profile-request', () => count++);
      await openWithClick(el);
      const event = oneEvent(el, 'dvc-profile-request') as Promise<DvcProfileRequestEvent>;
      parts(el, 'menuitem')[0]!.click();
      const { detail, bubbles, composed } = await event;
      expect(detail.user).to.equal(user);
      expect(bubbles && composed).to.be.true;
      expect(count).to.equal(1);
      await el.updateComplete;
      expect(part(el, 'menu')).to.be.null;
      expect(focused(el)).to.equal(part(el, 'button'));
    });

    it('"Đăng nhập bằng tài khoản khác" calls switchAccount(), not login or logout', async () => {
      const { el, session } = await signedIn();
      await openWithClick(el);
      parts(el, 'menuitem')[1]!.click();
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['switchAccount']);
    });

    it('"Đăng xuất" calls logout()', async () => {
      const { el, session } = await signedIn();
      await openWithClick(el);
      parts(el, 'menuitem')[2]!.click();
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['logout']);
    });

    it('a click outside closes the menu', async () => {
      const { el } = await signedIn();
      await openWithClick(el);
      document.body.click();
      await el.updateComplete;
      expect(part(el, 'menu')).to.be.null;
      expect(part(el, 'button')!.getAttribute('aria-expanded')).to.equal('false');
    });

    it('the menu closes when the session signs out', async () => {
      const { el, session } = await signedIn();
      await openWithClick(el);
      session.signOut();
      await el.updateComplete;
      expect(part(el, 'menu')).to.be.null;
      expect(text(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
    });
  });

  describe('menu keyboard', () => {
    it('ArrowDown opens on the first item; arrows, Home and End move; Escape returns to the button', async () => {
      const { el } = await signedIn();
      part(el, 'button')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => part(el, 'menu') !== null && focused(el)?.getAttribute('role') === 'menuitem');
      const items = parts(el, 'menuitem');
      expect(focused(el)).to.equal(items[0]);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(items[1]);
      await sendKeys({ press: 'End' });
      expect(focused(el)).to.equal(items[2]);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el), 'wraps to the first').to.equal(items[0]);
      await sendKeys({ press: 'ArrowUp' });
      expect(focused(el), 'wraps to the last').to.equal(items[2]);
      await sendKeys({ press: 'Home' });
      expect(focused(el)).to.equal(items[0]);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'menu')).to.be.null;
      expect(focused(el)).to.equal(part(el, 'button'));
      expect(part(el, 'button')!.getAttribute('aria-expanded')).to.equal('false');
    });

    it('Enter and Space open the menu on the first item', async () => {
      const { el } = await signedIn();
      part(el, 'button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => focused(el) === parts(el, 'menuitem')[0], 'Enter opens');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      await sendKeys({ press: ' ' });
      await waitUntil(() => focused(el) === parts(el, 'menuitem')[0], 'Space opens');
    });

    it('Enter on an item activates it', async () => {
      const { el, session } = await signedIn();
      part(el, 'button')!.focus();
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => focused(el) === parts(el, 'menuitem')[2], 'ArrowUp opens on the last item');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['logout']);
    });

    it('Tab closes the menu and moves on', async () => {
      const session = new FakeSession();
      session.signIn();
      const wrapper = await sessionFixture<HTMLDivElement>(html`<div><dvc-login-button></dvc-login-button><button id="after">after</button></div>`, session);
      const el = wrapper.querySelector('dvc-login-button')!;
      await el.updateComplete;
      part(el, 'button')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => focused(el) === parts(el, 'menuitem')[0]);
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(part(el, 'menu')).to.be.null;
      expect(document.activeElement).to.equal(wrapper.querySelector('#after'));
    });
  });

  describe('error', () => {
    it('shows the message in an alert with "Thử lại" and the sign-in button, accessibly', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      session.fail('network');
      await el.updateComplete;
      const message = part(el, 'message')!;
      expect(message.getAttribute('role')).to.equal('alert');
      expect(text(message)).to.equal('Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.');
      expect(text(part(el, 'retry'))).to.equal('Thử lại');
      expect(text(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
      await expect(el).to.be.accessible();
      part(el, 'retry')!.click();
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['login']);
    });

    it('a state mismatch offers "Thử lại" as a fresh sign-in', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      session.fail('state_mismatch');
      await el.updateComplete;
      expect(text(part(el, 'message'))).to.contain('Phiên đăng nhập không khớp');
      part(el, 'retry')!.click();
      await waitUntil(() => session.calls.length > 0);
      expect(session.calls).to.deep.equal(['login']);
    });

    it('a refused sign-in has no "Thử lại", only the sign-in button', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      session.fail('authorization_denied');
      await el.updateComplete;
      expect(text(part(el, 'message'))).to.equal('Đăng nhập không thành công hoặc đã bị hủy.');
      expect(part(el, 'retry')).to.be.null;
      expect(text(part(el, 'button'))).to.equal('Đăng nhập bằng Cổng DVC Quốc gia');
    });

    it('a rejected login() becomes dvc-error, not an unhandled rejection', async () => {
      const session = new FakeSession();
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      session.failNext = new DvcError('timeout', 'discovery timed out');
      const event = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
      await el.login();
      const { detail } = await event;
      expect(detail.code).to.equal('timeout');
      expect(detail.message).to.equal('Máy chủ không phản hồi kịp. Vui lòng thử lại.');
    });
  });

  describe('configuration error', () => {
    it('outside a portal with a malformed issuer: a visible message and dvc-error config once', async () => {
      const events: DvcErrorEvent[] = [];
      const listener = (e: Event) => events.push(e as DvcErrorEvent);
      document.addEventListener('dvc-error', listener);
      try {
        const el = await fixture<DvcLoginButton>(html`<dvc-login-button issuer="http://id.example.test" client-id="agency"></dvc-login-button>`);
        const message = part(el, 'message')!;
        expect(text(message)).to.equal('Tiện ích chưa được cấu hình đúng. Vui lòng liên hệ quản trị trang.');
        expect(part(el, 'retry')).to.be.null;
        expect(events.map((e) => e.detail.code)).to.deep.equal(['config']);
        expect(events[0]!.target).to.equal(el);
        expect(events[0]!.detail.message).to.equal(text(message));
        el.requestUpdate();
        await el.updateComplete;
        expect(events, 'not again on the next render').to.have.length(1);
        await expect(el).to.be.accessible();
      } finally {
        document.removeEventListener('dvc-error', listener);
      }
    });

    it('outside a portal without client-id: the message, and login() reports instead of throwing', async () => {
      const el = await fixture<DvcLoginButton>(html`<dvc-login-button issuer="https://id.example.test"></dvc-login-button>`);
      expect(text(part(el, 'message'))).to.contain('chưa được cấu hình');
      const event = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
      await el.login();
      expect((await event).detail.code).to.equal('config');
      await el.switchAccount();
      await el.logout();
    });
  });

  describe('language', () => {
    it('speaks English under an ancestor with lang="en"', async () => {
      const session = new FakeSession();
      session.signIn();
      const wrapper = await sessionFixture<HTMLDivElement>(html`<div lang="en"><dvc-login-button></dvc-login-button></div>`, session);
      const el = wrapper.querySelector('dvc-login-button')!;
      await el.updateComplete;
      await openWithClick(el);
      expect(parts(el, 'menuitem').map(text)).to.deep.equal(['Personal information', 'Sign in with another account', 'Sign out']);
      session.signOut();
      await el.updateComplete;
      expect(text(part(el, 'button'))).to.equal('Sign in with the National Public Service Portal');
      await expect(el).to.be.accessible();
    });

    it('follows <html lang>', async () => {
      const before = document.documentElement.lang;
      document.documentElement.lang = 'en';
      try {
        const session = new FakeSession();
        const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
        expect(text(part(el, 'button'))).to.equal('Sign in with the National Public Service Portal');
        session.busy();
        await el.updateComplete;
        expect(text(part(el, 'button'))).to.equal('Signing in…');
        session.fail('network');
        await el.updateComplete;
        expect(text(part(el, 'retry'))).to.equal('Retry');
        expect(text(part(el, 'message'))).to.equal('Cannot reach the server. Check your connection and try again.');
        document.documentElement.lang = 'vi';
        await waitUntil(() => text(part(el, 'retry')) === 'Thử lại', 'switches back when <html lang> changes');
      } finally {
        document.documentElement.lang = before;
      }
    });
  });
});
