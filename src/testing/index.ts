/**
 * `dvc-widgets/testing`: put any dvc element into any state in a test, with no provider and no
 * network. Works in any real-browser test runner (web-test-runner, Vitest browser mode,
 * Playwright component or page tests) and with the elements of either build (the script tag's
 * `dvc-widgets.js` or the npm modules): it speaks the elements' context protocol and answers
 * their `fetch` calls, nothing else.
 *
 * ```ts
 * import { signedIn, apiAnswers, fault, resetFakes } from 'dvc-widgets/testing';
 * const table = document.querySelector('dvc-dossier-table')!;
 * await apiAnswers(table, '/me/dossiers', { items: [], page: 1, pageSize: 10, total: 0 });
 * await signedIn(table, { user: { name: 'Nguyễn Văn An' } });   // the empty state
 * await apiAnswers(table, '/me/dossiers', fault({ status: 503 })); // the error state
 * resetFakes(); // after each test
 * ```
 *
 * - Each element taken over gets a fake session and its own fake API base URL, so answers given
 *   to one element never reach another, and the rest of the page keeps its real network. Its own
 *   `api` attribute, and `action` for `<dvc-signin>` (paths `/credentials`, `/otp`...), are
 *   answered by the kit too.
 * - A request with no answer yet is held: the element shows its loading state until an answer
 *   is given for that path.
 * - `/me/*` requests without the fake session's credentials get 401, as the real API answers.
 * - The promises resolve once the element has received every answer due and finished updating.
 */
import { retryPolicy } from '../api/client.js';
import type { SessionState, User } from '../auth/types.js';
import { portalContext, type PortalContextValue } from '../controllers/portal-context.js';
import type { ErrorCode } from '../internal/errors.js';
import { SessionTransitions } from '../internal/session-events.js';
import { FakeSession, fakeConfig, fakeUser, type FakeSessionCall } from './fake-session.js';
import { json, stubFetch, type FetchStub, type StubRequest } from './fetch-stub.js';

export { FakeSession, fakeUser };
export type { FakeSessionCall, StubRequest, User, SessionState };

/** How the fake session authorises API requests, as the real one does in each mode. */
export type FakeMode = 'browser' | 'backend';

export interface FakeOptions {
  /** `browser` (default): `Authorization: Bearer …`; `backend`: `X-DVC-Request: 1` and the cookie. */
  mode?: FakeMode;
  /** The element's network timeout in milliseconds (default 15000), e.g. to see `timeout` quickly with `fault('hang')`. */
  timeout?: number;
}

export interface SignedInOptions extends FakeOptions {
  /** The citizen: a whole `User` or the fields that differ from `fakeUser()`. */
  user?: Partial<User>;
  /** Signed in from the tab's storage (a reload), not by a sign-in that just completed. */
  restored?: boolean;
}

/** A fault the fake API answers with instead of a body. */
export interface Fault {
  readonly fault: 'status' | 'network' | 'malformed' | 'hang';
  readonly status?: number;
  readonly body?: unknown;
}

/**
 * - `fault({status: 503})`: that status, with the API's error body (or `body`);
 * - `fault('network')`: the request fails as when the citizen is offline;
 * - `fault('malformed')`: 200 with a body that is not JSON;
 * - `fault('hang')`: no answer at all (the element times out after its `timeout`).
 * A slow answer is `apiAnswers(el, path, body, {delay: 3000})`.
 */
export function fault(kind: 'network' | 'malformed' | 'hang' | { status: number; body?: unknown }): Fault {
  if (typeof kind === 'string') return { fault: kind };
  return { fault: 'status', status: kind.status, body: kind.body };
}

/** A body computed from the request (paging, sorting, filters). */
export type AnswerFunction = (request: StubRequest) => unknown;

