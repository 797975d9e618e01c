import { expect } from '@open-wc/testing';
import { fromBase64url } from './testing/fake-provider.js';
import { bearer, setup, teardown, type Harness } from './testing/harness.js';

/** base64url(SHA-256(text)), computed here independently of the client's code. */
async function sha256url(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withParams = (url: string, change: (p: URLSearchParams) => void) => {
  const u = new URL(url);
  change(u.searchParams);
  return u.href;
};

describe('authorization request', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('is a code flow request with PKCE S256, state and nonce, and no prompt by default', async () => {
    const session = h.session();
    const url = new URL(await h.authorizationUrl(session));
    const p = url.searchParams;
    expect(url.origin + url.pathname).to.equal(`${h.provider.issuer}/auth`);
    expect(p.get('response_type')).to.equal('code');
    expect(p.get('client_id')).to.equal(h.provider.clientId);
    expect(p.get('redirect_uri')).to.equal(h.config().redirectUri);
    expect(p.get('scope')).to.equal('openid profile');
    expect(p.get('code_challenge_method')).to.equal('S256');
    expect(p.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(p.has('prompt')).to.equal(false);
    expect(session.state.status).to.equal('busy');
  });

  it('asks for prompt=login when told to', async () => {
    const url = new URL(await h.authorizationUrl(h.session(), { prompt: 'login' }));
    expect(url.searchParams.get('prompt')).to.equal('login');
  });

  it('uses state and nonce of at least 128 bits, fresh for every attempt', async () => {
    const session = h.session();
    const first = new URL(await h.authorizationUrl(session)).searchParams;
    const second = new URL(await h.authorizationUrl(session)).searchParams;
    for (const p of [first, second]) {
      expect(fromBase64url(p.get('state')!).length * 8).to.be.at.least(128);
      expect(fromBase64url(p.get('nonce')!).length * 8).to.be.at.least(128);
    }
    expect(first.get('state')).to.not.equal(second.get('state'));
    expect(first.get('nonce')).to.not.equal(second.get('nonce'));
    expect(first.get('code_challenge')).to.not.equal(second.get('code_challenge'));
    expect(first.get('state')).to.not.equal(first.get('nonce'));
  });

  it('keeps the attempt in sessionStorage for the round trip', async () => {
    const state = new URL(await h.authorizationUrl(h.session())).searchParams.get('state');
    expect(sessionStorage.getItem(`dvc:tx:${state}`)).to.be.a('string');
  });

  it('sends at the token endpoint the verifier whose SHA-256 is the challenge', async () => {
    const session = h.session();
    const authorization = await h.authorizationUrl(session);
    await session.completeSignIn(h.provider.authorize(authorization));
    const [token] = h.provider.calls('/token');
    const form = new URLSearchParams(token!.body);
    const verifier = form.get('code_verifier')!;
    expect(verifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
    expect(await sha256url(verifier)).to.equal(new URL(authorization).searchParams.get('code_challenge'));
    expect(form.get('grant_type')).to.equal('authorization_code');
    expect(form.get('client_id')).to.equal(h.provider.clientId);
    expect(form.get('redirect_uri')).to.equal(h.config().redirectUri);
    expect(form.has('client_secret')).to.equal(false);
    expect(token!.method).to.equal('POST');
    expect(token!.headers.get('content-type')).to.equal('application/x-www-form-urlencoded');
  });

  it('fails with a retryable network error when discovery cannot be reached, and navigates nowhere', async () => {
    h.provider.restore();
    const original = window.fetch;
    window.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    try {
      const session = h.session();
      await session.login();
      expect(session.state.status).to.equal('error');
      expect(session.state.error?.code).to.equal('network');
      expect(session.state.error?.retryable).to.equal(true);
      expect(h.navigations).to.have.length(0);
    } finally {
      window.fetch = original;
    }
  });

  it('refuses a provider whose discovery names another issuer', async () => {
    h.provider.discoveryOverrides.issuer = 'https://evil.example';
    const session = h.session();
    await session.login();
    expect(session.state.error?.code).to.equal('issuer_mismatch');
    expect(h.navigations).to.have.length(0);
  });
});

describe('authorization response', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('signs the citizen in: token request, ID token, userinfo merged, one change per step', async () => {
    const session = h.session();
    const callback = await h.callbackUrl(session);
    const statuses: string[] = [];
    session.addEventListener('change', () => statuses.push(session.state.status));
    await session.completeSignIn(callback);
    expect(statuses).to.deep.equal(['busy', 'signed-in']);
    const { user, warning, error } = session.state;
    expect(error).to.equal(undefined);
    expect(warning).to.equal(undefined);
    expect(user).to.include({ sub: 'citizen-045', name: 'Nguyễn Văn A', idNumber: '045090000123', birthDate: '1990-01-15', vneid: true });
    expect(user).to.include({ phone: '0912345678', gender: 'male', accountType: 1 });
    expect(await bearer(session)).to.match(/^at-/);
    const [userinfo] = h.provider.calls('/me');
    expect(userinfo!.headers.get('authorization')).to.equal(`Bearer ${await bearer(session)}`);
  });

  it('rejects a response without state: no token request (state_mismatch)', async () => {
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => p.delete('state'));
    await session.completeSignIn(callback);
    expect(session.state.status).to.equal('error');
    expect(session.state.error?.code).to.equal('state_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('rejects a response whose state matches no attempt: no token request (state_mismatch)', async () => {
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => p.set('state', 'forged-state-value'));
    await session.completeSignIn(callback);
    expect(session.state.error?.code).to.equal('state_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('rejects a response from another issuer (RFC 9207 iss): no token request (issuer_mismatch)', async () => {
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => p.set('iss', 'https://attacker.example'));
    await session.completeSignIn(callback);
    expect(session.state.error?.code).to.equal('issuer_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('rejects a response without iss when the provider says it always sends one (issuer_mismatch)', async () => {
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => p.delete('iss'));
    await session.completeSignIn(callback);
    expect(session.state.error?.code).to.equal('issuer_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('accepts a response without iss from a provider that does not send it', async () => {
    h.provider.discoveryOverrides.authorization_response_iss_parameter_supported = undefined;
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => p.delete('iss'));
    await session.completeSignIn(callback);
    expect(session.state.status).to.equal('signed-in');
  });

  it('turns an error response into authorization_denied with its description: no token request', async () => {
    const session = h.session();
    const callback = withParams(await h.callbackUrl(session), (p) => {
      p.delete('code');
      p.set('error', 'access_denied');
      p.set('error_description', 'The citizen cancelled');
    });
    await session.completeSignIn(callback);
    expect(session.state.error?.code).to.equal('authorization_denied');
    expect(session.state.error?.message).to.contain('access_denied').and.contain('The citizen cancelled');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('removes the response from the address bar, keeping other parameters and the hash', async () => {
    const session = h.session();
    const callback = new URL(await h.callbackUrl(session, { session_state: 'x', tab: 'ho-so' }));
    const here = new URL(location.href);
    for (const [k, v] of callback.searchParams) here.searchParams.set(k, v);
    here.hash = '#ket-qua';
    history.replaceState(null, '', here.href);
    await session.completeSignIn();
    const after = new URL(location.href);
    for (const name of ['code', 'state', 'iss', 'session_state']) expect(after.searchParams.has(name), name).to.equal(false);
    expect(after.searchParams.get('tab')).to.equal('ho-so');
    expect(after.hash).to.equal('#ket-qua');
    expect(session.state.status).to.equal('signed-in');
  });

  it('removes the response from the address bar when it is rejected too', async () => {
    const session = h.session();
    const here = new URL(location.href);
    here.searchParams.set('error', 'access_denied');
    here.searchParams.set('error_description', 'no');
    here.searchParams.set('error_uri', 'https://op.example/e');
    here.searchParams.set('state', 'unknown');
    history.replaceState(null, '', here.href);
    await session.completeSignIn();
    expect(session.state.error?.code).to.equal('state_mismatch');
    for (const name of ['error', 'error_description', 'error_uri', 'state']) expect(new URL(location.href).searchParams.has(name)).to.equal(false);
  });

  it('deletes the attempt after one use: a replayed callback URL makes no second token request', async () => {
    const session = h.session();
    const callback = await h.callbackUrl(session);
    const state = new URL(callback).searchParams.get('state');
    await Promise.all([session.completeSignIn(callback), session.completeSignIn(callback)]);
    expect(session.state.status).to.equal('signed-in');
    expect(sessionStorage.getItem(`dvc:tx:${state}`)).to.equal(null);
    expect(h.provider.calls('/token')).to.have.length(1);

    // The page reloaded with the same URL: a new session finds no attempt.
    const reloaded = h.session();
    await reloaded.completeSignIn(callback);
    expect(reloaded.state.error?.code).to.equal('state_mismatch');
    expect(h.provider.calls('/token')).to.have.length(1);
  });

  it('rejects a response that comes back more than 10 minutes after the attempt: no token request (state_mismatch)', async () => {
    const session = h.session();
    const callback = await h.callbackUrl(session);
    h.advanceClock(10 * 60 * 1000 + 1000);
    await session.completeSignIn(callback);
    expect(session.state.error?.code).to.equal('state_mismatch');
    expect(h.provider.calls('/token')).to.have.length(0);
  });

  it('rejects a token response that is not Bearer (invalid_response) and stores nothing', async () => {
    h.provider.tokenResponse = (t) => ({ ...t, token_type: 'mac' });
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.error?.code).to.equal('invalid_response');
    expect(await bearer(session)).to.equal(undefined);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:'))).to.deep.equal([]);
  });

  it('accepts token_type in any case', async () => {
    h.provider.tokenResponse = (t) => ({ ...t, token_type: 'bearer' });
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.status).to.equal('signed-in');
  });

  it('rejects a token response without id_token (invalid_response)', async () => {
    h.provider.tokenResponse = ({ id_token: _, ...rest }) => rest;
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.error?.code).to.equal('invalid_response');
  });

  it('rejects an expires_in that is not a number (invalid_response)', async () => {
    h.provider.tokenResponse = (t) => ({ ...t, expires_in: '3600' });
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.error?.code).to.equal('invalid_response');
  });

  it('ignores a URL that carries no authorization response', async () => {
    const session = h.session();
    await session.completeSignIn(`${h.config().redirectUri}?tab=1`);
    expect(session.state.status).to.equal('signed-out');
  });
});

