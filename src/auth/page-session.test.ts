import { expect } from '@open-wc/testing';
import { getSession } from './page-session.js';
import { CHANNEL_NAME, sessionKey } from './page-state.js';
import type { AuthConfig } from './session.js';
import { nextState, settled, setup, teardown, type Harness } from './testing/harness.js';
import type { SessionLike } from './types.js';

/** What a sign-in on an earlier page of the tab leaves in its sessionStorage. */
function keep(config: AuthConfig, name: string): void {
  const user = { sub: 'citizen-045', name, vneid: true, claims: { sub: 'citizen-045' } };
  const now = Date.now();
  const stored = { idToken: `id-${name}`, accessToken: 'at', expiresAt: now + 3600_000, user, tokenType: 'Bearer', signedInAt: now, lineage: 'test' };
  sessionStorage.setItem(sessionKey(config.issuer, config.clientId), JSON.stringify(stored));
}

describe("the page's session (page-session.ts): browser mode loads its code when the page needs it", () => {
  let h: Harness;
  /** Each test its own client id: the page keeps one session per issuer and client id. */
  let n = 0;
  let config: AuthConfig;
  const made: AuthConfig[] = [];

  beforeEach(async () => {
    h = await setup();
    config = h.config({ clientId: `page-session-${++n}` });
  });
  afterEach(async () => {
    // The sessions the tests made load session.ts; stop their timers and channels.
    const { getSession: loaded } = await import('./session.js');
    for (const c of made.splice(0)) (loaded(c) as SessionLike & { dispose(): void }).dispose();
    teardown();
  });

  it('a page with nothing in the tab for the session is signed out at once', () => {
    const session = getSession(config);
    expect(session.state).to.deep.equal({ status: 'signed-out' });
    expect(getSession({ ...config }), 'one per issuer and client id').to.equal(session);
  });

  it('a tab that keeps a session is busy while the code loads, then signed in (restored)', async () => {
    keep(config, 'Nguyễn Văn A');
    made.push(config);
    const session = getSession(config);
    expect(session.state.status).to.equal('busy');
    await settled(session);
    expect(session.state).to.include({ status: 'signed-in', restored: true });
    expect(session.state.user?.name).to.equal('Nguyễn Văn A');
  });

  it('an authorization response in the address: busy at once, then checked (one this tab never asked for is refused)', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=never-asked`);
    made.push(config);
    const session = getSession(config);
    expect(session.state.status).to.equal('busy');
    await settled(session);
    expect(session.state.status).to.equal('error');
    expect(session.state.error?.code).to.equal('state_mismatch');
    expect(location.search, 'the address bar is cleaned').to.equal('');
  });

  it('a signed-out page loads the session when another session object of the tab says it signed in', async () => {
    const session = getSession(config);
    expect(session.state.status).to.equal('signed-out');
    // Another copy of the library in the page (an app's bundle) signed in: it keeps the tokens, then tells the tab.
    keep(config, 'Trần Thị B');
    made.push(config);
    const signedIn = nextState(session, 'signed-in');
    const other = new BroadcastChannel(CHANNEL_NAME);
    other.postMessage({ type: 'signed-in', issuer: config.issuer, clientId: config.clientId });
    other.close();
    await signedIn;
    expect(session.state.user?.name).to.equal('Trần Thị B');
  });
});