export interface AnswerOptions {
  /** HTTP status of a body answer (default 200). */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Milliseconds before the answer: a slow network. */
  delay?: number;
  /** Only requests with this method (default: any). */
  method?: string;
  /**
   * Whether a GET the element already made is made again so it shows this answer (default true).
   * `false` keeps what it shows: the next request (the citizen's "Thử lại", a refresh) gets it.
   */
  reload?: boolean;
}

interface Answer {
  path: string;
  method?: string;
  body: unknown;
  options: AnswerOptions;
}

/** Everything the kit knows about one element it took over. */
interface Controlled {
  el: Element;
  id: number;
  generation: number;
  session: FakeSession;
  mode: FakeMode;
  timeout: number;
  answers: Answer[];
  requests: StubRequest[];
  /** Requests with no answer yet: the loading state. */
  held: { request: StubRequest; path: string; resolve(response: Response | Promise<Response>): void }[];
  /** Answers on their way (delayed, or a body not yet read by the element). */
  inFlight: number;
  /** Retries the API client will still make after a retryable fault, by URL. */
  retriesDue: Map<string, number>;
  /** Context callbacks of the element (it subscribes, so it hears every change). */
  consumers: Set<(value: PortalContextValue, unsubscribe: () => void) => void>;
  /** Called whenever a request arrives or an answer has been read. */
  wake?: () => void;
}

const HOST = 'https://api.dvc-testing.invalid';
/**
 * GET attempts the API client makes for one network error or 5xx: the first and one per retry
 * delay. With the npm modules the kit shares the client's policy and shortens its delays to
 * 1 ms while installed; the script-tag bundle keeps its own (0.3 s and 0.9 s, two retries).
 */
const attempts = () => retryPolicy.delays.length + 1;
let realDelays: number[] | undefined;
let kitDelays: number[] | undefined;

let nextId = 1;
const controlled = new Map<Element, Controlled>();
let stub: FetchStub | undefined;

function baseOf(c: Controlled): string {
  return `${HOST}/e${c.id}/g${c.generation}`;
}

function contextValue(c: Controlled): PortalContextValue {
  return { config: { ...c.session.config, api: baseOf(c), timeout: c.timeout }, session: c.session };
}

function publish(c: Controlled): void {
  const value = contextValue(c);
  for (const callback of [...c.consumers]) callback(value, () => c.consumers.delete(callback));
}

const isUpdating = (el: Element): el is Element & { updateComplete: Promise<unknown> } =>
  typeof (el as { updateComplete?: unknown }).updateComplete === 'object';

/** One task later: every promise continuation queued by an answer has run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Resolves when nothing the kit owes the element is under way and the element has updated.
 * Waits for the retries a retryable fault brings (the API client retries GETs twice), by
 * waiting for those requests to arrive, not for a time.
 */
async function settled(c: Controlled): Promise<void> {
  // With the script tag's loader an element's code arrives when the page first shows the tag.
  if (c.el.isConnected && c.el.localName.includes('-') && !customElements.get(c.el.localName)) {
    await customElements.whenDefined(c.el.localName);
  }
  for (;;) {
    await nextTask();
    if (!c.el.isConnected) return;
    if (isUpdating(c.el)) await c.el.updateComplete;
    const retries = [...c.retriesDue.values()].some((n) => n > 0);
    if (c.inFlight === 0 && !retries) return;
    const woken = await new Promise<boolean>((resolve) => {
      // A safety net, not a wait: a retry that never comes (the element gave up) ends it.
      const timer = setTimeout(() => resolve(false), 5000);
      c.wake = () => {
        clearTimeout(timer);
        c.wake = undefined;
        resolve(true);
      };
    });
    if (!woken) {
      c.retriesDue.clear();
      return;
    }
  }
}

