import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DvcErrorEvent } from '../../events/error.js';
import type { DvcProfileSyncedEvent } from '../../events/profile.js';
import { PROFILE } from '../../auth/testing/fake-backend.js';
import { FakeSession, fakeConfig, provideSession, sessionFixture } from '../../testing/fake-session.js';
import { deferred, json, never, stubFetch, useStubbedApi } from '../../testing/fetch-stub.js';
import './profile-sync.js';
import type { DvcProfileSync } from './profile-sync.js';

const API = 'https://api.example.test';

const LABELS = ['Họ tên', 'Số CMT (9 số)', 'Số CMT/CCCD (12 số)', 'Ngày sinh', 'Số điện thoại', 'Giới tính', 'Nơi sinh'];

interface Call {
  method: string;
  path: string;
  authorization: string | null;
}

type Handler = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

let calls: Call[] = [];

/** Serves the dossier API from `handler` with real Response objects; restored after each test. */
function serve(handler: Handler): void {
  stubFetch((request) => {
    const call = { method: request.method, path: request.url.pathname, authorization: request.headers.get('authorization') };
    calls.push(call);
    return handler(call, request.signal);
  });
}

/** The profile on GET, `sync` on POST. */
function api(sync?: (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>, profile: unknown = PROFILE): Handler {
  return (call, signal) => {
    if (call.path === '/me/profile' && call.method === 'GET') return json(profile);
    if (call.path === '/me/profile/sync' && call.method === 'POST' && sync) return sync(call, signal);
    return json({ error: 'not_found', message: 'Not found' }, 404);
  };
}

const signedIn = () => {
  const session = new FakeSession();
  session.signIn();
  return session;
};

async function mount(session: FakeSession, options: { lang?: string; timeout?: number } = {}): Promise<DvcProfileSync> {
  const config = { ...fakeConfig(), api: API, ...(options.timeout ? { timeout: options.timeout } : {}) };
  const template = options.lang
    ? html`<div lang=${options.lang}><dvc-profile-sync></dvc-profile-sync></div>`
    : html`<dvc-profile-sync></dvc-profile-sync>`;
  const root = await sessionFixture<HTMLElement>(template, session, { config });
  const el = root.localName === 'dvc-profile-sync' ? (root as DvcProfileSync) : root.querySelector('dvc-profile-sync')!;
  await el.updateComplete;
  return el;
}

/** Every dvc-error that reaches the document, from before the element exists; stop() when done. */
function collectErrors(): { events: DvcErrorEvent[]; stop: () => void } {
  const events: DvcErrorEvent[] = [];
  const listener = (e: Event) => events.push(e as DvcErrorEvent);
  document.addEventListener('dvc-error', listener);
  return { events, stop: () => document.removeEventListener('dvc-error', listener) };
}

async function loaded(el: DvcProfileSync): Promise<void> {
  await waitUntil(() => el.profile !== undefined, 'the profile did not load');
  await el.updateComplete;
}

const shadow = (el: DvcProfileSync) => el.shadowRoot!;
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const base = (el: DvcProfileSync) => shadow(el).querySelector<HTMLElement>('[part~="base"]')!;
const status = (el: DvcProfileSync) => shadow(el).querySelector<HTMLElement>('[role="status"]')!;
const buttonByText = (el: DvcProfileSync, text: string) =>
  [...shadow(el).querySelectorAll('button')].find((b) => textOf(b) === text) as HTMLButtonElement | undefined;
const syncButton = (el: DvcProfileSync) => shadow(el).querySelector<HTMLButtonElement>('[part~="sync-button"]')!;
const field = (el: DvcProfileSync, label: string) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part~="field"]')].find((f) => textOf(f.querySelector('dt')) === label)!;
const valueOf = (el: DvcProfileSync, label: string) => textOf(field(el, label).querySelector('[part~="value"]'));
const values = (el: DvcProfileSync) => LABELS.map((label) => valueOf(el, label));
const updatedFields = (el: DvcProfileSync) =>
  LABELS.filter((label) => textOf(field(el, label)).includes('Đã cập nhật'));

