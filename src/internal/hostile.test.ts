/// <reference types="mocha" />
// Hostile data: every string an endpoint returns carries a classic XSS payload
// (test/fixtures/xss.json), and every element renders it. None may execute (window.__xss stays
// undefined, no dialog opens), no markup may come alive (no script, iframe, img, event-handler
// attribute or javascript: URL appears in any shadow root), each payload shows as text (as it
// is, or masked where the element masks), and no element is left blank.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { retryPolicy } from '../api/client.js';
import { setup as setupProvider, teardown as teardownProvider } from '../auth/testing/harness.js';
import '../components/dossier-table/dossier-table.js';
import type { DvcDossierTable } from '../components/dossier-table/dossier-table.js';
import '../components/login-button/login-button.js';
import type { DvcLoginButton } from '../components/login-button/login-button.js';
import '../components/otp-input/otp-input.js';
import '../components/portal/portal.js';
import type { DvcPortal } from '../components/portal/portal.js';
import '../components/process-steps/process-steps.js';
import '../components/profile-sync/profile-sync.js';
import type { DvcProfileSync } from '../components/profile-sync/profile-sync.js';
import '../components/signin/signin.js';
import type { DvcSignin } from '../components/signin/signin.js';
import '../components/stats-donut/stats-donut.js';
import { FakeSession, fakeConfig, fakeUser, sessionFixture } from '../testing/fake-session.js';
import { json, stubFetch, withoutWebOtp, type FetchStub, type StubRequest } from '../testing/fetch-stub.js';
import { maskName, maskPhone } from '../validation/mask.js';

interface Payload {
  name: string;
  value: string;
}

declare global {
  interface Window {
    __xss?: number;
  }
}

const API = 'https://api.example.test';
let payloads: Payload[] = [];

/** How a widget writes text: NFC, whitespace runs as one space, trimmed. */
const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** All text of an element, through nested shadow roots. */
function deepText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
  };
  walk(node);
  return out;
}

/** Every element under `root`, through nested shadow roots. */
function deepElements(root: Node): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    if (n instanceof Element) {
      out.push(n);
      if (n.shadowRoot) walk(n.shadowRoot);
    }
    n.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}

const LIVE_TAGS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'img', 'meta', 'base', 'link', 'math', 'details', 'a', 'foreignobject']);

/** Nothing a payload could have brought to life: no executable element, handler attribute or script URL. */
function expectInert(el: Element, what: string): void {
  for (const node of deepElements(el.shadowRoot ?? el)) {
    const tag = node.localName;
    expect(LIVE_TAGS.has(tag), `${what}: a <${tag}> in the rendering`).to.equal(false);
    for (const attr of node.getAttributeNames()) {
      expect(attr.startsWith('on'), `${what}: attribute ${attr} on <${tag}>`).to.equal(false);
      const value = node.getAttribute(attr) ?? '';
      if (['href', 'src', 'srcdoc', 'data', 'action', 'formaction', 'xlink:href'].includes(attr)) {
        expect(/^\s*(javascript|data):/i.test(value), `${what}: ${attr}="${value.slice(0, 40)}"`).to.equal(false);
      }
    }
  }
  expect(window.__xss, `${what}: a payload ran`).to.equal(undefined);
}

/** Not blank: the element drew visible text. */
function expectNotBlank(el: Element, what: string): void {
  expect(norm(deepText(el.shadowRoot ?? el)).length, `${what}: blank`).to.be.greaterThan(0);
}