/** The element's own request listener: the part of a context provider that serves its own host. */
function listen(c: Controlled): void {
  // A context provider never answers the requests its own host makes, and the kit must answer
  // this element only (not its siblings), so it answers the request on the element itself, before
  // any enclosing <dvc-portal> hears it (the W3C community protocol: stop it, call back).
  c.el.addEventListener('context-request', (event) => {
    const request = event as Event & {
      context?: unknown;
      contextTarget?: Element;
      subscribe?: boolean;
      callback?: (value: PortalContextValue, unsubscribe?: () => void) => void;
    };
    if (request.context !== portalContext || !controlled.has(c.el)) return;
    if ((request.contextTarget ?? event.composedPath()[0]) !== c.el) return;
    event.stopImmediatePropagation();
    const callback = request.callback;
    if (!callback) return;
    if (request.subscribe) {
      c.consumers.add(callback);
      callback(contextValue(c), () => c.consumers.delete(callback));
    } else {
      callback(contextValue(c));
    }
  });
}

/** Takes the element over: from now on it is in a fake portal with a fake session and API. */
function control(el: Element, options: FakeOptions = {}): Controlled {
  installFetch();
  let c = controlled.get(el);
  if (!c) {
    const id = nextId++;
    const session = new FakeSession({ status: 'signed-out' }, { ...fakeConfig(), api: `${HOST}/e${id}/g0` });
    c = {
      el,
      id,
      generation: 0,
      session,
      mode: options.mode ?? 'browser',
      timeout: options.timeout ?? 15_000,
      answers: [],
      requests: [],
      held: [],
      inFlight: 0,
      retriesDue: new Map(),
      consumers: new Set(),
    };
    controlled.set(el, c);
    modeAccess(c);
    listen(c);
    // What <dvc-portal> does for its session: dvc-login, dvc-logout and dvc-error, once per
    // transition, here from the element itself (they bubble to the page as the portal's do).
    new SessionTransitions(() => el).watch(session);
    // An element already on the page asked its portal (or nobody) when it connected: put it back
    // where it is so that it asks again and hears the kit.
    const parent = el.parentNode;
    if (parent) {
      const next = el.nextSibling;
      parent.removeChild(el);
      parent.insertBefore(el, next);
    }
    return c;
  }
  let changed = false;
  if (options.mode && options.mode !== c.mode) {
    c.mode = options.mode;
    modeAccess(c);
    changed = true;
  }
  if (options.timeout !== undefined && options.timeout !== c.timeout) {
    c.timeout = options.timeout;
    changed = true;
  }
  if (changed) publish(c);
  return c;
}

/** The request's path below the element's API base, or undefined when it is not the element's. */
function pathFor(c: Controlled, url: URL): string | undefined {
  const bases = [`${HOST}/e${c.id}/g${c.generation}`];
  // The element's own `api` (it wins over the portal's), and `action` (dvc-signin's interaction).
  for (const name of ['api', 'action']) {
    const own = c.el.getAttribute(name);
    if (own) bases.push(new URL(own, location.href).href.replace(/\/+$/, ''));
  }
  const href = url.origin + url.pathname;
  for (const base of bases) if (href === base || href.startsWith(`${base}/`)) return href.slice(base.length) || '/';
  // An earlier generation (an answer changed while a request travelled): still this element's.
  const prefix = `${HOST}/e${c.id}/g`;
  if (href.startsWith(prefix)) return href.slice(prefix.length).replace(/^\d+/, '') || '/';
  return undefined;
}

/** What the fake session answers to `apiAccess` in each mode, as the real sessions do. */
function modeAccess(c: Controlled): void {
  c.session.access = c.mode === 'backend' ? { headers: { 'x-dvc-request': '1' }, credentials: 'same-origin' } : undefined;
}

function authorised(c: Controlled, request: StubRequest): boolean {
  if (c.session.state.status !== 'signed-in') return false;
  if (c.mode === 'backend') return request.headers.get('x-dvc-request') === '1' && request.credentials === 'same-origin';
  return request.headers.get('authorization') === `Bearer ${c.session.token}`;
}

