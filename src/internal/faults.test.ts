/// <reference types="mocha" />
// Faults, table-driven: every element that talks to an endpoint, against each way an endpoint
// fails (500, 503, no answer, a slow answer, malformed JSON, a wrong shape, offline). Each must
// give a clear message in the page's language, a "Thử lại" that works once the endpoint is back,
// no unhandled rejection, and never repeat a write by itself (POSTs are counted).
// Component tests cover the finer points per element; this file makes sure no pair is missed.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { retryPolicy } from '../api/client.js';
import { setup as setupProvider, teardown as teardownProvider, type Harness } from '../auth/testing/harness.js';
import '../components/dossier-table/dossier-table.js';
import '../components/login-button/login-button.js';
import '../components/profile-sync/profile-sync.js';
import type { DvcProfileSync } from '../components/profile-sync/profile-sync.js';
import '../components/signin/signin.js';
import type { DvcSignin } from '../components/signin/signin.js';
import '../components/stats-donut/stats-donut.js';
import { FakeSession, fakeConfig, sessionFixture } from '../testing/fake-session.js';
import { deferred, json, never, stubFetch, withoutWebOtp, type FetchStub, type StubRequest } from '../testing/fetch-stub.js';

type Fault = '500' | '503' | 'timeout' | 'slow' | 'malformed' | 'wrong-shape' | 'offline';
const FAULTS: Fault[] = ['500', '503', 'timeout', 'slow', 'malformed', 'wrong-shape', 'offline'];

const API = 'https://api.example.test';
/** Seconds; short so that "no answer" fails fast. */
const TIMEOUT_S = 0.3;

/** What each fault looks like from the element: the text it must show (Vietnamese, the default). */
const MESSAGES: Record<Exclude<Fault, 'slow'>, RegExp> = {
  '500': /Máy chủ đang gặp sự cố/,
  '503': /Máy chủ đang gặp sự cố|tạm thời không phản hồi/,
  timeout: /không phản hồi kịp/,
  malformed: /dữ liệu không hợp lệ/,
  'wrong-shape': /dữ liệu không hợp lệ/,
  offline: /Không kết nối được máy chủ/,
};

/** The broken answer of each fault (the reference server's /api/dev/faults modes, and offline). */
function brokenAnswer(fault: Fault, gate: Promise<void>): Promise<Response> | Response {
  switch (fault) {
    case '500':
      return json({ error: 'internal_error', message: 'Lỗi máy chủ (lỗi giả lập)' }, 500);
    case '503':
      return json({ error: 'service_unavailable', message: 'Dịch vụ tạm thời gián đoạn' }, 503, { 'retry-after': '1' });
    case 'timeout':
      return never<Response>();
    case 'malformed':
      return new Response('{"items":[{"code":"000.00.30.H50-2304', { status: 200, headers: { 'content-type': 'application/json' } });
    case 'wrong-shape':
      return json({ unexpected: true, items: 'not-an-array', total: 'many', year: 'two thousand', onTime: null, otp: 'none', redirectTo: 5 });
    case 'offline':
      throw new TypeError('Failed to fetch');
    case 'slow':
      return gate.then(() => undefined as unknown as Response);
  }
}

interface Target {
  name: string;
  /** The requests the fault hits. */
  hits: (r: StubRequest) => boolean;
  /** Good answers of every endpoint the element uses. */
  good: (r: StubRequest) => Response | Promise<Response>;
  /** Renders the element and makes it send the request the fault hits. */
  start: () => Promise<HTMLElement>;
  /** What the element shows when the request succeeded. */
  shown: (el: HTMLElement) => boolean;
  /** What it shows while it waits. */
  loading: (el: HTMLElement) => boolean;
  /** Success sends the browser elsewhere (the element stays busy until the page goes). */
  leavesPage?: boolean;
  /** A write: never sent again without the citizen asking. */
  write?: boolean;
  /** After "Thử lại", what else the citizen does before the data shows (a sign-in round trip). */
  recover?: () => Promise<void>;
  /** Per-fault text, where the element words it its own way. */
  messages?: Partial<Record<Fault, RegExp>>;
}

// ---- helpers ---------------------------------------------------------------------------------

