import { expect } from '@open-wc/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { sessionKey } from './page-state.js';
import { SIGNED_OUT_PREFIX } from './storage.js';
import type { Session } from './session.js';
import { bearer, nextState, setup, teardown, type Harness } from './testing/harness.js';

const API = 'https://api.example.test/me/profile';
const storedKeys = () => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session'));
const stored = (h: Harness) => JSON.parse(sessionStorage.getItem(sessionKey(h.provider.issuer, h.provider.clientId)) ?? 'null');
const invalidGrant = () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } });
const markerKey = (h: Harness) => `${SIGNED_OUT_PREFIX}${h.provider.issuer} ${h.provider.clientId}`;

async function sha256(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('renewal with the refresh token', () => {
  let h: Harness;
  let session: Session;
  beforeEach(async () => {
    h = await setup();
    h.provider.refreshTokens = true;
    h.provider.expiresIn = 120;
    session = h.session();
    await h.signIn(session);
  });
  afterEach(() => {
    localStorage.removeItem(markerKey(h));
    teardown();
  });

  it('the first calls after expiry share one renewal and go out with the new token; the refresh token rotates where the access token is', async () => {
    const before = await bearer(session);
    const rt = stored(h).refreshToken;
    expect(rt).to.match(/^rt-/);
    h.advanceClock(121_000);
    const tokens = await Promise.all([bearer(session), bearer(session), bearer(session)]);
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(new URLSearchParams(h.provider.refreshCalls()[0]!.body).get('refresh_token')).to.equal(rt);
    expect(new Set(tokens).size).to.equal(1);
    expect(tokens[0]).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(tokens[0]).to.not.equal(before);
    expect(stored(h).refreshToken).to.match(/^rt-/);
    expect(stored(h).refreshToken).to.not.equal(rt);
    expect(Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.includes('rt-'))).to.deep.equal([]);
    expect(session.state.status).to.equal('signed-in');
    expect(session.state.user?.name).to.equal('Nguyễn Văn A');
    expect(session.state.user?.phone, 'userinfo details stay').to.equal('0912345678');
  });

  it('a token with under a minute left is renewed before the call', async () => {
    h.advanceClock(61_000);
    const token = await bearer(session);
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(token).to.equal(h.provider.issued.at(-1)!.accessToken);
  });

  it('invalid_grant: signed out with session_expired, no navigation, what the citizen typed stays, no token kept', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.value = 'Đơn đề nghị cấp bản sao';
    h.provider.refreshFault = invalidGrant;
    const navigated = h.navigations.length;
    h.advanceClock(121_000);
    expect(await session.apiAccess({ method: 'GET', url: API })).to.equal(undefined);
    expect(session.state.status).to.equal('error');
    expect(session.state.error?.code).to.equal('session_expired');
    expect(h.navigations.length, 'no navigation').to.equal(navigated);
    expect(input.value).to.equal('Đơn đề nghị cấp bản sao');
    expect(storedKeys()).to.deep.equal([]);
    input.remove();
  });

  it('a network error is retried once; the second answer keeps the session going', async () => {
    h.provider.refreshFault = () => {
      h.provider.refreshFault = undefined;
      throw new TypeError('Failed to fetch');
    };
    h.advanceClock(121_000);
    const token = await bearer(session);
    expect(h.provider.refreshCalls()).to.have.length(2);
    expect(token).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(session.state.status).to.equal('signed-in');
  });

  it('two network errors: the session keeps its token until it really expires, then ends with session_expired', async () => {
    const before = await bearer(session);
    h.provider.refreshFault = () => {
      throw new TypeError('Failed to fetch');
    };
    h.advanceClock(61_000);
    expect(await bearer(session), 'the token still valid is used').to.equal(before);
    expect(h.provider.refreshCalls()).to.have.length(2);
    expect(session.state.status).to.equal('signed-in');
    h.advanceClock(60_000);
    expect(await bearer(session)).to.equal(undefined);
    expect(session.state.error?.code).to.equal('session_expired');
  });

  it('a response without a new refresh token keeps the old one, and the next renewal sends it', async () => {
    const rt = stored(h).refreshToken;
    h.provider.rotate = false;
    h.advanceClock(121_000);
    await bearer(session);
    expect(stored(h).refreshToken).to.equal(rt);
    h.advanceClock(121_000);
    expect(await bearer(session)).to.equal(h.provider.issued.at(-1)!.accessToken);
    expect(h.provider.refreshCalls().map((r) => new URLSearchParams(r.body).get('refresh_token'))).to.deep.equal([rt, rt]);
    expect(session.state.status).to.equal('signed-in');
  });

  it('a renewal whose ID token names another citizen is refused: session_expired, no token kept', async () => {
    h.provider.renewedClaims = (p) => ({ ...p, sub: 'someone-else' });
    h.advanceClock(121_000);
    expect(await bearer(session)).to.equal(undefined);
    expect(session.state.error?.code).to.equal('session_expired');
    expect((session.state.error?.cause as { code?: string } | undefined)?.code).to.equal('id_token_invalid');
    expect(storedKeys()).to.deep.equal([]);
  });

  it('two sessions of one chain renewing at once send exactly one refresh request and both use the new token', async () => {
    const other = h.session(); // the next page of the tab: the same chain from sessionStorage
    expect(other.state.status).to.equal('signed-in');
    h.advanceClock(121_000);
    const [a, b] = await Promise.all([bearer(session), bearer(other)]);
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(a).to.be.a('string').and.equal(b);
  });

  it('a reused refresh token ends the grant: the next renewal is refused and the other session of the page signs out too', async () => {
    const other = h.session();
    const stolen = stored(h).refreshToken;
    h.advanceClock(121_000);
    await bearer(session);
    // Someone replays the used refresh token: the provider ends the whole family.
    const replay = await fetch(`${h.provider.issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stolen, client_id: h.provider.clientId }).toString() });
    expect(replay.status).to.equal(400);
    h.advanceClock(121_000);
    const otherOut = nextState(other, 'error');
    expect(await bearer(session)).to.equal(undefined);
    await otherOut;
    expect(session.state.error?.code).to.equal('session_expired');
    expect(other.state.error?.code).to.equal('session_expired');
  });

  it('sign-out revokes the refresh token (RFC 7009) before the provider logout and leaves a token-free marker', async () => {
    const rt = stored(h).refreshToken;
    const navigation = h.nextNavigation().then((url) => ({ url, revoked: h.provider.calls('/revoke').length }));
    await session.logout();
    const { url, revoked } = await navigation;
    expect(revoked, 'revoked before leaving for the logout page').to.equal(1);
    expect(url).to.contain('/session/end');
    const form = new URLSearchParams(h.provider.calls('/revoke')[0]!.body);
    expect(form.get('token')).to.equal(rt);
    expect(form.get('token_type_hint')).to.equal('refresh_token');
    expect(form.get('client_id')).to.equal(h.provider.clientId);
    expect(localStorage.getItem(markerKey(h))).to.match(/^\d+$/);
    const again = await fetch(`${h.provider.issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt, client_id: h.provider.clientId }).toString() });
    expect(again.status).to.equal(400);
  });

  it('a page back from the back/forward cache after a sign-out in a tab whose message it missed comes back signed out', async () => {
    localStorage.setItem(markerKey(h), String(Date.now()));
    const out = nextState(session, 'signed-out');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await out;
    expect(await bearer(session)).to.equal(undefined);
    expect(storedKeys()).to.deep.equal([]);
  });

  it('a tab that slept through the sign-out message is signed out by its first call, and a later page of it starts signed out', async () => {
    const nextPage = h.session();
    localStorage.setItem(markerKey(h), String(Date.now()));
    expect(await bearer(nextPage)).to.equal(undefined);
    expect(nextPage.state.status).to.equal('signed-out');
    expect(h.session().state.status).to.equal('signed-out');
  });

  it('a marker older than the sign-in changes nothing', async () => {
    localStorage.setItem(markerKey(h), String(Date.now() - 60_000));
    const fresh = h.session();
    await h.signIn(fresh);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(fresh.state.status).to.equal('signed-in');
    expect(await bearer(fresh)).to.be.a('string');
  });
});