function findAnswer(c: Controlled, path: string, method: string): Answer | undefined {
  // The most specific path wins; a later answer for the same path replaces an earlier one.
  return c.answers
    .filter((a) => (path === a.path || path.startsWith(a.path.endsWith('/') ? a.path : `${a.path}/`)) && (!a.method || a.method === method))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

const retryable = (request: StubRequest, answer: Answer): boolean => {
  if (request.method !== 'GET') return false;
  const f = answer.body as Partial<Fault> | undefined;
  if (f && typeof f === 'object' && 'fault' in f) return f.fault === 'network' || (f.fault === 'status' && (f.status ?? 0) >= 500);
  return (answer.options.status ?? 200) >= 500;
};

/** Tells `settled` when the element has read a body. */
function tracked(c: Controlled, request: StubRequest, response: Response): Response {
  if (request.signal?.aborted) return response;
  c.inFlight++;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    c.inFlight--;
    c.wake?.();
  };
  // An element that stops listening (it left the page, or asked for something else) reads nothing.
  request.signal?.addEventListener('abort', () => queueMicrotask(finish), { once: true });
  for (const reader of ['text', 'json', 'arrayBuffer', 'blob'] as const) {
    const read = (response[reader] as () => Promise<unknown>).bind(response);
    Object.defineProperty(response, reader, {
      value: () => read().finally(() => queueMicrotask(finish)),
      configurable: true,
    });
  }
  return response;
}

function respond(c: Controlled, request: StubRequest, answer: Answer): Promise<Response> {
  const key = request.url.href;
  if (retryable(request, answer)) {
    const due = c.retriesDue.get(key);
    c.retriesDue.set(key, due === undefined ? attempts() - 1 : Math.max(0, due - 1));
  } else {
    c.retriesDue.delete(key);
  }
  const body = answer.body;
  const f = body as Partial<Fault> | undefined;
  const make = (): Response | Promise<Response> => {
    if (f && typeof f === 'object' && 'fault' in f) {
      switch (f.fault) {
        case 'network':
          return Promise.reject(new TypeError('Failed to fetch (dvc-widgets/testing: network fault)'));
        case 'hang':
          return new Promise<Response>(() => {});
        case 'malformed':
          return tracked(c, request, new Response('{"items":[{"code":"000.00.30', { status: 200, headers: { 'content-type': 'application/json' } }));
        default: {
          const status = f.status ?? 500;
          const errorBody = f.body ?? { error: status === 401 ? 'invalid_token' : 'simulated_fault', message: `HTTP ${status} (dvc-widgets/testing)` };
          const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
          return tracked(c, request, json(errorBody, status, headers));
        }
      }
    }
    const value = typeof body === 'function' ? (body as AnswerFunction)(request) : body;
    if (value instanceof Response) return tracked(c, request, value);
    return tracked(c, request, json(value, answer.options.status ?? 200, answer.options.headers));
  };
  const delay = answer.options.delay ?? 0;
  const isNetwork = f && typeof f === 'object' && 'fault' in f && f.fault === 'network';
  if (delay <= 0 && !isNetwork) return Promise.resolve(make());
  // A delayed answer (and a network error, which the element reads without a body) counts as under way.
  c.inFlight++;
  return new Promise<Response>((resolve, reject) => {
    const go = () => {
      c.inFlight--;
      Promise.resolve()
        .then(make)
        .then(resolve, reject)
        .finally(() => setTimeout(() => c.wake?.(), 0));
    };
    if (delay > 0) setTimeout(go, delay);
    else go();
  });
}