function deepQueryAll(root: ParentNode, selector: string): Element[] {
  const out: Element[] = [...root.querySelectorAll(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepQueryAll(el.shadowRoot, selector));
  return out;
}
const sr = (el: HTMLElement) => el.shadowRoot!;
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** The error the element shows: its alert, or the sign-in step's error line. */
const errorText = (el: HTMLElement) => deepQueryAll(sr(el), '[role="alert"], #step-error').map(text).join(' ');
const retryButton = (el: HTMLElement) =>
  deepQueryAll(sr(el), 'button').find((b) => text(b) === 'Thử lại' && !(b as HTMLButtonElement).disabled) as HTMLButtonElement | undefined;
const busy = (el: HTMLElement) => deepQueryAll(sr(el), '[aria-busy="true"]').length > 0;

const STATS = { year: 2023, onTime: 3788, late: 32, updatedAt: '2023-12-31T23:59:59+07:00' };
const RESULTS = { items: [{ code: '000.00.30.H50-230411-0002', applicantName: 'NGUYỄN Đ** T*** K***', resultAt: '2023-04-11T17:13:44+07:00' }], page: 1, pageSize: 10, total: 1 };
const MINE = { items: [{ code: '000.00.30.H50-230301-0007', procedureName: 'Đăng ký thường trú', submittedAt: '2023-03-01T09:30:00+07:00', dueAt: '2023-03-08T17:00:00+07:00', status: 4 }], page: 1, pageSize: 10, total: 1 };
const DOSSIER = { ...MINE.items[0], status: 10 };
const PROFILE = {
  fullName: 'Nguyễn Đức Tuấn Kiệt',
  idNumber: '045090001234',
  birthDate: '1990-04-11',
  phone: '0912345123',
  gender: 'male',
  birthPlace: 'Xã Triệu Phong, Quảng Trị',
  verified: { fullName: true },
  syncedAt: '2023-04-11T17:13:44+07:00',
  counts: { completed: 0, processing: 1 },
};
const CHALLENGE = { otp: { maskedPhone: '*******123', expiresIn: 300, resendAfter: 60, attemptsLeft: 5 } };

const signedInSession = () => {
  const session = new FakeSession();
  session.signIn();
  return session;
};
const apiConfig = () => ({ config: { ...fakeConfig(), api: API, timeout: TIMEOUT_S * 1000 } });
const rows = (el: HTMLElement) => sr(el).querySelectorAll('tr[part="row"]').length > 0;

/** The harness of the login button's targets, made per test. */
let harness: Harness | undefined;
let providerFetch: typeof fetch | undefined;

async function signinToStep2(): Promise<DvcSignin> {
  const el = await fixture<DvcSignin>(html`<dvc-signin action="/interaction/faults" timeout=${TIMEOUT_S}></dvc-signin>`);
  sr(el).querySelector<HTMLButtonElement>('button[value="vneid"]')!.click();
  await waitUntil(() => sr(el).querySelector('input[name="idNumber"]'), 'step 2');
  for (const [name, value] of [['idNumber', '045090001234'], ['password', 'Demo@2023']] as const) {
    const input = sr(el).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
  return el;
}
const submitStep = (el: HTMLElement) => sr(el).querySelector<HTMLButtonElement>('button[part="submit"]')!.click();

const TARGETS: Target[] = [
  {
    name: 'dvc-stats-donut (GET /stats/processing)',
    hits: (r) => r.url.pathname === '/stats/processing',
    good: () => json(STATS),
    start: () => fixture<HTMLElement>(html`<dvc-stats-donut api=${API} year="2023" timeout=${TIMEOUT_S}></dvc-stats-donut>`),
    shown: (el) => text(sr(el).querySelector('[part="legend"]')).includes('3.788'),
    loading: (el) => busy(el) && text(sr(el)).includes('Đang tải'),
  },
  {
    name: 'dvc-dossier-table public-results (GET /public/results)',
    hits: (r) => r.url.pathname === '/public/results',
    good: () => json(RESULTS),
    start: () => fixture<HTMLElement>(html`<dvc-dossier-table api=${API} timeout=${TIMEOUT_S}></dvc-dossier-table>`),
    shown: rows,
    loading: busy,
  },
  {
    name: 'dvc-dossier-table mine (GET /me/dossiers)',
    hits: (r) => r.url.pathname === '/me/dossiers',
    good: () => json(MINE),
    start: () => sessionFixture<HTMLElement>(html`<dvc-dossier-table source="mine"></dvc-dossier-table>`, signedInSession(), apiConfig()),
    shown: rows,
    loading: busy,
  },
  {
    name: 'dvc-dossier-table look-up (GET /dossiers/{code})',
    hits: (r) => r.url.pathname.startsWith('/dossiers/'),
    good: (r) => (r.url.pathname.startsWith('/dossiers/') ? json(DOSSIER) : json({ ...RESULTS, items: [], total: 0 })),
    start: async () => {
      const el = await fixture<HTMLElement>(html`<dvc-dossier-table api=${API} timeout=${TIMEOUT_S}></dvc-dossier-table>`);
      const form = await waitUntil(() => sr(el).querySelector('form[part="lookup"]'), 'look-up form').then(() => sr(el).querySelector<HTMLFormElement>('form[part="lookup"]')!);
      form.querySelector<HTMLInputElement>('input[name="code"]')!.value = DOSSIER.code;
      form.requestSubmit();
      return el;
    },
    shown: (el) => !!sr(el).querySelector('[part="lookup-result"] dl'),
    loading: (el) => text(sr(el).querySelector('[part="lookup-result"]')).includes('Đang tra cứu'),
  },
  {
    name: 'dvc-profile-sync load (GET /me/profile)',
    hits: (r) => r.url.pathname === '/me/profile',
    good: () => json(PROFILE),
    start: () => sessionFixture<HTMLElement>(html`<dvc-profile-sync></dvc-profile-sync>`, signedInSession(), apiConfig()),
    shown: (el) => !!sr(el).querySelector('[data-field="fullName"]'),
    loading: (el) => busy(el),
    messages: { '503': /tạm thời không phản hồi/ },
  },
  {
    name: 'dvc-profile-sync sync (POST /me/profile/sync)',
    write: true,
    hits: (r) => r.url.pathname === '/me/profile/sync',
    good: (r) => (r.method === 'POST' ? json({ ...PROFILE, phone: '0987654321', changed: ['phone'] }) : json(PROFILE)),
    start: async () => {
      const el = await sessionFixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`, signedInSession(), apiConfig());
      await waitUntil(() => el.profile !== undefined, 'profile loaded');
      await el.updateComplete;
      sr(el).querySelector<HTMLButtonElement>('[part~="sync-button"]')!.click();
      return el;
    },
    shown: (el) => text(sr(el).querySelector('[role="status"]')).includes('Đã cập nhật 1 trường'),
    loading: (el) => busy(el) && text(sr(el).querySelector('[part~="sync-button"]')).includes('Đang cập nhật'),
    messages: { '503': /tạm thời không phản hồi/ },
  },
  {
    name: 'dvc-login-button discovery (GET /.well-known/openid-configuration)',
    hits: (r) => r.url.pathname.endsWith('/.well-known/openid-configuration'),
    good: (r) => providerFetch!(r.url.href, { method: r.method, headers: r.headers, body: r.body as BodyInit }),
    start: async () => {
      const session = harness!.session({ timeout: TIMEOUT_S * 1000 });
      const el = await sessionFixture<HTMLElement>(html`<dvc-login-button></dvc-login-button>`, session);
      sr(el).querySelector<HTMLButtonElement>('button[part="button"]')!.click();
      return el;
    },
    // Signed out, the data is the way to the provider: the browser is sent there.
    shown: () => harness!.navigations.length > 0,
    leavesPage: true,
    loading: (el) => busy(el) && !!sr(el).querySelector('button[disabled]'),
  },
  {
    name: 'dvc-login-button token exchange (POST /token)',
    write: true,
    hits: (r) => r.url.pathname.endsWith('/token'),
    good: (r) => providerFetch!(r.url.href, { method: r.method, headers: r.headers, body: r.body as BodyInit }),
    start: async () => {
      const session = harness!.session({ timeout: TIMEOUT_S * 1000 });
      const el = await sessionFixture<HTMLElement>(html`<dvc-login-button></dvc-login-button>`, session);
      const callback = await harness!.callbackUrl(session);
      void session.completeSignIn(callback);
      return el;
    },
    // "Thử lại" is a fresh sign-in: to the provider and back with a new code.
    recover: async () => {
      await waitUntil(() => harness!.navigations.length >= 2, 'sent to the provider again');
      const back = harness!.provider.authorize(harness!.navigations.at(-1)!);
      await (lastSession as { completeSignIn(url: string): Promise<void> }).completeSignIn(back);
    },
    shown: (el) => text(sr(el).querySelector('[part="name"]')) === 'Nguyễn Văn A',
    loading: (el) => busy(el),
  },
  {
    name: 'dvc-signin credentials (POST {action}/credentials)',
    write: true,
    hits: (r) => r.url.pathname.endsWith('/credentials'),
    good: () => json(CHALLENGE),
    start: async () => {
      const el = await signinToStep2();
      submitStep(el);
      return el;
    },
    shown: (el) => (el as DvcSignin).currentStep === 'otp',
    loading: (el) => busy(el) && text(sr(el).querySelector('[part="progress"]')) !== '',
  },
  {
    name: 'dvc-signin one-time code (POST {action}/otp)',
    write: true,
    hits: (r) => r.url.pathname.endsWith('/otp'),
    good: (r) => (r.url.pathname.endsWith('/credentials') ? json(CHALLENGE) : json({ redirectTo: 'https://agency.example.test/?code=abc&state=def' })),
    start: async () => {
      const el = await signinToStep2();
      el.navigate = (url) => navigations.push(url);
      submitStep(el);
      const otpInput = () => sr(el).querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input');
      await waitUntil(() => el.currentStep === 'otp' && otpInput(), 'step 3');
      await el.updateComplete;
      otpInput()!.focus();
      await sendKeys({ type: '123456' });
      submitStep(el);
      return el;
    },
    shown: (el) => (el as DvcSignin).currentStep === 'done' && navigations.length === 1,
    leavesPage: true,
    loading: (el) => busy(el) && text(sr(el).querySelector('[part="progress"]')) !== '',
  },
];

let navigations: string[] = [];
/** The session the token-exchange target signs in with (the harness makes it). */
let lastSession: unknown;

describe('faults, for every element that talks to an endpoint', () => {
  let stub: FetchStub | undefined;
  const delays = retryPolicy.delays;
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => {
    rejections.push(e.reason);
  };
  withoutWebOtp();

  beforeEach(() => {
    retryPolicy.delays = [1, 1];
    rejections.length = 0;
    navigations = [];
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    stub?.restore();
    stub = undefined;
    if (harness) teardownProvider();
    harness = undefined;
    providerFetch = undefined;
    lastSession = undefined;
    retryPolicy.delays = delays;
    window.removeEventListener('unhandledrejection', onRejection);
  });

  for (const target of TARGETS) {
    describe(target.name, () => {
      for (const fault of FAULTS) {
        it(fault === 'slow' ? 'a slow answer: shows it is loading, then the data' : `${fault}: a clear message, "Thử lại" works once the endpoint is back`, async function () {
          this.timeout(15000);
          if (target.name.startsWith('dvc-login-button')) {
            harness = await setupProvider();
            providerFetch = window.fetch;
            const make = harness.session.bind(harness);
            harness.session = (overrides) => (lastSession = make(overrides)) as ReturnType<Harness['session']>;
          }
          let broken = true;
          const gate = deferred<void>();
          stub = stubFetch(async (r) => {
            if (broken && target.hits(r)) {
              if (fault !== 'slow') return brokenAnswer(fault, gate.promise);
              await gate.promise;
            }
            return target.good(r);
          });
          const hits = () => stub!.calls.filter(target.hits).length;

          const el = await target.start();
          if (fault === 'slow') {
            await waitUntil(() => hits() > 0, 'request sent');
            await waitUntil(() => target.loading(el), 'shows it is loading');
            expect(target.shown(el)).to.equal(false);
            expect(errorText(el), 'a slow answer is not a failure').to.equal('');
            gate.resolve();
            await waitUntil(() => target.shown(el), 'the data once the answer comes', { timeout: 5000 });
            if (!target.leavesPage) expect(busy(el), 'no longer busy').to.equal(false);
          } else {
            const expected = target.messages?.[fault] ?? MESSAGES[fault];
            await waitUntil(() => expected.test(errorText(el)), `message ${expected} (got "${errorText(el)}")`, { timeout: 5000 });
            expect(errorText(el)).not.to.match(/undefined|null|NaN|\[object/);
            expect(target.shown(el)).to.equal(false);
            const sent = hits();
            if (target.write) expect(sent, 'a write is sent once, never again by itself').to.equal(1);
            // The endpoint is back; the citizen retries.
            broken = false;
            const retry = await waitUntil(() => retryButton(el), 'a "Thử lại" button').then(() => retryButton(el)!);
            retry.click();
            if (target.recover) await target.recover();
            await waitUntil(() => target.shown(el), 'the data after "Thử lại"', { timeout: 5000 });
            expect(errorText(el), 'the message is gone').to.equal('');
            if (target.write) expect(hits(), 'one more write for one more press').to.equal(2);
          }
          // Whatever was started meanwhile has settled without an unhandled rejection.
          await new Promise((resolve) => setTimeout(resolve, 20));
          expect(rejections, 'no unhandled rejection').to.deep.equal([]);
        });
      }
    });
  }
});
