// The gallery's behaviour (docs/ is copied to dist/docs/ by scripts/docs.js): the state switcher,
// the live event log, the copy buttons, and the return to the element's page after a sign-in.
// No inline script, no HTML strings (the page runs under the strict CSP with Trusted Types).
import { apiAnswers, fault, resetFakes, samples, sessionFails, settle, signedIn, signedOut, signingIn } from './testing.js';

const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
const WORDS = {
  vi: { live: 'ví dụ trực tiếp', preview: 'xem trước', noDetail: 'không có detail' },
  en: { live: 'live example', preview: 'preview', noDetail: 'no detail' },
}[lang];
const RETURN_KEY = 'dvc-docs:return';

// ---- after a sign-in, back to the page it started from --------------------------------------
// The provider returns to /docs/ (the registered redirect URI); the element page is kept here.
for (const live of document.querySelectorAll('[data-live]')) {
  live.addEventListener('click', () => sessionStorage.setItem(RETURN_KEY, location.pathname), { capture: true });
}
document.addEventListener('dvc-login', (event) => {
  const back = sessionStorage.getItem(RETURN_KEY);
  const fromLive = event.composedPath().some((node) => node instanceof Element && node.hasAttribute('data-live'));
  if (!fromLive || event.detail?.restored || !back) return;
  sessionStorage.removeItem(RETURN_KEY);
  if (/^\/docs\/(en\/)?[a-z-]+\.html$/.test(back) && back !== location.pathname) location.replace(back);
});

// ---- event log -------------------------------------------------------------------------------
const log = document.querySelector('[data-log]');

function describe(detail) {
  if (detail === undefined || detail === null) return WORDS.noDetail;
  try {
    const text = JSON.stringify(detail);
    return text.length > 240 ? `${text.slice(0, 239)}…` : text;
  } catch {
    return String(detail);
  }
}

function record(source, event) {
  if (!log) return;
  const item = document.createElement('p');
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toTimeString().slice(0, 8);
  const name = document.createElement('code');
  name.textContent = event.type;
  const from = document.createElement('span');
  from.className = 'source';
  from.textContent = ` (${source}) `;
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = describe(event.detail);
  item.append(time, ' ', name, from, detail);
  log.prepend(item);
  while (log.children.length > 50) log.lastElementChild.remove();
}

for (const container of document.querySelectorAll('[data-live], [data-preview]')) {
  const source = container.hasAttribute('data-live') ? WORDS.live : WORDS.preview;
  for (const name of (container.dataset.events ?? '').split(' ').filter(Boolean)) {
    container.addEventListener(name, (event) => record(source, event));
  }
}
document.querySelector('[data-clear-log]')?.addEventListener('click', () => log?.replaceChildren());

