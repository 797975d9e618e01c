import { expect } from '@open-wc/testing';
import { SignJWT, type JWTPayload } from 'jose';
import { base64url } from './pkce.js';
import { createKey } from './testing/fake-provider.js';
import { bearer, setup, teardown, type Harness } from './testing/harness.js';
import { JWKS_COOLDOWN_MS } from './tokens.js';

const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
const now = () => Math.floor(Date.now() / 1000);

describe('ID token checks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  /** A sign-in whose ID token is made by `mint`; resolves with the session's final state. */
  async function signInWith(mint: (payload: JWTPayload) => Promise<string> | string) {
    h.provider.mintIdToken = mint;
    const session = h.session();
    await session.completeSignIn(await h.callbackUrl(session));
    if (session.state.status !== 'signed-in') {
      expect(await bearer(session), 'no token after a failed sign-in').to.equal(undefined);
      expect(sessionStorage.getItem(`dvc:session:${h.provider.issuer} ${h.provider.clientId}`)).to.equal(null);
    }
    return session.state;
  }

  it('accepts a well-formed token (control for the cases below)', async () => {
    const state = await signInWith((p) => h.provider.sign(p));
    expect(state.status).to.equal('signed-in');
  });

  it('rejects a bad signature (id_token_invalid)', async () => {
    const impostor = await createKey('key-1'); // same kid, other key
    const state = await signInWith((p) => h.provider.sign(p, impostor));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects a tampered payload (id_token_invalid)', async () => {
    const state = await signInWith(async (p) => {
      const [header, , signature] = (await h.provider.sign(p)).split('.');
      return `${header}.${encode({ ...p, sub: 'another-citizen' })}.${signature}`;
    });
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects alg "none" (id_token_invalid)', async () => {
    const state = await signInWith((p) => `${encode({ alg: 'none', typ: 'JWT' })}.${encode(p)}.`);
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects an HS256 token even when the JWKS holds the oct key it was signed with (id_token_invalid)', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    h.provider.jwks = [...h.provider.jwks, { kty: 'oct', kid: 'hmac', k: base64url(secret), alg: 'HS256' }];
    const state = await signInWith((p) => new SignJWT(p).setProtectedHeader({ alg: 'HS256', kid: 'hmac' }).sign(secret));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects an HS256 token signed with the public key as the secret (id_token_invalid)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(h.provider.signingKey.publicJwk));
    const state = await signInWith((p) => new SignJWT(p).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).sign(secret));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects another issuer (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, iss: 'https://other.example' }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects a token for another client (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, aud: 'other-client' }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects several audiences without azp (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, aud: [h.provider.clientId, 'other-client'] }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects several audiences whose azp is another client (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, aud: [h.provider.clientId, 'other-client'], azp: 'other-client' }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('accepts several audiences with azp naming this client', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, aud: [h.provider.clientId, 'api'], azp: h.provider.clientId }));
    expect(state.status).to.equal('signed-in');
  });

  it('rejects an azp naming another client even with one audience (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, azp: 'other-client' }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects an expired token beyond the 60 s tolerance (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, iat: now() - 7200, exp: now() - 61 }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('accepts a token expired by less than the 60 s tolerance', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, iat: now() - 3600, exp: now() - 30 }));
    expect(state.status).to.equal('signed-in');
  });

  it('rejects an iat more than 60 s in the future (id_token_invalid)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, iat: now() + 120 }));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('accepts an iat less than 60 s in the future (clock skew)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, iat: now() + 30 }));
    expect(state.status).to.equal('signed-in');
  });

  it('rejects a token without sub (id_token_invalid)', async () => {
    const state = await signInWith(({ sub: _, ...p }) => h.provider.sign(p));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects a token without iat (id_token_invalid)', async () => {
    const state = await signInWith(({ iat: _, ...p }) => h.provider.sign(p));
    expect(state.error?.code).to.equal('id_token_invalid');
  });

  it('rejects a token of another sign-in attempt (nonce_mismatch)', async () => {
    const state = await signInWith((p) => h.provider.sign({ ...p, nonce: 'nonce-of-another-attempt' }));
    expect(state.error?.code).to.equal('nonce_mismatch');
  });

  it('rejects a token without nonce (nonce_mismatch)', async () => {
    const state = await signInWith(({ nonce: _, ...p }) => h.provider.sign(p));
    expect(state.error?.code).to.equal('nonce_mismatch');
  });
});

describe('key rotation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('accepts a token signed with a new key after exactly one JWKS refetch', async () => {
    const session = h.session();
    await h.signIn(session);
    expect(session.state.status).to.equal('signed-in');
    expect(h.provider.calls('/jwks')).to.have.length(1);

    // The provider rotates: the old key is gone, tokens carry a kid the page has never seen.
    const rotated = await createKey('key-2');
    h.provider.jwks = [rotated.publicJwk];
    h.provider.signingKey = rotated;
    h.advanceClock(JWKS_COOLDOWN_MS + 1000);

    await h.signIn(session);
    expect(session.state.status).to.equal('signed-in');
    expect(h.provider.calls('/jwks')).to.have.length(2);
  });

  it('rejects a kid still unknown after the one refetch (id_token_invalid)', async () => {
    const session = h.session();
    await h.signIn(session);
    const stranger = await createKey('key-unknown');
    h.provider.signingKey = stranger; // never published
    h.advanceClock(JWKS_COOLDOWN_MS + 1000);

    await h.signIn(session);
    expect(session.state.error?.code).to.equal('id_token_invalid');
    expect(h.provider.calls('/jwks')).to.have.length(2);
  });

  it('does not refetch the key set again within the cooldown', async () => {
    const session = h.session();
    await h.signIn(session);
    h.provider.signingKey = await createKey('key-unknown');
    await h.signIn(session);
    expect(session.state.error?.code).to.equal('id_token_invalid');
    expect(h.provider.calls('/jwks')).to.have.length(1);
  });
});
