// The session's signed-in half (live.ts) is loaded only when there is a session to keep going: a
// signed-out page never asks for it, a restored session is signed in before it arrives, and a
// failed download of it loses no sign-out and makes no API call throw.
import { expect } from '@open-wc/testing';
import { CHANNEL_NAME } from './page-state.js';
import { SIGNED_OUT_PREFIX } from './storage.js';
import { bearer, nextState, setup, teardown, type Harness } from './testing/harness.js';

const storedKeys = () => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session'));
/** What a browser rejects import() with when the module cannot be downloaded. */
const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
const tick = () => new Promise((resolve) => setTimeout(resolve));

/** A loader of live.ts that counts its calls and, while `hold` is set, keeps the module back until `release()`. */
function liveLoader(options: { fail?: () => boolean; hold?: boolean } = {}) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const loader = {
    calls: 0,
    release,
    load: () => {
      loader.calls++;
      if (options.fail?.()) return offline();
      return options.hold ? held.then(() => import('./live.js')) : import('./live.js');
    },
  };
  return loader;
}

describe('the signed-in half, loaded on demand', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(() => {
    localStorage.removeItem(`${SIGNED_OUT_PREFIX}${h.provider.issuer} ${h.provider.clientId}`);
    teardown();
  });

  it('a signed-out page never asks for it: not for an API call, the sign-in start, another tab\'s sign-out, renewal or refusal, nor a sign-in elsewhere that left it no session', async () => {
    const live = liveLoader();
    const session = h.session({}, { loadLive: live.load });
    session.resume();
    expect(session.state.status).to.equal('signed-out');
    expect(await bearer(session)).to.equal(undefined);
    session.prepare();
    session.expire();
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    try {
      const { issuer, clientId } = h.provider;
      for (const type of ['signed-out', 'renewed', 'expired', 'signed-in']) otherTab.postMessage({ type, issuer, clientId, from: 'x', lineage: 'y' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      otherTab.close();
    }
    await tick();
    expect(live.calls).to.equal(0);
    expect(session.state.status).to.equal('signed-out');
  });

  it('a page that completes a sign-in loads it once, and keeps the tokens with it', async () => {
    const live = liveLoader();
    const session = h.session({}, { loadLive: live.load });
    await h.signIn(session);
    expect(session.state.status).to.equal('signed-in');
    expect(await bearer(session)).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(live.calls).to.equal(1);
  });

  it('a sign-in by another session object of the tab loads it in the one that listened', async () => {
    const live = liveLoader();
    const widget = h.session({}, { loadLive: live.load });
    const portal = h.session();
    const signedIn = nextState(widget, 'signed-in');
    await h.signIn(portal);
    await signedIn;
    expect(widget.state.restored).to.equal(true);
    expect(await bearer(widget)).to.equal(await bearer(portal));
    expect(live.calls).to.equal(1);
  });

  it('a restored session is signed in with the citizen at once; an API call waits for the half to arrive', async () => {
    await h.signIn(h.session());
    const live = liveLoader({ hold: true });
    const nextPage = h.session({}, { loadLive: live.load });
    expect(nextPage.state).to.deep.include({ status: 'signed-in', restored: true });
    expect(nextPage.state.user?.name).to.equal('Nguyễn Văn A');
    expect(live.calls, 'asked for at once').to.equal(1);
    let access: string | undefined | null = null;
    const pending = bearer(nextPage).then((token) => {
      access = token;
    });
    await tick();
    expect(access, 'not before the half has arrived').to.equal(null);
    live.release();
    await pending;
    expect(access).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(live.calls).to.equal(1);
  });

  it('fifty API calls at once, while the half is still downloading and the token has expired, make one download and one renewal, and all get the new token', async () => {
    h.provider.refreshTokens = true;
    h.provider.expiresIn = 120;
    await h.signIn(h.session());
    const live = liveLoader({ hold: true });
    const nextPage = h.session({}, { loadLive: live.load });
    h.advanceClock(121_000);
    const calls = Array.from({ length: 50 }, () => bearer(nextPage));
    await tick();
    live.release();
    const tokens = await Promise.all(calls);
    expect(live.calls).to.equal(1);
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(new Set(tokens)).to.deep.equal(new Set([h.provider.issued.at(-1)!.accessToken]));
    expect(nextPage.state.status).to.equal('signed-in');
  });

  it('a restored session with a refresh token renews on the first call after expiry, as a session signed in on the page does', async () => {
    h.provider.refreshTokens = true;
    h.provider.expiresIn = 120;
    await h.signIn(h.session());
    const nextPage = h.session();
    h.advanceClock(121_000);
    const token = await bearer(nextPage);
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(token).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(nextPage.state.status).to.equal('signed-in');
  });

  it('a restored session at work is renewed by its timer before expiry, without any API call', async () => {
    h.provider.refreshTokens = true;
    // A minute and a second: the renewal falls due one second after sign-in.
    h.provider.expiresIn = 61;
    const first = h.session();
    await h.signIn(first);
    first.dispose(); // the page before: only the restored session has a timer
    const nextPage = h.session();
    expect(nextPage.state.status).to.equal('signed-in');
    const renewal = h.provider.nextRequest('/token');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(new URLSearchParams((await renewal).body).get('grant_type')).to.equal('refresh_token');
    // The call shares the renewal under way: it ends before the next test.
    expect(await bearer(nextPage)).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(h.provider.refreshCalls()).to.have.length(1);
  });

  it('a restored session without a refresh token ends with session_expired when its token expires, with no call', async () => {
    h.provider.expiresIn = 1;
    const first = h.session();
    await h.signIn(first);
    first.dispose();
    const nextPage = h.session();
    expect(nextPage.state.status).to.equal('signed-in');
    await nextState(nextPage, 'error');
    expect(nextPage.state.error?.code).to.equal('session_expired');
    expect(storedKeys()).to.deep.equal([]);
  });

  it('a failed download: the restored session still shows the citizen, API calls resolve undefined without throwing, and the next call loads it again', async () => {
    await h.signIn(h.session());
    let down = true;
    const live = liveLoader({ fail: () => down });
    const nextPage = h.session({}, { loadLive: live.load });
    expect(nextPage.state.status).to.equal('signed-in');
    await tick();
    expect(await bearer(nextPage)).to.equal(undefined);
    expect(await bearer(nextPage)).to.equal(undefined);
    expect(nextPage.state.status).to.equal('signed-in');
    expect(nextPage.state.user?.name).to.equal('Nguyễn Văn A');
    down = false;
    expect(await bearer(nextPage)).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(live.calls).to.equal(4); // the restore's, two failed calls', and the one that arrived
  });

  it('a failed download: logout() still signs out here and in the other tabs, with the marker, and goes nowhere', async () => {
    await h.signIn(h.session());
    const live = liveLoader({ fail: () => true });
    const nextPage = h.session({}, { loadLive: live.load });
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    const told = new Promise<unknown>((resolve) => otherTab.addEventListener('message', (e) => resolve(e.data), { once: true }));
    try {
      const before = h.navigations.length;
      await nextPage.logout();
      expect(nextPage.state.status).to.equal('signed-out');
      expect(await bearer(nextPage)).to.equal(undefined);
      expect(storedKeys()).to.deep.equal([]);
      expect(localStorage.getItem(`${SIGNED_OUT_PREFIX}${h.provider.issuer} ${h.provider.clientId}`)).to.match(/^\d+$/);
      expect(await told).to.deep.equal({ type: 'signed-out', issuer: h.provider.issuer, clientId: h.provider.clientId });
      expect(h.navigations).to.have.length(before);
      expect(h.session().state.status, 'the next page starts signed out').to.equal('signed-out');
    } finally {
      otherTab.close();
    }
  });

  it('a failed download: switchAccount() signs out here too, and a sign-in that cannot finish keeps no token', async () => {
    await h.signIn(h.session());
    const live = liveLoader({ fail: () => true });
    const nextPage = h.session({}, { loadLive: live.load });
    await nextPage.switchAccount();
    expect(nextPage.state.status).to.equal('signed-out');
    expect(storedKeys()).to.deep.equal([]);

    const callback = await h.callbackUrl(nextPage);
    await nextPage.completeSignIn(callback);
    expect(nextPage.state.status).to.equal('error');
    expect(nextPage.state.error?.code).to.equal('network');
    expect(h.provider.calls('/token')).to.have.length(1); // the first page's sign-in only
    expect(storedKeys()).to.deep.equal([]);
  });
});