function installFetch(): void {
  if (stub) return;
  realDelays = retryPolicy.delays;
  kitDelays = realDelays.map(() => 1);
  retryPolicy.delays = kitDelays;
  const passThrough = window.fetch;
  stub = stubFetch((request) => {
    for (const c of controlled.values()) {
      const path = pathFor(c, request.url);
      if (path === undefined) continue;
      c.requests.push(request);
      const due = c.retriesDue.get(request.url.href);
      const wake = () => setTimeout(() => c.wake?.(), 0);
      if (path.startsWith('/me/') && !authorised(c, request)) {
        c.retriesDue.delete(request.url.href);
        wake();
        return tracked(c, request, json({ error: 'invalid_token', message: 'Unauthorized (dvc-widgets/testing)' }, 401, { 'www-authenticate': 'Bearer' }));
      }
      const answer = findAnswer(c, path, request.method);
      if (!answer) {
        if (due !== undefined) c.retriesDue.delete(request.url.href);
        wake();
        return new Promise<Response>((resolve) => c.held.push({ request, path, resolve }));
      }
      const response = respond(c, request, answer);
      wake();
      return response;
    }
    return passThrough(request.url.href, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      credentials: request.credentials ?? 'same-origin',
      ...(request.signal ? { signal: request.signal } : {}),
    });
  });
}

async function withSession(el: Element, options: FakeOptions, change: (session: FakeSession) => void): Promise<FakeSession> {
  const c = control(el, options);
  change(c.session);
  await settled(c);
  return c.session;
}

/**
 * Signed in as `user` (default `fakeUser()`, a VNeID citizen of Quảng Trị). The element then
 * calls the fake API; give the answers first, or after, with `apiAnswers`.
 */
export function signedIn(el: Element, options: SignedInOptions = {}): Promise<FakeSession> {
  return withSession(el, options, (session) => session.signIn(fakeUser(options.user ?? {}), options.restored ? { restored: true } : {}));
}

/** Nobody is signed in: the element asks the citizen to sign in. */
export function signedOut(el: Element, options: FakeOptions = {}): Promise<FakeSession> {
  return withSession(el, options, (session) => session.signOut());
}

/** A sign-in or sign-out under way (the login button's busy state). */
export function signingIn(el: Element, options: FakeOptions = {}): Promise<FakeSession> {
  return withSession(el, options, (session) => session.busy());
}

/** The session failed with `code` (e.g. `session_expired`, `authorization_denied`, `network`). */
export function sessionFails(el: Element, code: ErrorCode, options: FakeOptions & { status?: number } = {}): Promise<FakeSession> {
  return withSession(el, options, (session) => {
    session.fail(code, options.status !== undefined ? { status: options.status } : {});
  });
}

/**
 * From now on the element's requests to `path` (below the API base: `/me/dossiers`,
 * `/stats/processing`, ...; query strings ignored) are answered with `answer`: a JSON body, a
 * function of the request, a `Response`, or a `fault(...)`. A request already waiting is answered
 * now; a GET already answered is made again, so the element shows the new answer.
 */
export async function apiAnswers(el: Element, path: string, answer: unknown, options: AnswerOptions = {}): Promise<void> {
  const c = control(el);
  const method = options.method?.toUpperCase();
  c.answers = c.answers.filter((a) => !(a.path === path && a.method === method));
  c.answers.push({ path, ...(method ? { method } : {}), body: answer, options });
  c.held = c.held.filter((h) => !h.request.signal?.aborted);
  const waiting = c.held.filter((h) => findAnswer(c, h.path, h.request.method));
  c.held = c.held.filter((h) => !waiting.includes(h));
  for (const h of waiting) h.resolve(respond(c, h.request, findAnswer(c, h.path, h.request.method)!));
  const answeredBefore = c.requests.some(
    (r) => r.method === 'GET' && !waiting.some((h) => h.request === r) && findAnswer(c, pathFor(c, r.url) ?? '', 'GET')?.path === path,
  );
  if (answeredBefore && options.reload !== false) {
    // A new base URL changes the element's configuration, so it fetches again.
    c.generation++;
    publish(c);
  }
  await settled(c);
}

/** The requests the element made to the fake API, in order. */
export function apiRequests(el: Element): readonly StubRequest[] {
  return controlled.get(el)?.requests ?? [];
}