describe('dvc-profile-sync', () => {
  // No backoff between GET retries, so failures show at once.
  useStubbedApi([]);
  beforeEach(() => {
    calls = [];
  });

  it('signed out: says what to do and offers the sign-in button, without calling the API', async () => {
    serve(api());
    const session = new FakeSession();
    const el = await mount(session);
    expect(textOf(shadow(el))).to.include('Vui lòng đăng nhập để xem thông tin định danh.');
    const button = buttonByText(el, 'Đăng nhập bằng Cổng DVC Quốc gia');
    expect(button).to.exist;
    await expect(el).to.be.accessible();
    button!.click();
    expect(session.calls).to.deep.equal(['login']);
    expect(calls).to.deep.equal([]);
    expect(el.profile).to.equal(undefined);
  });

  it('loading: shows progress with aria-busy, then the panel', async () => {
    const gate = deferred<Response>();
    serve(() => gate.promise);
    const el = await mount(signedIn());
    expect(textOf(shadow(el))).to.include('Đang tải thông tin định danh…');
    expect(base(el).getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    gate.resolve(json(PROFILE));
    await loaded(el);
    expect(base(el).getAttribute('aria-busy')).to.equal('false');
    expect(textOf(shadow(el))).not.to.include('Đang tải');
  });

  it('loaded: the seven fields masked, verified marks as text, dossier counts and the last sync time', async () => {
    serve(api());
    const el = await mount(signedIn());
    await loaded(el);
    expect(calls).to.deep.equal([{ method: 'GET', path: '/me/profile', authorization: 'Bearer fake-access-token' }]);
    expect(textOf(shadow(el).querySelector('h2'))).to.equal('Thông tin định danh');
    expect([...shadow(el).querySelectorAll('dl.fields dt')].map(textOf)).to.deep.equal(LABELS);
    expect(values(el)).to.deep.equal([
      'N***** Đ** T*** K*** (đã ẩn)',
      '******678 (đã ẩn)',
      '*********234 (đã ẩn)',
      '**/**/1990 (đã ẩn)',
      '*******123 (đã ẩn)',
      '*** (đã ẩn)',
      'X* T**** P****, Quảng Trị (đã ẩn)',
    ]);
    const all = textOf(shadow(el));
    for (const secret of ['Nguyễn', '197245678', '045090001234', '11/04/1990', '0912345123', 'Triệu Phong']) {
      expect(all).not.to.include(secret);
    }
    for (const label of LABELS) {
      const mark = field(el, label).querySelector('[part~="verified"]');
      expect(textOf(mark), label).to.equal('✓ Đã xác thực');
    }
    expect(all).to.include('Hồ sơ đã hoàn thành: 0');
    expect(all).to.include('Hồ sơ đang xử lý: 1');
    expect(all).to.include('Đồng bộ lần cuối: 11/04/2023 17:13:44');
    expect(textOf(syncButton(el))).to.equal('Cập nhật từ CSDL Quốc gia về Dân cư');
    await expect(el).to.be.accessible();
  });

  it('reveals one field with its toggle (aria-pressed, by mouse and keyboard), never in the live region', async () => {
    serve(api());
    const logged: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((m) => console[m]);
    methods.forEach((m, i) => {
      console[m] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
        (originals[i] as (...a: unknown[]) => void)(...args);
      };
    });
    try {
      const el = await mount(signedIn());
      await loaded(el);
      const toggle = shadow(el).querySelector<HTMLButtonElement>('[part~="reveal"][aria-label="Hiện Số điện thoại"]')!;
      expect(toggle).to.exist;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(valueOf(el, 'Số điện thoại')).to.equal('0912345123');
      expect(valueOf(el, 'Số CMT/CCCD (12 số)')).to.equal('*********234 (đã ẩn)');
      expect(valueOf(el, 'Họ tên')).to.equal('N***** Đ** T*** K*** (đã ẩn)');
      expect(textOf(status(el))).not.to.include('0912345123');
      for (const live of shadow(el).querySelectorAll('[aria-live], [role="status"], [role="alert"]')) {
        expect(textOf(live)).not.to.include('0912345123');
      }
      await expect(el).to.be.accessible();

      toggle.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      expect(valueOf(el, 'Số điện thoại')).to.equal('*******123 (đã ẩn)');

      const birth = shadow(el).querySelector<HTMLButtonElement>('[aria-label="Hiện Ngày sinh"]')!;
      birth.focus();
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(valueOf(el, 'Ngày sinh')).to.equal('11/04/1990');
      expect(logged.join('\n')).not.to.match(/0912345123|11\/04\/1990/);
    } finally {
      methods.forEach((m, i) => {
        console[m] = originals[i] as never;
      });
    }
  });

  it('sync in progress: the button is disabled with progress text and the panel is aria-busy; the data stays', async () => {
    const gate = deferred<Response>();
    serve(api(() => gate.promise));
    const el = await mount(signedIn());
    await loaded(el);
    syncButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(syncButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(shadow(el).activeElement, 'focus stays on the button').to.equal(syncButton(el));
    expect(textOf(syncButton(el))).to.equal('Đang cập nhật…');
    expect(base(el).getAttribute('aria-busy')).to.equal('true');
    expect(valueOf(el, 'Số điện thoại')).to.equal('*******123 (đã ẩn)');
    await expect(el).to.be.accessible();
    const synced = oneEvent(el, 'dvc-profile-synced');
    gate.resolve(json({ ...PROFILE, changed: [] }));
    await synced;
    await el.updateComplete;
    expect(syncButton(el).getAttribute('aria-disabled')).to.equal('false');
    expect(textOf(syncButton(el))).to.equal('Cập nhật từ CSDL Quốc gia về Dân cư');
    expect(base(el).getAttribute('aria-busy')).to.equal('false');
  });

  it('a sync that changes two fields marks exactly those two and announces their names only', async () => {
    const fresh = {
      ...PROFILE,
      phone: '0987654321',
      birthPlace: 'Phường Đông Hà, Quảng Trị',
      counts: { completed: 1200, processing: 1 },
      syncedAt: '2024-01-02T08:09:10+07:00',
      changed: ['phone', 'birthPlace'],
    };
    serve(api(() => json(fresh)));
    const el = await mount(signedIn());
    await loaded(el);
    expect(updatedFields(el)).to.deep.equal([]);
    const synced = oneEvent(el, 'dvc-profile-synced') as Promise<DvcProfileSyncedEvent>;
    syncButton(el).click();
    const event = await synced;
    await el.updateComplete;
    expect(calls.filter((c) => c.method === 'POST')).to.deep.equal([
      { method: 'POST', path: '/me/profile/sync', authorization: 'Bearer fake-access-token' },
    ]);
    expect(event.detail.changed).to.deep.equal(['phone', 'birthPlace']);
    expect(event.detail.profile.phone).to.equal('0987654321');
    expect(event.bubbles && event.composed).to.equal(true);
    expect(updatedFields(el)).to.deep.equal(['Số điện thoại', 'Nơi sinh']);
    expect(textOf(field(el, 'Số điện thoại'))).to.include('Đã cập nhật');
    expect(valueOf(el, 'Số điện thoại')).to.equal('*******321 (đã ẩn)');
    expect(valueOf(el, 'Nơi sinh')).to.equal('P***** Đ*** H*, Quảng Trị (đã ẩn)');
    expect(textOf(status(el))).to.equal('Đã cập nhật 2 trường: Số điện thoại, Nơi sinh');
    expect(status(el).getAttribute('aria-live')).to.equal('polite');
    expect(textOf(shadow(el))).to.include('Hồ sơ đã hoàn thành: 1.200');
    expect(textOf(shadow(el))).to.include('Đồng bộ lần cuối: 02/01/2024 08:09:10');
    expect(el.profile?.phone).to.equal('0987654321');
    await expect(el).to.be.accessible();
  });

  it('a sync that changes nothing says the information matches, with no field marked', async () => {
    serve(api(() => json({ ...PROFILE, changed: [] })));
    const el = await mount(signedIn());
    await loaded(el);
    const synced = oneEvent(el, 'dvc-profile-synced') as Promise<DvcProfileSyncedEvent>;
    syncButton(el).click();
    expect((await synced).detail.changed).to.deep.equal([]);
    await el.updateComplete;
    expect(textOf(status(el))).to.equal('Thông tin đã khớp với CSDL Quốc gia về Dân cư');
    expect(updatedFields(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a failed sync (503) keeps the data on screen, fires dvc-error, and "Thử lại" syncs again', async () => {
    let attempt = 0;
    serve(
      api(() =>
        ++attempt === 1
          ? json({ error: 'unavailable', message: 'National population database unavailable' }, 503)
          : json({ ...PROFILE, phone: '0987654321', changed: ['phone'] }),
      ),
    );
    const el = await mount(signedIn());
    await loaded(el);
    const failed = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
    syncButton(el).click();
    const error = await failed;
    await el.updateComplete;
    expect(error.detail.code).to.equal('http');
    expect(error.detail.status).to.equal(503);
    expect(error.detail.message).to.include('CSDL Quốc gia về Dân cư đang tạm thời không phản hồi');
    expect(textOf(shadow(el))).to.include('CSDL Quốc gia về Dân cư đang tạm thời không phản hồi');
    expect(values(el)[4]).to.equal('*******123 (đã ẩn)');
    expect(values(el)[0]).to.equal('N***** Đ** T*** K*** (đã ẩn)');
    await expect(el).to.be.accessible();

    const retry = shadow(el).querySelector<HTMLButtonElement>('[part~="retry"]')!;
    expect(textOf(retry)).to.equal('Thử lại');
    const synced = oneEvent(el, 'dvc-profile-synced');
    retry.click();
    await synced;
    await el.updateComplete;
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(2);
    expect(shadow(el).activeElement, 'focus moves to the sync button').to.equal(syncButton(el));
    expect(textOf(shadow(el))).not.to.include('không phản hồi');
    expect(updatedFields(el)).to.deep.equal(['Số điện thoại']);
    expect(textOf(status(el))).to.equal('Đã cập nhật 1 trường: Số điện thoại');
  });

  it('session expired (401): fires session_expired, ends the session, hides the data and offers "Đăng nhập lại"', async () => {
    serve(
      api(() =>
        json({ error: 'invalid_token', message: 'expired' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' }),
      ),
    );
    const session = signedIn();
    const el = await mount(session);
    await loaded(el);
    const failed = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
    syncButton(el).click();
    const error = await failed;
    await el.updateComplete;
    expect(error.detail.code).to.equal('session_expired');
    expect(session.calls).to.include('expire');
    expect(textOf(shadow(el))).to.include('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
    expect(shadow(el).querySelectorAll('[part~="field"]')).to.have.length(0);
    expect(el.profile).to.equal(undefined);
    await expect(el).to.be.accessible();
    const again = buttonByText(el, 'Đăng nhập lại')!;
    expect(again).to.exist;
    again.click();
    expect(session.calls).to.deep.equal(['expire', 'login']);
  });

  it('session expired while loading (401 on GET) shows the same state', async () => {
    serve(() => json({ error: 'invalid_token', message: 'expired' }, 401, { 'www-authenticate': 'Bearer' }));
    const session = signedIn();
    const errors = collectErrors();
    try {
      const el = await mount(session);
      await waitUntil(() => session.calls.includes('expire'), 'the session was not expired');
      await el.updateComplete;
      expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['session_expired']);
      expect(textOf(shadow(el))).to.include('Phiên đăng nhập đã hết hạn.');
      expect(buttonByText(el, 'Đăng nhập lại')).to.exist;
      await expect(el).to.be.accessible();
    } finally {
      errors.stop();
    }
  });

  it('rate limited (429 with Retry-After): says how long to wait and fires dvc-error', async () => {
    serve(api(() => json({ error: 'rate_limited', message: 'Slow down' }, 429, { 'retry-after': '30' })));
    const el = await mount(signedIn());
    await loaded(el);
    const failed = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
    syncButton(el).click();
    const error = await failed;
    await el.updateComplete;
    expect(error.detail).to.include({ code: 'http', status: 429 });
    expect(textOf(shadow(el))).to.include('Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau 30 giây.');
    expect(valueOf(el, 'Số điện thoại')).to.equal('*******123 (đã ẩn)');
    expect(shadow(el).querySelector('[part~="retry"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('network failure while loading: the message, dvc-error "network", and a retry that loads', async () => {
    let attempt = 0;
    serve((call) => {
      if (++attempt === 1) return Promise.reject(new TypeError('Failed to fetch'));
      return api()(call, undefined);
    });
    const errors = collectErrors();
    try {
      const el = await mount(signedIn());
      await waitUntil(() => shadow(el).querySelector('[part~="retry"]'), 'no retry offered');
      expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['network']);
      expect(textOf(shadow(el))).to.include('Không kết nối được máy chủ.');
      await expect(el).to.be.accessible();
      shadow(el).querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
      await loaded(el);
      expect(valueOf(el, 'Số điện thoại')).to.equal('*******123 (đã ẩn)');
      expect(shadow(el).querySelector('[part~="retry"]')).to.equal(null);
    } finally {
      errors.stop();
    }
  });

  it('timeout while syncing: the message, dvc-error "timeout", the data stays', async () => {
    serve(api(never));
    const el = await mount(signedIn(), { timeout: 200 });
    await loaded(el);
    const failed = oneEvent(el, 'dvc-error') as Promise<DvcErrorEvent>;
    syncButton(el).click();
    expect((await failed).detail.code).to.equal('timeout');
    await el.updateComplete;
    expect(textOf(shadow(el))).to.include('Máy chủ không phản hồi kịp.');
    expect(valueOf(el, 'Họ tên')).to.equal('N***** Đ** T*** K*** (đã ẩn)');
    expect(textOf(shadow(el).querySelector('[part~="retry"]'))).to.equal('Thử lại');
    expect(syncButton(el).getAttribute('aria-disabled')).to.equal('false');
  });

  it('malformed fields show "Không có dữ liệu" and the valid ones as usual; never undefined or NaN', async () => {
    serve(
      api(undefined, {
        fullName: 'Trần Thị Bình',
        legacyIdNumber: 'abc',
        idNumber: '197245678',
        birthDate: '1990-02-31',
        gender: 'female',
        birthPlace: 42,
        verified: { fullName: true, idNumber: true, phone: 'yes' },
        syncedAt: 'hôm qua',
        counts: { completed: 'many', processing: -1 },
      }),
    );
    const el = await mount(signedIn());
    await loaded(el);
    expect(values(el)).to.deep.equal([
      'T*** T** B*** (đã ẩn)',
      'Không có dữ liệu',
      'Không có dữ liệu',
      'Không có dữ liệu',
      'Không có dữ liệu',
      '*** (đã ẩn)',
      'Không có dữ liệu',
    ]);
    expect(textOf(field(el, 'Họ tên').querySelector('[part~="verified"]'))).to.equal('✓ Đã xác thực');
    expect(textOf(field(el, 'Số CMT/CCCD (12 số)').querySelector('[part~="verified"]'))).to.equal('○ Chưa xác thực');
    expect(textOf(field(el, 'Giới tính').querySelector('[part~="verified"]'))).to.equal('○ Chưa xác thực');
    expect(field(el, 'Số điện thoại').querySelector('[part~="reveal"]')).to.equal(null);
    const all = textOf(shadow(el));
    expect(all).to.include('Hồ sơ đã hoàn thành: Không có dữ liệu');
    expect(all).to.include('Hồ sơ đang xử lý: Không có dữ liệu');
    expect(all).to.include('Đồng bộ lần cuối: Không có dữ liệu');
    expect(all).not.to.match(/undefined|NaN|null|\[object Object\]/);
    shadow(el).querySelector<HTMLButtonElement>('[aria-label="Hiện Giới tính"]')!.click();
    await el.updateComplete;
    expect(valueOf(el, 'Giới tính')).to.equal('Nữ');
    await expect(el).to.be.accessible();
  });

  it('two quick presses make one request', async () => {
    const gate = deferred<Response>();
    serve(api(() => gate.promise));
    const el = await mount(signedIn());
    await loaded(el);
    const events: DvcProfileSyncedEvent[] = [];
    el.addEventListener('dvc-profile-synced', (e) => events.push(e));
    syncButton(el).click();
    syncButton(el).click();
    await el.updateComplete;
    // A press while the run is shown as busy joins it too.
    syncButton(el).click();
    const first = el.sync();
    const second = el.sync();
    expect(first).to.equal(second);
    gate.resolve(json({ ...PROFILE, changed: [] }));
    await first;
    await el.updateComplete;
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(1);
    expect(events).to.have.length(1);
  });

  it('signing out forgets the profile and what was revealed', async () => {
    serve(api());
    const session = signedIn();
    const el = await mount(session);
    await loaded(el);
    shadow(el).querySelector<HTMLButtonElement>('[aria-label="Hiện Số điện thoại"]')!.click();
    await el.updateComplete;
    session.signOut();
    await el.updateComplete;
    expect(el.profile).to.equal(undefined);
    expect(textOf(shadow(el))).not.to.include('0912345123');
    expect(textOf(shadow(el))).to.include('Vui lòng đăng nhập');
    session.signIn();
    await loaded(el);
    expect(valueOf(el, 'Số điện thoại')).to.equal('*******123 (đã ẩn)');
  });

  it('refresh() loads the profile again', async () => {
    let phone = '0912345123';
    serve((call) => api(undefined, { ...PROFILE, phone })(call, undefined));
    const el = await mount(signedIn());
    await loaded(el);
    phone = '0987654321';
    await el.refresh();
    await el.updateComplete;
    expect(calls.filter((c) => c.method === 'GET')).to.have.length(2);
    expect(valueOf(el, 'Số điện thoại')).to.equal('*******321 (đã ẩn)');
  });

  it('focus() puts focus on the panel heading, as the page does for "Thông tin cá nhân"', async () => {
    serve(api());
    const el = await mount(new FakeSession());
    el.focus();
    expect(shadow(el).activeElement?.localName).to.equal('h2');
    expect(document.activeElement).to.equal(el);
  });

  it('profile is read-only', async () => {
    serve(api());
    const el = await mount(signedIn());
    await loaded(el);
    expect(() => {
      (el as unknown as { profile: unknown }).profile = {};
    }).to.throw(TypeError);
    expect(el.profile?.fullName).to.equal(PROFILE.fullName);
  });

  it('without an api: the configuration message and dvc-error "config"', async () => {
    const errors = collectErrors();
    try {
      const el = await sessionFixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`, signedIn());
      expect(textOf(shadow(el))).to.include('Tiện ích chưa được cấu hình đúng.');
      expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['config']);
      expect(calls).to.deep.equal([]);
      await expect(el).to.be.accessible();
    } finally {
      errors.stop();
    }
  });

  it('English: labels, accessible names, marks and announcements', async () => {
    serve(api(() => json({ ...PROFILE, phone: '0987654321', birthPlace: 'Đông Hà, Quảng Trị', changed: ['phone', 'birthPlace'] })));
    const el = await mount(signedIn(), { lang: 'en' });
    await loaded(el);
    expect(textOf(shadow(el).querySelector('h2'))).to.equal('Identity information');
    expect([...shadow(el).querySelectorAll('dl.fields dt')].map(textOf)).to.deep.equal([
      'Full name',
      'ID card number (9 digits)',
      'ID/citizen ID number (12 digits)',
      'Date of birth',
      'Phone number',
      'Sex',
      'Place of birth',
    ]);
    expect(shadow(el).querySelector('[aria-label="Show Phone number"]')).to.exist;
    expect(textOf(field(el, 'Full name').querySelector('[part~="verified"]'))).to.equal('✓ Verified');
    shadow(el).querySelector<HTMLButtonElement>('[aria-label="Show Sex"]')!.click();
    await el.updateComplete;
    expect(valueOf(el, 'Sex')).to.equal('Male');
    expect(textOf(shadow(el))).to.include('Completed dossiers: 0');
    expect(textOf(shadow(el))).to.include('Last synced: 11/04/2023 17:13:44');
    const synced = oneEvent(el, 'dvc-profile-synced');
    syncButton(el).click();
    await synced;
    await el.updateComplete;
    expect(textOf(status(el))).to.equal('Updated 2 fields: Phone number, Place of birth');
    expect(textOf(field(el, 'Phone number'))).to.include('Updated');
    await expect(el).to.be.accessible();
  });
});

describe('dvc-profile-sync while its signed-in half downloads (profile-view.js)', () => {
  useStubbedApi([]);
  type Loader = { loadView: () => Promise<unknown> };
  const Panel = () => customElements.get('dvc-profile-sync') as unknown as Loader;
  let original: Loader['loadView'];
  let host: HTMLElement;
  beforeEach(() => {
    calls = [];
    original = Panel().loadView;
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => {
    Panel().loadView = original;
    host.remove();
  });

  /** A signed-in panel, not waited for (its updateComplete waits for the download). */
  function place(): DvcProfileSync {
    provideSession(host, signedIn(), { config: { ...fakeConfig(), api: API } });
    const el = document.createElement('dvc-profile-sync');
    host.append(el);
    return el;
  }

  it('"Đang tải thông tin định danh…", busy, and no request until it arrives; then the profile', async () => {
    serve(api());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    Panel().loadView = () => gate.then(original);
    const el = place();
    await waitUntil(() => textOf(el.shadowRoot).includes('Đang tải thông tin định danh…'), 'loading while the panel downloads');
    expect(base(el).getAttribute('aria-busy')).to.equal('true');
    expect(calls).to.deep.equal([]);
    await expect(el).to.be.accessible();
    release();
    await loaded(el);
    expect(field(el, 'Họ tên')).to.exist;
    expect(calls.map((c) => c.path)).to.deep.equal(['/me/profile']);
  });

  it('a panel that cannot be downloaded: the network message, "Thử lại" and dvc-error network; "Thử lại" loads it', async () => {
    serve(api());
    let attempts = 0;
    Panel().loadView = () => (++attempts === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : original());
    const reported = oneEvent(host, 'dvc-error') as Promise<DvcErrorEvent>;
    const el = place();
    expect((await reported).detail.code).to.equal('network');
    await el.updateComplete;
    expect(textOf(el.shadowRoot)).to.include('Không kết nối được máy chủ');
    await expect(el).to.be.accessible();
    buttonByText(el, 'Thử lại')!.click();
    await loaded(el);
    expect(attempts).to.equal(2);
    expect(textOf(el.shadowRoot)).not.to.include('Không kết nối được máy chủ');
  });
});

describe('dvc-profile-sync signed out without a portal', () => {
  it('is never an empty box', async () => {
    const el = await fixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`);
    expect(textOf(el.shadowRoot)).not.to.equal('');
    await expect(el).to.be.accessible();
  });
});