describe('userinfo', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('about another subject is discarded whole: signed in from the ID token, warning userinfo_mismatch', async () => {
    h.provider.userinfo = { sub: 'someone-else', SoDienThoai: '0987654321', HoVaTen: 'Kẻ Khác' };
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.status).to.equal('signed-in');
    expect(session.state.warning?.code).to.equal('userinfo_mismatch');
    const user = session.state.user!;
    expect(user.name).to.equal('Nguyễn Văn A');
    expect(user.phone).to.equal(undefined);
    expect(user.claims).to.not.have.property('SoDienThoai');
  });

  it('that fails does not fail the sign-in', async () => {
    h.provider.userinfo = () => new Response('{"error":"server_error"}', { status: 503 });
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.status).to.equal('signed-in');
    expect(session.state.warning).to.equal(undefined);
    expect(session.state.user?.name).to.equal('Nguyễn Văn A');
  });

  it('is not called when the provider has no userinfo endpoint', async () => {
    h.provider.discoveryOverrides.userinfo_endpoint = undefined;
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    expect(session.state.status).to.equal('signed-in');
    expect(h.provider.calls('/me')).to.have.length(0);
  });
});

describe('secrets after sign-in', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  async function secrets(storage: 'session' | 'memory') {
    const session = h.session({ storage });
    const callback = await h.callbackUrl(session);
    history.replaceState(null, '', callback);
    await session.completeSignIn();
    expect(session.state.status).to.equal('signed-in');
    const token = h.provider.calls('/token')[0]!;
    const form = new URLSearchParams(token.body);
    const { idToken, accessToken } = h.provider.issued[0]!;
    expect(await bearer(session)).to.equal(accessToken);
    return { verifier: form.get('code_verifier')!, code: form.get('code')!, accessToken, idToken };
  }

  const everywhereButSession = () => [JSON.stringify({ ...localStorage }), document.cookie, location.href].join('\n');

  it('are in neither localStorage, cookies nor the address (storage=session)', async () => {
    const { verifier, code, accessToken, idToken } = await secrets('session');
    const stored = JSON.parse(sessionStorage.getItem(`dvc:session:${h.provider.issuer} ${h.provider.clientId}`)!);
    expect(stored.idToken).to.equal(idToken);
    for (const secret of [verifier, code, accessToken, idToken]) {
      expect(everywhereButSession()).to.not.contain(secret);
    }
    expect(stored.accessToken).to.equal(accessToken);
    expect(JSON.stringify({ ...sessionStorage })).to.not.contain(verifier);
  });

  it('leave nothing in sessionStorage with storage=memory', async () => {
    const { verifier, accessToken, idToken } = await secrets('memory');
    const all = JSON.stringify({ ...sessionStorage });
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:'))).to.deep.equal([]);
    for (const secret of [verifier, accessToken, idToken]) {
      expect(all).to.not.contain(secret);
      expect(everywhereButSession()).to.not.contain(secret);
    }
  });
});
