// An OpenID provider inside the test page: discovery, JWKS, token and userinfo endpoints answered
// with real Response objects by a stubbed window.fetch, ID tokens signed with real keys by jose.
import { EmbeddedJWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

interface Grant {
  nonce: string;
  challenge: string;
  redirectUri: string;
  clientId: string;
}

let counter = 0;

export async function createKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export class FakeProvider {
  /** Unique per provider, so the page-wide discovery and JWKS caches never mix tests. */
  readonly issuer = `https://op.example/realm-${Date.now()}-${++counter}`;
  readonly clientId = 'agency-site';
  /** Served by the JWKS endpoint. */
  jwks: JWK[] = [];
  /** The key the token endpoint signs with. */
  signingKey!: SigningKey;
  /** Extra fields over the discovery document (set a field to undefined to remove it). */
  discoveryOverrides: Record<string, unknown> = {};
  /** Claims of the citizen, in the ID token. */
  claims: Record<string, unknown> = {
    sub: 'citizen-045',
    HoVaTen: 'Nguyễn Văn A',
    SoDinhDanh: '045090000123',
    NgayThangNamSinh: '19900115',
    loginIdp: 'BCA',
    LoaiTaiKhoan: '1',
  };
  /** What userinfo answers (sub defaults to the citizen's). */
  userinfo: Record<string, unknown> | (() => Response) = { SoDienThoai: '0912345678', GioiTinh: 'Nam' };
  /** Changes the ID token's claims or header just before signing. */
  mintIdToken?: (payload: JWTPayload, grant: Grant) => Promise<string> | string;
  /** Replaces the token endpoint's JSON body. */
  tokenResponse?: (tokens: Record<string, unknown>) => unknown;
  expiresIn = 3600;
  /** Hand out refresh tokens (rotated on every use; a used one revokes its whole family). */
  refreshTokens = false;
  /** Rotate refresh tokens (false: a refresh answers without a new one, and the old one stays good). */
  rotate = true;
  /** Replaces the answer to a refresh (return a Response, or throw for a network error). */
  refreshFault?: (request: RecordedRequest) => Response | Promise<Response>;
  /** Advertise DPoP and bind tokens to proofs, with a nonce the first proof lacks. */
  dpop = false;
  /** Changes the renewed ID token's claims before signing. */
  renewedClaims?: (payload: JWTPayload) => JWTPayload;

  readonly requests: RecordedRequest[] = [];
  /** Refresh tokens by value: whose, which family (one sign-in's chain), used yet. */
  readonly #refresh = new Map<string, { sub: string; nonce: string; family: string; used: boolean; jkt?: string }>();
  readonly #revokedFamilies = new Set<string>();
  readonly #dpopNonce = `nonce-${crypto.randomUUID()}`;
  readonly #dpopJtis = new Set<string>();
  /** Waiters for the next request to a path. */
  readonly #waiters: { path: string; resolve: (r: RecordedRequest) => void }[] = [];
  /** Tokens the token endpoint handed out. */
  readonly issued: { idToken: string; accessToken: string }[] = [];
  readonly #grants = new Map<string, Grant>();
  #originalFetch: typeof fetch | undefined;

  static async create(key?: SigningKey): Promise<FakeProvider> {
    const provider = new FakeProvider();
    provider.signingKey = key ?? (await createKey('key-1'));
    provider.jwks = [provider.signingKey.publicJwk];
    return provider;
  }

  get discoveryUrl() {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  discovery(): Record<string, unknown> {
    const doc: Record<string, unknown> = {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/auth`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      userinfo_endpoint: `${this.issuer}/me`,
      end_session_endpoint: `${this.issuer}/session/end`,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      revocation_endpoint: `${this.issuer}/revoke`,
      ...(this.dpop ? { dpop_signing_alg_values_supported: ['ES256'] } : {}),
      ...this.discoveryOverrides,
    };
    for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
    return doc;
  }

  /** Requests to one endpoint path (e.g. '/token'). */
  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => new URL(r.url).pathname === new URL(this.issuer + path).pathname);
  }

  /** Refresh requests (grant_type=refresh_token) so far. */
  refreshCalls(): RecordedRequest[] {
    return this.calls('/token').filter((r) => new URLSearchParams(r.body).get('grant_type') === 'refresh_token');
  }

  /** Resolves with the next request to `path`. */
  nextRequest(path: string): Promise<RecordedRequest> {
    return new Promise((resolve) => this.#waiters.push({ path, resolve }));
  }

  /** Ends the whole family of a refresh token (what a real provider does when a used one comes back). */
  revokeFamilyOf(refreshToken: string): void {
    const entry = this.#refresh.get(refreshToken);
    if (entry) this.#revokedFamilies.add(entry.family);
  }

  install(): void {
    this.#originalFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.#handle(input, init);
  }

  restore(): void {
    if (this.#originalFetch) window.fetch = this.#originalFetch;
  }

  /**
   * The provider's side of the authorization request: checks it, remembers nonce and challenge
   * for the code, and returns the redirect back to the client.
   */
  authorize(authorizationUrl: string, extra: Record<string, string> = {}): string {
    const url = new URL(authorizationUrl);
    const p = url.searchParams;
    const code = `code-${crypto.randomUUID()}`;
    this.#grants.set(code, {
      nonce: p.get('nonce') ?? '',
      challenge: p.get('code_challenge') ?? '',
      redirectUri: p.get('redirect_uri') ?? '',
      clientId: p.get('client_id') ?? '',
    });
    const back = new URL(p.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', p.get('state') ?? '');
    back.searchParams.set('iss', this.issuer);
    for (const [k, v] of Object.entries(extra)) back.searchParams.set(k, v);
    return back.href;
  }

  /** Signs an ID token with `key` (default: the provider's signing key). */
  async sign(payload: JWTPayload, key: SigningKey = this.signingKey, header: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
  }

  standardPayload(grant: Grant): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return { ...this.claims, iss: this.issuer, aud: grant.clientId, iat: now, exp: now + 3600, nonce: grant.nonce };
  }

  async #handle(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
    };
    this.requests.push(request);
    const path = url.startsWith(this.issuer) ? url.slice(this.issuer.length).split('?')[0] : undefined;
    for (const waiter of this.#waiters.splice(0)) {
      if (waiter.path === path) waiter.resolve(request);
      else this.#waiters.push(waiter);
    }
    switch (path) {
      case '/.well-known/openid-configuration':
        return json(this.discovery());
      case '/jwks':
        return json({ keys: this.jwks });
      case '/token':
        return this.#token(request);
      case '/me':
        return this.#userinfo(request);
      case '/revoke':
        this.revokeFamilyOf(new URLSearchParams(request.body).get('token') ?? '');
        return new Response(null, { status: 200 });
      default:
        throw new TypeError('Failed to fetch');
    }
  }

  /** RFC 9449 §4.3 as far as the client's side is concerned: a proof for this request, with the nonce. */
  async #checkProof(request: RecordedRequest): Promise<{ jkt?: string; challenge?: Response }> {
    const proof = request.headers.get('dpop');
    if (!this.dpop || !proof) return {};
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    if (payload.htm !== request.method || payload.htu !== request.url.split('?')[0] || typeof payload.jti !== 'string' || this.#dpopJtis.has(payload.jti)) {
      return { challenge: json({ error: 'invalid_dpop_proof' }, 400) };
    }
    this.#dpopJtis.add(payload.jti);
    if (payload.nonce !== this.#dpopNonce) {
      return { challenge: new Response(JSON.stringify({ error: 'use_dpop_nonce' }), { status: 400, headers: { 'content-type': 'application/json', 'dpop-nonce': this.#dpopNonce } }) };
    }
    return { jkt: await calculateJwkThumbprint(protectedHeader.jwk!) };
  }

  async #token(request: RecordedRequest): Promise<Response> {
    const form = new URLSearchParams(request.body);
    const { jkt, challenge: dpopChallenge } = await this.#checkProof(request);
    if (dpopChallenge) return dpopChallenge;
    if (form.get('grant_type') === 'refresh_token') return this.#renew(request, form, jkt);
    const grant = this.#grants.get(form.get('code') ?? '');
    if (!grant) return json({ error: 'invalid_grant' }, 400);
    this.#grants.delete(form.get('code')!);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form.get('code_verifier') ?? ''));
    const challenge = btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    if (challenge !== grant.challenge || form.get('redirect_uri') !== grant.redirectUri || form.get('grant_type') !== 'authorization_code') {
      return json({ error: 'invalid_grant' }, 400);
    }
    const payload = this.standardPayload(grant);
    const idToken = this.mintIdToken ? await this.mintIdToken(payload, grant) : await this.sign(payload);
    const tokens: Record<string, unknown> = {
      access_token: `at-${crypto.randomUUID()}`,
      token_type: jkt ? 'DPoP' : 'Bearer',
      id_token: idToken,
      expires_in: this.expiresIn,
    };
    if (this.refreshTokens) tokens.refresh_token = this.#newRefreshToken(String(payload.sub), grant.nonce, crypto.randomUUID(), jkt);
    this.issued.push({ idToken, accessToken: tokens.access_token as string });
    return json(this.tokenResponse ? this.tokenResponse(tokens) : tokens);
  }

  #newRefreshToken(sub: string, nonce: string, family: string, jkt: string | undefined): string {
    const value = `rt-${crypto.randomUUID()}`;
    this.#refresh.set(value, { sub, nonce, family, used: false, ...(jkt ? { jkt } : {}) });
    return value;
  }

  /** The refresh_token grant: rotation, and reuse detection that ends the family. */
  async #renew(request: RecordedRequest, form: URLSearchParams, jkt: string | undefined): Promise<Response> {
    if (this.refreshFault) return this.refreshFault(request);
    const entry = this.#refresh.get(form.get('refresh_token') ?? '');
    if (!entry || this.#revokedFamilies.has(entry.family) || entry.jkt !== jkt) return json({ error: 'invalid_grant' }, 400);
    if (entry.used) {
      this.#revokedFamilies.add(entry.family);
      return json({ error: 'invalid_grant', error_description: 'refresh token already used' }, 400);
    }
    if (this.rotate) entry.used = true;
    const now = Math.floor(Date.now() / 1000);
    let payload: JWTPayload = { sub: entry.sub, iss: this.issuer, aud: this.clientId, iat: now, exp: now + 3600, nonce: entry.nonce };
    if (this.renewedClaims) payload = this.renewedClaims(payload);
    const tokens: Record<string, unknown> = {
      access_token: `at-${crypto.randomUUID()}`,
      token_type: jkt ? 'DPoP' : 'Bearer',
      id_token: await this.sign(payload),
      expires_in: this.expiresIn,
    };
    if (this.rotate) tokens.refresh_token = this.#newRefreshToken(entry.sub, entry.nonce, entry.family, jkt);
    this.issued.push({ idToken: tokens.id_token as string, accessToken: tokens.access_token as string });
    return json(this.tokenResponse ? this.tokenResponse(tokens) : tokens);
  }

  #userinfo(request: RecordedRequest): Response {
    const authorization = request.headers.get('authorization') ?? '';
    if (!/^(Bearer|DPoP) at-/.test(authorization)) return json({ error: 'invalid_token' }, 401);
    if (authorization.startsWith('DPoP') && !request.headers.get('dpop')) return json({ error: 'invalid_dpop_proof' }, 401);
    if (typeof this.userinfo === 'function') return this.userinfo();
    return json({ sub: this.claims.sub, ...this.userinfo });
  }
}

/** Decodes base64url into bytes (to count the entropy of state and nonce). */
export function fromBase64url(value: string): Uint8Array {
  const padded = value.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((value.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}