/** Lets handlers that load or fail asynchronously (img onerror, iframe load) run before checking. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('hostile data in every element', () => {
  let stub: FetchStub | undefined;
  const delays = retryPolicy.delays;
  const dialogs = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);

  withoutWebOtp();
  before(async () => {
    payloads = ((await (await fetch('/test/fixtures/xss.json')).json()) as { payloads: Payload[] }).payloads;
  });

  beforeEach(() => {
    delete window.__xss;
    rejections.length = 0;
    retryPolicy.delays = [];
    const record = () => {
      window.__xss = 1;
      return null;
    };
    window.alert = record as typeof window.alert;
    window.confirm = (() => (record(), false)) as typeof window.confirm;
    window.prompt = record as typeof window.prompt;
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(() => {
    stub?.restore();
    stub = undefined;
    retryPolicy.delays = delays;
    Object.assign(window, dialogs);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(rejections, 'no unhandled rejection').to.deep.equal([]);
    expect(window.__xss, 'no payload ran').to.equal(undefined);
  });

  it('has a corpus of at least 20 payloads', () => {
    expect(payloads.length).to.be.at.least(20);
    expect(payloads.filter((p) => p.value.includes('__xss')).length).to.be.at.least(20);
  });

  it('dvc-dossier-table public-results: every applicant name as text', async () => {
    const items = payloads.map((p) => ({ code: p.value, applicantName: p.value, procedureName: p.value, resultAt: p.value }));
    stub = stubFetch(() => json({ items, page: 1, pageSize: 100, total: items.length }));
    const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API} page-size="100"></dvc-dossier-table>`);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('tr[part="row"]').length === items.length, 'rows');
    await settle();
    const rows = [...el.shadowRoot!.querySelectorAll('tr[part="row"]')].map((tr) => norm(tr.textContent!));
    payloads.forEach((p, i) => expect(rows[i], p.name).to.contain(norm(p.value)));
    expectInert(el, 'public results');
  });

  it('dvc-dossier-table mine: codes, procedure and status names as text, malformed dates as "Không có dữ liệu"', async () => {
    const items = payloads.map((p) => ({ code: p.value, procedureName: p.value, statusName: p.value, status: p.value, submittedAt: p.value, dueAt: p.value }));
    stub = stubFetch(() => json({ items, page: 1, pageSize: 100, total: items.length }));
    const session = new FakeSession();
    session.signIn();
    const el = await sessionFixture<DvcDossierTable>(html`<dvc-dossier-table source="mine" page-size="100"></dvc-dossier-table>`, session, {
      config: { ...fakeConfig(), api: API },
    });
    await waitUntil(() => el.shadowRoot!.querySelectorAll('tr[part="row"]').length === items.length, 'rows');
    await settle();
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tr[part="row"]')];
    payloads.forEach((p, i) => {
      const cells = [...rows[i]!.cells].map((c) => norm(c.textContent!));
      expect(cells[0], `${p.name}: code`).to.contain(norm(p.value));
      expect(cells[1], `${p.name}: procedure`).to.equal(norm(p.value));
      expect(cells[2], `${p.name}: submitted`).to.equal('Không có dữ liệu');
      expect(cells[4], `${p.name}: status`).to.equal(norm(p.value));
    });
    expectInert(el, 'my dossiers');
  });

  it('dvc-dossier-table look-up: the dossier found and the code typed, both as text', async function () {
    this.timeout(30000);
    let next: Payload | undefined;
    stub = stubFetch((r: StubRequest) => {
      if (!r.url.pathname.startsWith('/dossiers/')) return json({ items: [], page: 1, pageSize: 10, total: 0 });
      if (!next) return json({ error: '<img src=x onerror=window.__xss=1>', message: '<svg onload=window.__xss=1>' }, 404);
      return json({ code: next.value, procedureName: next.value, statusName: next.value, submittedAt: next.value });
    });
    const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
    const form = () => el.shadowRoot!.querySelector<HTMLFormElement>('form[part="lookup"]')!;
    const result = () => norm(el.shadowRoot!.querySelector('[part="lookup-result"]')?.textContent ?? '');
    await waitUntil(() => form(), 'form');
    for (const p of payloads) {
      for (const found of [true, false]) {
        next = found ? p : undefined;
        const input = form().querySelector<HTMLInputElement>('input[name="code"]')!;
        // The citizen typed the payload (trimmed by the table, as typing would be).
        input.value = found ? 'x' : p.value;
        const before = result();
        form().requestSubmit();
        await waitUntil(() => result() !== before && !/Đang tra cứu/.test(result()), `${p.name}: look-up answered`);
        if (found) expect(result(), `${p.name}: found`).to.contain(norm(p.value));
        else if (p.value.trim()) expect(result(), `${p.name}: not found`).to.contain('Không tìm thấy hồ sơ có mã').and.contain(norm(p.value));
      }
    }
    await settle();
    expectInert(el, 'look-up');
  });

  it('dvc-profile-sync: every field, loaded and after a sync, as text (masked, then revealed)', async function () {
    this.timeout(30000);
    let current: Payload = payloads[0]!;
    const profile = (p: Payload) => ({
      fullName: p.value,
      legacyIdNumber: p.value,
      idNumber: p.value,
      birthDate: p.value,
      phone: p.value,
      gender: p.value,
      birthPlace: p.value,
      verified: { fullName: true },
      syncedAt: p.value,
      counts: { completed: p.value, processing: 1 },
    });
    stub = stubFetch((r) => {
      if (r.method === 'POST') return json({ ...profile(current), changed: ['fullName', current.value] });
      return json(profile(current));
    });
    for (const p of payloads) {
      current = p;
      const session = new FakeSession();
      session.signIn(fakeUser({ sub: `hostile-${p.name}` }));
      const el = await sessionFixture<DvcProfileSync>(html`<dvc-profile-sync></dvc-profile-sync>`, session, { config: { ...fakeConfig(), api: API } });
      await waitUntil(() => el.profile !== undefined, `${p.name}: loaded`);
      await el.updateComplete;
      const shown = norm(p.value);
      if (shown) expect(norm(deepText(el.shadowRoot!)), `${p.name}: masked name`).to.contain(norm(maskName(shown)));
      else expect(norm(deepText(el.shadowRoot!))).to.contain('Không có dữ liệu');
      await el.sync();
      await el.updateComplete;
      for (const toggle of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="reveal"]')) toggle.click();
      await el.updateComplete;
      const fullName = norm(el.shadowRoot!.querySelector('[data-field="fullName"] [part~="value"]')?.textContent ?? '');
      const place = norm(el.shadowRoot!.querySelector('[data-field="birthPlace"] [part~="value"]')?.textContent ?? '');
      expect(fullName, `${p.name}: full name`).to.equal(shown || 'Không có dữ liệu');
      expect(place, `${p.name}: birth place`).to.equal(shown || 'Không có dữ liệu');
      const text = norm(deepText(el.shadowRoot!));
      expect(text, p.name).not.to.match(/undefined|NaN|\[object Object\]/.test(p.value) ? /(?!)/ : /undefined|NaN|\[object Object\]/);
      await settle();
      expectInert(el, `profile ${p.name}`);
      expectNotBlank(el, p.name);
    }
  });

  it('dvc-stats-donut: a hostile update time and extra fields show as "Không có dữ liệu", the figures stay', async function () {
    this.timeout(30000);
    for (const p of payloads) {
      stub?.restore();
      stub = stubFetch(() => json({ year: 2023, onTime: 3788, late: 32, updatedAt: p.value, note: p.value, title: p.value }));
      const el = await fixture(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="legend"]'), `${p.name}: drawn`);
      const text = norm(deepText(el.shadowRoot!));
      expect(text).to.contain('3.788').and.contain('99,2%').and.contain('Không có dữ liệu');
      expectInert(el, `donut ${p.name}`);
    }
  });

  it('dvc-login-button: a hostile name from the session shows as text', async function () {
    this.timeout(30000);
    for (const p of payloads) {
      const session = new FakeSession();
      session.signIn(fakeUser({ name: p.value, sub: `hostile-${p.name}` }));
      const el = await sessionFixture<DvcLoginButton>(html`<dvc-login-button></dvc-login-button>`, session);
      const name = norm(el.shadowRoot!.querySelector('[part="name"]')!.textContent!);
      expect(name, p.name).to.equal(norm(p.value.trim()) || 'Không có dữ liệu');
      await settle();
      expectInert(el, `login button ${p.name}`);
    }
  });

  it('dvc-otp-input and dvc-process-steps: hostile attribute values stay text', async function () {
    this.timeout(30000);
    for (const p of payloads) {
      const otp = await fixture(html`<dvc-otp-input masked-phone=${p.value}></dvc-otp-input>`);
      const hint = norm(otp.shadowRoot!.querySelector('[part="hint"]')?.textContent ?? '');
      const phone = p.value.includes('*') ? p.value : maskPhone(p.value);
      expect(hint, p.name).to.contain(norm(phone));
      expectInert(otp, `otp ${p.name}`);
      const steps = await fixture(html`<dvc-process-steps current=${p.value}></dvc-process-steps>`);
      expect(norm(deepText(steps.shadowRoot!))).to.contain('Đăng nhập');
      expectInert(steps, `steps ${p.name}`);
    }
  });

  it("dvc-signin: the provider's refusal, in its own words, and the masked phone it names, as text", async function () {
    this.timeout(60000);
    for (const p of payloads.filter((x) => x.value.trim())) {
      let refuse = true;
      stub?.restore();
      stub = stubFetch(() =>
        refuse
          ? json({ error: p.value, message: p.value }, 400)
          : json({ otp: { maskedPhone: p.value, expiresIn: 300, resendAfter: 60, attemptsLeft: 5 } }),
      );
      const el = await fixture<DvcSignin>(html`<dvc-signin action="/interaction/hostile"></dvc-signin>`);
      el.shadowRoot!.querySelector<HTMLButtonElement>('button[value="vneid"]')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('input[name="idNumber"]'), 'step 2');
      const id = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="idNumber"]')!;
      const password = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="password"]')!;
      id.value = '045090001234';
      id.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      password.value = 'Demo@2023';
      password.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      const submit = () => el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="submit"]')!.click();
      submit();
      await waitUntil(() => norm(deepText(el.shadowRoot!)).includes(norm(p.value)), `${p.name}: refusal shown`);
      await settle();
      expectInert(el, `signin refusal ${p.name}`);
      refuse = false;
      submit();
      await waitUntil(() => el.shadowRoot!.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('[part="hint"]'), `${p.name}: step 3`);
      const otp = el.shadowRoot!.querySelector('dvc-otp-input')!;
      await (otp as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const phone = p.value.includes('*') ? p.value : maskPhone(p.value);
      expect(norm(otp.shadowRoot!.querySelector('[part="hint"]')!.textContent!), p.name).to.contain(norm(phone));
      await settle();
      expectInert(el, `signin otp ${p.name}`);
    }
  });
});

describe('hostile ID token and userinfo claims', () => {
  afterEach(() => {
    teardownProvider();
    expect(window.__xss, 'no payload ran').to.equal(undefined);
  });

  it('the login button shows a hostile HoVaTen (ID token) and name (userinfo) as text', async function () {
    this.timeout(60000);
    for (const p of payloads.filter((x) => x.value.trim())) {
      delete window.__xss;
      const h = await setupProvider();
      h.provider.claims = { ...h.provider.claims, HoVaTen: p.value, SoDinhDanh: p.value, NgayThangNamSinh: p.value, GioiTinh: p.value };
      h.provider.userinfo = { name: p.value, SoDienThoai: p.value, HoVaTen: p.value, gender: p.value };
      const previousPage = h.session();
      await h.signIn(previousPage);
      expect(previousPage.state.status, p.name).to.equal('signed-in');
      const portal = await fixture<DvcPortal>(html`<dvc-portal issuer=${h.provider.issuer} client-id=${h.provider.clientId}>
        <dvc-login-button></dvc-login-button>
      </dvc-portal>`);
      const button = portal.querySelector('dvc-login-button')!;
      await waitUntil(() => button.shadowRoot!.querySelector('[part="name"]'), `${p.name}: signed in`);
      expect(norm(button.shadowRoot!.querySelector('[part="name"]')!.textContent!), p.name).to.equal(norm(p.value.trim()));
      await settle();
      expectInert(button, `claims ${p.name}`);
      teardownProvider();
      portal.remove();
    }
  });
});
