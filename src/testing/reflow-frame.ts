/**
 * Loaded inside an iframe by the reflow tests (src/internal/reflow.test.ts): the frame is the page
 * (its width is the viewport), and this module defines every element in it and renders one scene
 * at a time, each an element in a state with long Vietnamese text, on a stubbed API. Test code only.
 */
import '../components/portal/portal.js';
import '../components/login-button/login-button.js';
import '../components/signin/signin.js';
import '../components/otp-input/otp-input.js';
import '../components/profile-sync/profile-sync.js';
import '../components/dossier-table/dossier-table.js';
import '../components/stats-donut/stats-donut.js';
import '../components/process-steps/process-steps.js';
import { FakeSession, fakeConfig, fakeUser, provideSession } from './fake-session.js';
import { json, stubFetch } from './fetch-stub.js';

const API = 'https://api.example.test';
/** A long name, as the national database writes some: it wraps between words, never inside one. */
export const LONG_NAME = 'Tôn Nữ Hoàng Thị Thanh Thủy Nguyễn Phước Huyền Trân';
const LONG_PROCEDURE = 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp';

const results = Array.from({ length: 10 }, (_, i) => ({
  code: `000.00.30.H50-230411-${String(i + 1).padStart(4, '0')}`,
  applicantName: i === 0 ? 'NGUYỄN V** N*** N** N***** D****' : `TÔN NỮ H***** T** T**** T*** ${i}`,
  resultAt: '2023-04-11T17:13:44+07:00',
}));
const mine = Array.from({ length: 10 }, (_, i) => ({
  code: `000.21.32.H50-230404-${String(i + 1).padStart(4, '0')}`,
  procedureName: i % 2 ? 'Đăng ký kết hôn' : LONG_PROCEDURE,
  submittedAt: '2023-04-04T10:10:58+07:00',
  dueAt: '2023-04-05T17:00:00+07:00',
  status: 6,
  statusName: 'Yêu cầu thực hiện nghĩa vụ tài chính',
}));
const profile = {
  fullName: LONG_NAME,
  legacyIdNumber: '197245678',
  idNumber: '045090001234',
  birthDate: '1990-04-11',
  phone: '0912345123',
  gender: 'female',
  birthPlace: 'Xã Triệu Phong, huyện Triệu Phong, tỉnh Quảng Trị',
  verified: { fullName: true, legacyIdNumber: true, idNumber: true, birthDate: true, phone: false, gender: true, birthPlace: false },
  syncedAt: '2023-04-11T17:13:44+07:00',
  counts: { completed: 16, processing: 8 },
};

stubFetch((request) => {
  const page = Number(request.url.searchParams.get('page') ?? 1);
  const pageSize = Number(request.url.searchParams.get('pageSize') ?? 10);
  switch (request.url.pathname) {
    case '/public/results':
      return json({ items: results, page, pageSize, total: 4248 });
    case '/me/dossiers':
      return json({ items: mine, page, pageSize, total: 100000 });
    case '/me/profile':
      return json(profile);
    default:
      return json({ error: 'not_found', message: 'not found' }, 404);
  }
});

const config = { ...fakeConfig(), api: API };

function signedIn(): FakeSession {
  const session = new FakeSession(undefined, config);
  session.signIn(fakeUser({ name: LONG_NAME }));
  return session;
}

/** Resolves once `ready()` holds, checked every frame (5 s at most). */
function until(ready: () => unknown, what: string): Promise<void> {
  const end = performance.now() + 5000;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (ready()) resolve();
      else if (performance.now() > end) reject(new Error(`reflow scene: no ${what}`));
      else requestAnimationFrame(check);
    };
    check();
  });
}

/** Puts `html` in the page, inside a context that provides `session` when there is one. */
function mount(markup: string, session?: FakeSession): HTMLElement {
  const host = document.createElement('div');
  if (session) provideSession(host, session, { config });
  host.innerHTML = markup;
  document.body.replaceChildren(host);
  return host.firstElementChild as HTMLElement;
}

const shadow = (el: Element, selector: string) => el.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

/** Every scene: an element in a state a citizen sees, with its data shown. */
export const scenes: Record<string, () => Promise<void>> = {
  'dvc-process-steps': async () => {
    const el = mount('<dvc-process-steps current="4"></dvc-process-steps>');
    await until(() => shadow(el, '[part="list"]'), 'steps');
  },
  'dvc-stats-donut': async () => {
    const el = mount('<dvc-stats-donut></dvc-stats-donut>') as HTMLElement & { data: unknown };
    el.data = { year: 2023, onTime: 3788, late: 32, updatedAt: '2023-04-11T17:15:00+07:00' };
    await until(() => /3\.788/.test(el.shadowRoot?.textContent ?? ''), 'figures');
  },
  'dvc-dossier-table (public-results)': async () => {
    const el = mount(`<dvc-dossier-table api="${API}" page-size="10"></dvc-dossier-table>`);
    await until(() => el.shadowRoot?.querySelectorAll('tbody tr[part="row"]').length === 10, 'rows');
  },
  'dvc-dossier-table (mine)': async () => {
    const el = mount('<dvc-dossier-table source="mine" page-size="10"></dvc-dossier-table>', signedIn());
    await until(() => el.shadowRoot?.querySelectorAll('tbody tr[part="row"]').length === 10, 'rows');
  },
  'dvc-profile-sync': async () => {
    const el = mount('<dvc-profile-sync></dvc-profile-sync>', signedIn());
    await until(() => el.shadowRoot?.textContent?.includes('Nơi sinh'), 'profile');
  },
  'dvc-login-button (signed in, menu open)': async () => {
    const el = mount('<dvc-login-button></dvc-login-button>', signedIn());
    await until(() => shadow(el, '[part="name"]'), 'name');
    shadow(el, '[part="name"]')!.click();
    await until(() => shadow(el, '[role="menuitem"]'), 'menu');
  },
  'dvc-login-button (signed out)': async () => {
    const el = mount('<dvc-login-button></dvc-login-button>', new FakeSession(undefined, config));
    await until(() => shadow(el, 'button[part="button"]'), 'button');
  },
  'dvc-signin (account type)': async () => {
    const el = mount('<dvc-signin action="/interaction/reflow"></dvc-signin>');
    await until(() => shadow(el, 'button[value="vneid"]'), 'account types');
  },
  'dvc-signin (ID number and password)': async () => {
    const el = mount('<dvc-signin action="/interaction/reflow"></dvc-signin>');
    await until(() => shadow(el, 'button[value="vneid"]'), 'account types');
    shadow(el, 'button[value="vneid"]')!.click();
    await until(() => shadow(el, 'input[name="idNumber"]'), 'ID number');
  },
  'dvc-otp-input': async () => {
    const el = mount('<dvc-otp-input masked-phone="0912345123" expires-in="300" attempts-left="3"></dvc-otp-input>');
    await until(() => shadow(el, 'input'), 'code box');
  },
  'dvc-portal': async () => {
    const el = mount(`<dvc-portal api="${API}"><dvc-process-steps current="1"></dvc-process-steps></dvc-portal>`);
    await until(() => (el.querySelector('dvc-process-steps') as Element | null)?.shadowRoot?.querySelector('[part="list"]'), 'content');
  },
};

/** What the frame's parent reads and calls. */
declare global {
  interface Window {
    dvcReflow?: { scenes: string[]; render(name: string): Promise<void> };
  }
}
window.dvcReflow = {
  scenes: Object.keys(scenes),
  render: (name) => scenes[name]!(),
};