describe('renewal timer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
    h.provider.refreshTokens = true;
    // A minute and a second: the renewal falls due one second after sign-in.
    h.provider.expiresIn = 61;
  });
  afterEach(teardown);

  it('a citizen at work is renewed before expiry without any API call', async () => {
    const session = h.session();
    await h.signIn(session);
    const renewal = h.provider.nextRequest('/token');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    const request = await renewal;
    expect(new URLSearchParams(request.body).get('grant_type')).to.equal('refresh_token');
  });

  it('an idle page lets its token lapse; the first input after expiry renews it', async () => {
    const session = h.session();
    await h.signIn(session);
    // Bounded wait for something that must not happen: the timer fires after one second.
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.provider.refreshCalls()).to.have.length(0);
    h.advanceClock(61_000);
    expect(session.state.status, 'still signed in: the refresh token renews on demand').to.equal('signed-in');
    const renewal = h.provider.nextRequest('/token');
    window.dispatchEvent(new PointerEvent('pointerdown'));
    await renewal;
    expect(h.provider.refreshCalls()).to.have.length(1);
  });
});

describe('DPoP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
    h.provider.dpop = true;
    h.provider.refreshTokens = true;
  });
  afterEach(teardown);

  it('binds the tokens: the token request answers the nonce challenge once, userinfo and API requests carry proofs for their method and URL', async () => {
    const session = h.session({ dpop: true });
    await h.signIn(session);
    expect(session.state.status).to.equal('signed-in');
    const token = h.provider.calls('/token');
    expect(token, 'one challenge, one answer').to.have.length(2);
    const [first, second] = token.map((r) => decodeJwt(r.headers.get('dpop')!));
    expect(first!.nonce).to.equal(undefined);
    expect(second!.nonce).to.be.a('string');
    expect(h.provider.calls('/me')[0]!.headers.get('authorization')).to.match(/^DPoP at-/);

    const access = await session.apiAccess({ method: 'POST', url: `${API}/sync?x=1#y` });
    const at = h.provider.issued.at(-1)!.accessToken;
    expect(access?.headers.authorization).to.equal(`DPoP ${at}`);
    const proof = decodeJwt(access!.headers.dpop!);
    const header = decodeProtectedHeader(access!.headers.dpop!);
    expect(header.typ).to.equal('dpop+jwt');
    expect(header.alg).to.equal('ES256');
    expect(header.jwk).to.include.keys('kty', 'crv', 'x', 'y');
    expect(header.jwk).to.not.have.property('d');
    expect(proof.htm).to.equal('POST');
    expect(proof.htu).to.equal(`${API}/sync`);
    expect(proof.ath).to.equal(await sha256(at));
    const again = await session.apiAccess({ method: 'POST', url: `${API}/sync` });
    expect(decodeJwt(again!.headers.dpop!).jti).to.not.equal(proof.jti);
  });

  it('the key is non-extractable, kept in IndexedDB with storage=session, and deleted at sign-out', async () => {
    const session = h.session({ dpop: true });
    await h.signIn(session);
    const lineage = stored(h).lineage as string;
    const read = () => new Promise<{ keys: CryptoKeyPair } | undefined>((resolve, reject) => {
      const open = indexedDB.open('dvc-dpop', 1);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('keys').objectStore('keys').get(lineage);
        get.onsuccess = () => {
          open.result.close();
          resolve(get.result);
        };
      };
    });
    const kept = await read();
    expect(kept?.keys.privateKey.extractable).to.equal(false);
    expect(kept?.keys.privateKey.algorithm.name).to.equal('ECDSA');
    await session.logout();
    // Deleted in the background of the sign-out: poll the store until it is gone (bounded).
    for (let i = 0; i < 50 && (await read()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await read()).to.equal(undefined);
  });

  it('a renewal of bound tokens carries a proof (the refresh token is bound to the key)', async () => {
    const session = h.session({ dpop: true });
    await h.signIn(session);
    h.advanceClock(3600_000);
    const access = await session.apiAccess({ method: 'GET', url: API });
    expect(h.provider.refreshCalls()).to.have.length(1);
    expect(h.provider.refreshCalls()[0]!.headers.get('dpop')).to.be.a('string');
    expect(access?.headers.authorization).to.equal(`DPoP ${h.provider.issued.at(-1)!.accessToken}`);
  });

  it('without dpop_signing_alg_values_supported in discovery the attribute changes nothing: Bearer tokens', async () => {
    h.provider.dpop = false;
    const session = h.session({ dpop: true });
    await h.signIn(session);
    expect(h.provider.calls('/token')[0]!.headers.get('dpop')).to.equal(null);
    expect((await session.apiAccess({ method: 'GET', url: API }))?.headers.authorization).to.match(/^Bearer /);
  });

  it('without the dpop attribute no proof is made even when the provider offers DPoP', async () => {
    const session = h.session();
    await h.signIn(session);
    expect(h.provider.calls('/token')).to.have.length(1);
    expect(h.provider.calls('/token')[0]!.headers.get('dpop')).to.equal(null);
  });
});