// ---- copy buttons ----------------------------------------------------------------------------
for (const button of document.querySelectorAll('button.copy')) {
  const label = button.textContent;
  button.addEventListener('click', async () => {
    const code = button.parentElement.querySelector('code').textContent;
    try {
      await navigator.clipboard.writeText(code);
      button.textContent = button.dataset.copied;
    } catch {
      // No clipboard (an http page other than localhost, or a refusal): select the text instead.
      const range = document.createRange();
      range.selectNodeContents(button.parentElement.querySelector('code'));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    setTimeout(() => (button.textContent = label), 2000);
  });
}

// ---- state switcher --------------------------------------------------------------------------
const preview = document.querySelector('[data-preview]');
const live = document.querySelector('[data-live]');
const switcher = document.querySelector('[data-switcher]');

const ORIGIN = location.origin;
const emptyStats = { year: 2023, onTime: 0, late: 0, updatedAt: '2023-12-31T23:59:59+07:00' };

/** The API path each element reads, and what "empty" and "with data" answer. */
const API = {
  'dvc-dossier-table': { path: '/me/dossiers', empty: () => samples.emptyPage(5), data: () => samples.myDossiers(3, 5) },
  'dvc-profile-sync': { path: '/me/profile', data: () => samples.profile() },
  'dvc-stats-donut': { path: '/stats/processing', empty: () => emptyStats, data: () => samples.stats() },
};

function create(tag, attrs) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/** Puts `el` into `state` with the testing kit before it joins the page, so it never reaches the network. */
async function reachApiState(el, tag, state) {
  const api = API[tag];
  const signed = tag !== 'dvc-stats-donut';
  if (state === 'signed-out') return signedOut(el);
  if (state === 'empty' && api.empty) await apiAnswers(el, api.path, api.empty());
  if (state === 'error') await apiAnswers(el, api.path, fault({ status: 503 }));
  if (state === 'signed-in' || state === 'data') await apiAnswers(el, api.path, api.data());
  // 'loading': no answer is given, so the request stays open.
  return signed ? signedIn(el) : signedOut(el);
}

/** The sign-in form: choose VNeID, type a valid ID number and a password, send. */
async function submitCredentials(el) {
  await customElements.whenDefined(el.localName);
  await el.updateComplete;
  el.shadowRoot.querySelector('[part~="account-button"][value="vneid"]').click();
  await el.updateComplete;
  const inputs = el.shadowRoot.querySelectorAll('input[part~="input"]');
  const values = ['045090001234', 'Matkhau@2023'];
  inputs.forEach((input, i) => {
    input.value = values[i] ?? '';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  });
  await el.updateComplete;
  el.shadowRoot.querySelector('form').requestSubmit();
  await settle(el);
}

/** The latest choice: a slower earlier one gives way to it. */
let showing = 0;

async function show(state) {
  const mine = ++showing;
  const put = (node) => {
    if (mine === showing) preview.append(node);
  };
  const tag = preview.dataset.tag;
  const attrs = JSON.parse(preview.dataset.attrs || '{}');
  resetFakes();
  preview.replaceChildren();
  preview.dataset.state = '';
  live.hidden = state !== 'live';
  preview.hidden = state === 'live';
  if (state === 'live') {
    preview.dataset.state = state;
    return;
  }
  preview.setAttribute('aria-busy', 'true');
  let el;
  switch (tag) {
    case 'dvc-portal':
      if (state === 'error') {
        // A portal with an issuer but no client id shows what is wrong instead of a broken button.
        el = create('dvc-portal', { issuer: 'https://sso.example.gov.vn' });
        el.append(create('dvc-login-button', {}));
        put(el);
        break;
      }
      el = create('dvc-login-button', {});
      await (state === 'signed-in' ? signedIn(el) : signedOut(el));
      put(el);
      break;
    case 'dvc-login-button':
      el = create(tag, attrs);
      await { 'signed-out': signedOut, loading: signingIn, 'signed-in': signedIn }[state]?.(el);
      if (state === 'error') await sessionFails(el, 'authorization_denied');
      put(el);
      break;
    case 'dvc-signin': {
      const action = `${ORIGIN}/docs-preview/interaction`;
      el = create(tag, { ...attrs, action });
      if (state === 'error') await apiAnswers(el, '/credentials', fault({ status: 503 }));
      if (state === 'locked') await apiAnswers(el, '/credentials', fault({ status: 423, body: { error: 'otp_locked', message: 'locked' } }));
      await signedOut(el);
      put(el);
      if (state !== 'signed-out' && mine === showing) await submitCredentials(el);
      break;
    }
    case 'dvc-otp-input':
      el = create(tag, { ...attrs, ...(state === 'error' ? { invalid: '', 'attempts-left': '2' } : {}), ...(state === 'locked' ? { locked: '' } : {}) });
      put(el);
      break;
    case 'dvc-process-steps':
      el = create(tag, state === 'data' ? attrs : {});
      put(el);
      break;
    default:
      el = create(tag, attrs);
      await reachApiState(el, tag, state);
      put(el);
      await settle(el);
  }
  // The script tag's loader brings an element's code when the page first shows its tag.
  await customElements.whenDefined(el.localName);
  await el.updateComplete;
  if (mine !== showing) return;
  preview.setAttribute('aria-busy', 'false');
  preview.dataset.state = state;
}

if (preview && switcher) {
  switcher.addEventListener('change', (event) => {
    if (event.target.name === 'state') void show(event.target.value);
  });
  switcher.addEventListener('submit', (event) => event.preventDefault());
  const first = switcher.querySelector('input[name="state"]:checked')?.value;
  if (first && first !== 'live') void show(first);
  else preview.dataset.state = 'live';
}
