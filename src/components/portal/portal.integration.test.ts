import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { bearer, setup, teardown, type Harness } from '../../auth/testing/harness.js';
import type { DvcLoginEvent } from '../../events/login.js';
import '../login-button/login-button.js';
import type { DvcLoginButton } from '../login-button/login-button.js';
import type { DvcPortal } from './portal.js';
import './portal.js';

// The real OpenID client against the auth tests' fake provider: no fake session here.
describe('dvc-portal with the real session', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('a session kept in the tab is restored on the next page, and a sign-out in another tab reaches the button', async () => {
    // The previous page of this tab signed in.
    const previousPage = h.session();
    await h.signIn(previousPage);
    expect(previousPage.state.status).to.equal('signed-in');

    const login = oneEvent(document, 'dvc-login') as Promise<DvcLoginEvent>;
    const portal = await fixture<DvcPortal>(html`<dvc-portal issuer=${h.provider.issuer} client-id=${h.provider.clientId}>
      <dvc-login-button></dvc-login-button>
    </dvc-portal>`);
    const button = portal.querySelector('dvc-login-button')!;
    const event = await login;
    expect(event.target).to.equal(button);
    expect(event.detail.restored).to.equal(true);
    expect(event.detail.user.name).to.equal('Nguyễn Văn A');
    expect(JSON.stringify(event.detail), 'no token in the event').not.to.contain((await bearer(previousPage))!);
    await button.updateComplete;
    expect(button.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.equal('Nguyễn Văn A');
    expect(portal.user?.name).to.equal('Nguyễn Văn A');

    const logout = oneEvent(button, 'dvc-logout');
    await previousPage.logout();
    await logout;
    await waitUntil(() => button.shadowRoot!.querySelector('[part~="button"]')!.textContent === 'Đăng nhập bằng Cổng DVC Quốc gia');
    expect(portal.user).to.equal(null);
  });

  it('a login button standing alone uses the same client and announces the restored session itself', async () => {
    const previousPage = h.session();
    await h.signIn(previousPage);
    const login = oneEvent(document, 'dvc-login') as Promise<DvcLoginEvent>;
    const button = await fixture<DvcLoginButton>(html`<dvc-login-button issuer=${h.provider.issuer} client-id=${h.provider.clientId}></dvc-login-button>`);
    const event = await login;
    expect(event.target).to.equal(button);
    expect(event.detail).to.include({ restored: true });
    await button.updateComplete;
    expect(button.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.equal('Nguyễn Văn A');
  });
});
