// A backend (`dvc-widgets/server` mounted at `base`) inside the test page: GET /session,
// POST /logout and /api/* answered by a stubbed window.fetch with real Response objects. It keeps
// the server's rules that the page depends on: the session travels in a cookie, so a request
// without `credentials: 'same-origin'` is a signed-out one; a POST without `X-DVC-Request: 1` is
// refused with 403. Test code only.
import type { User } from '../types.js';
import { json, stubFetch, type FetchStub, type StubRequest } from '../../testing/fetch-stub.js';
import { fakeUser } from '../../testing/fake-session.js';
import { samples } from '../../testing/index.js';
import type { BackendConfig } from '../backend-session.js';

let counter = 0;

/** The identity panel's data of the fake citizen (GET /me/profile): the kit's sample, every field verified. */
const sample = samples.profile() as Record<string, unknown> & { fullName: string; verified: Record<string, boolean> };
export const PROFILE = {
  ...sample,
  verified: Object.fromEntries(Object.keys(sample.verified).map((field) => [field, true])),
  counts: { completed: 0, processing: 1 },
};

export const MY_DOSSIERS = [
  { code: '000.00.30.H50-230301-0007', procedureName: 'Đăng ký thường trú', submittedAt: '2023-03-01T09:30:00+07:00', dueAt: '2023-03-08T17:00:00+07:00', status: 4, statusName: 'Đang xử lý' },
];

export type Route = (request: StubRequest) => Response | Promise<Response> | undefined;

export class FakeBackend {
  /** Unique per backend, so the page's registry of sessions never mixes tests. */
  readonly path = `/auth-test-${Date.now()}-${++counter}`;
  readonly base = `${location.origin}${this.path}`;
  /** The signed-in citizen, or undefined (GET /session answers 401 signed_out). */
  user: User | undefined = fakeUser();
  /** The session ended at the backend: /session and /api answer 401 session_expired. */
  expired = false;
  /** Epoch ms the backend says the session ends (GET /session `expiresAt`). */
  expiresAt = Date.now() + 30 * 60 * 1000;
  /** What POST /logout answers in `endSessionUrl` (the provider's logout), or null. */
  endSessionUrl: string | null = null;
  /** Answers a request before the routes (faults: 503, never, nonsense), or undefined to go on. */
  override?: Route;
  /** Every request that reached it, in order. */
  readonly requests: StubRequest[] = [];
  #stub: FetchStub | undefined;

  /** The configuration `<dvc-portal backend>` parses for this backend. */
  config(overrides: Partial<BackendConfig> = {}): BackendConfig {
    return {
      backend: this.base,
      api: `${this.base}/api`,
      redirectUri: location.href,
      scope: 'openid profile',
      storage: 'session',
      timeout: 5000,
      ...overrides,
    };
  }

  /** Requests to one of its routes (`/session`, `/logout`, `/api/me/profile`, ...). */
  to(route: string): StubRequest[] {
    return this.requests.filter((r) => r.url.pathname === this.path + route);
  }

  install(): this {
    this.#stub = stubFetch((request) => this.#answer(request));
    return this;
  }

  restore(): void {
    this.#stub?.restore();
  }

  async #answer(request: StubRequest): Promise<Response> {
    if (!request.url.pathname.startsWith(`${this.path}/`) || request.url.origin !== location.origin) {
      return json({ error: 'not_found' }, 404);
    }
    this.requests.push(request);
    const overridden = await this.override?.(request);
    if (overridden) return overridden;
    const route = request.url.pathname.slice(this.path.length);
    if (request.method !== 'GET' && request.headers.get('x-dvc-request') !== '1') return json({ error: 'forbidden', message: 'Forbidden' }, 403);
    // The HttpOnly cookie goes only with credentials: 'same-origin' (or 'include').
    const cookie = request.credentials === 'same-origin' || request.credentials === 'include';
    const signedOut = () => json({ error: this.expired ? 'session_expired' : 'signed_out' }, 401);
    const user = cookie && !this.expired ? this.user : undefined;
    if (route === '/session' && request.method === 'GET') return user ? json({ user, expiresAt: this.expiresAt }) : signedOut();
    if (route === '/logout' && request.method === 'POST') {
      this.user = undefined;
      this.expired = false;
      return json({ endSessionUrl: this.endSessionUrl });
    }
    if (route.startsWith('/api/')) {
      const path = route.slice('/api'.length);
      if (path.startsWith('/me/')) {
        if (!user) return signedOut();
        if (path === '/me/profile' && request.method === 'GET') return json(PROFILE);
        if (path === '/me/profile/sync' && request.method === 'POST') return json({ ...PROFILE, phone: '0983456712', changed: ['phone'] });
        if (path === '/me/dossiers' && request.method === 'GET') {
          const page = Number(request.url.searchParams.get('page') ?? 1);
          const pageSize = Number(request.url.searchParams.get('pageSize') ?? 10);
          return json({ items: MY_DOSSIERS, page, pageSize, total: MY_DOSSIERS.length });
        }
      }
      if (path.startsWith('/stats/processing')) return json({ year: 2023, onTime: 3788, late: 32, updatedAt: '2023-12-31T23:59:59+07:00' });
    }
    return json({ error: 'not_found', message: 'Not found' }, 404);
  }
}