/** The element's fake session (its `calls` list what the element asked of it: login, logout...). */
export function sessionOf(el: Element): FakeSession | undefined {
  return controlled.get(el)?.session;
}

/** Resolves when every answer due to the element has been read and the element has updated. */
export function settle(el: Element): Promise<void> {
  const c = controlled.get(el);
  return c ? settled(c) : Promise.resolve();
}

/**
 * Puts `window.fetch` back and forgets every element (call it after each test). Elements still
 * on the page keep their fake session until they leave it.
 */
export function resetFakes(): void {
  for (const c of controlled.values()) {
    for (const h of c.held) h.resolve(new Promise<Response>(() => {}));
    c.consumers.clear();
  }
  controlled.clear();
  stub?.restore();
  stub = undefined;
  // Put back only what the kit changed (a test's own hooks may have restored it first).
  if (realDelays && retryPolicy.delays === kitDelays) retryPolicy.delays = realDelays;
  realDelays = undefined;
  kitDelays = undefined;
}

/** Sample answers shaped as the reference API's, for the states a test or a demo needs. */
export const samples = {
  /** `GET /me/profile` of `fakeUser()`. */
  profile: (): Record<string, unknown> => ({
    fullName: 'Nguyễn Đức Tuấn Kiệt',
    legacyIdNumber: '197245678',
    idNumber: '045090001234',
    birthDate: '1990-04-11',
    phone: '0912345123',
    gender: 'male',
    birthPlace: 'Xã Triệu Phong, Quảng Trị',
    verified: { fullName: true, legacyIdNumber: true, idNumber: true, birthDate: true, phone: true, gender: true, birthPlace: false },
    syncedAt: '2023-04-11T17:13:44+07:00',
    counts: { completed: 3, processing: 1 },
  }),
  /** `GET /me/dossiers`: `n` dossiers of the citizen (page 1). */
  myDossiers: (n = 3, pageSize = 10): Record<string, unknown> => ({
    items: Array.from({ length: Math.min(n, pageSize) }, (_, i) => ({
      code: `000.00.30.H50-2304${String(11 + i).padStart(2, '0')}-00${String(i + 1).padStart(2, '0')}`,
      procedureName: ['Cấp phiếu lý lịch tư pháp', 'Đăng ký khai sinh', 'Chứng thực bản sao từ bản chính'][i % 3],
      submittedAt: `2023-04-${String(11 - (i % 10)).padStart(2, '0')}T08:30:00+07:00`,
      dueAt: `2023-04-${String(21 - (i % 10)).padStart(2, '0')}T17:00:00+07:00`,
      status: [4, 9, 10][i % 3],
      statusName: ['Đang xử lý', 'Đã xử lý xong', 'Đã trả kết quả'][i % 3],
    })),
    page: 1,
    pageSize,
    total: n,
  }),
  /** `GET /public/results`: the seed's two named results of 11/04/2023. */
  publicResults: (): Record<string, unknown> => ({
    items: [
      { code: '000.00.30.H50-230411-0001', applicantName: 'Nguyễn Đ*** T*** K***', procedureName: 'Cấp phiếu lý lịch tư pháp', resultAt: '2023-04-11T17:13:44+07:00' },
      { code: '000.00.30.H50-230411-0002', applicantName: 'Trần T*** H***', procedureName: 'Đăng ký khai sinh', resultAt: '2023-04-11T16:02:10+07:00' },
    ],
    page: 1,
    pageSize: 10,
    total: 2,
  }),
  /** An empty page of any list. */
  emptyPage: (pageSize = 10): Record<string, unknown> => ({ items: [], page: 1, pageSize, total: 0 }),
  /** `GET /stats/processing?year=2023`: the seed's 3.788 on time and 32 late. */
  stats: (year = 2023): Record<string, unknown> => ({ year, onTime: 3788, late: 32, updatedAt: `${year}-04-11T17:13:44+07:00` }),
};
