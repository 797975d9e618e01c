// Helpers for end-to-end tests that sign demo citizens in and read what the widgets show.
// They take an engine-neutral page (./driver.js) or a puppeteer page, so one test runs in every
// engine. Selectors use the deep combinator `>>>`, which crosses every shadow root on the way.
import { asPage } from './driver.js';

export const KIET = { idNumber: '045090001234', password: 'Demo@2023', name: 'Nguyễn Đức Tuấn Kiệt' };
export const HUONG = { idNumber: '045185006789', password: 'Demo@2023', name: 'Trần Thị Mai Hương' };

/**
 * Waits for a selector that may sit inside shadow roots. page.waitForSelector watches the document
 * with a MutationObserver, which does not see changes inside shadow roots, so this polls.
 */
export async function waitDeep(page, selector, timeout = 15000) {
  const p = asPage(page);
  const end = Date.now() + timeout;
  for (;;) {
    if (await p.exists(selector).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${selector}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const LOGIN_BUTTON = 'dvc-login-button >>> button[part="button"]';

/** The login button's text, once it is there. */
export async function loginButtonText(page) {
  const p = asPage(page);
  await waitDeep(p, LOGIN_BUTTON);
  return p.evaluate(() =>
    document.querySelector('dvc-login-button').shadowRoot.querySelector('button[part="button"]').textContent.replace(/\s+/g, ' ').trim(),
  );
}

/** The newest code the development SMS outbox holds that was sent after `since` (epoch ms). */
export async function latestCode(baseUrl, since) {
  for (let i = 0; i < 100; i++) {
    const list = await fetch(new URL('/dev/sms.json', baseUrl)).then((r) => r.json());
    const fresh = list.find((m) => Date.parse(m.sentAt) >= since);
    if (fresh) return fresh.code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no code in the outbox');
}

const onProvider = () => location.pathname.startsWith('/interaction/');

/** On the provider's sign-in page: account type, ID number and password; resolves on the code step with the time the code was asked for. */
export async function reachCodeStep(page, citizen) {
  const p = asPage(page);
  await p.waitForFunction(onProvider);
  await waitDeep(p, 'dvc-signin >>> button[value="vneid"]');
  await p.click('dvc-signin >>> button[value="vneid"]');
  await waitDeep(p, 'dvc-signin >>> input[name="idNumber"]');
  await p.type('dvc-signin >>> input[name="idNumber"]', citizen.idNumber);
  await p.type('dvc-signin >>> input[name="password"]', citizen.password);
  const since = Date.now() - 1000;
  await p.click('dvc-signin >>> button[part="submit"]');
  await p.waitForFunction(
    () => Boolean(document.querySelector('dvc-signin')?.shadowRoot?.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input')),
  );
  return since;
}

/** Types `code` into the code box (replacing what is there) and presses "Nhập". */
export async function submitCode(page, code) {
  const p = asPage(page);
  await p.replaceText('dvc-signin >>> dvc-otp-input >>> input', code);
  await p.click('dvc-signin >>> button[part="submit"]');
}

/** On the provider's sign-in page: account type, ID number and password, then the SMS code; resolves once the browser has left the provider. */
export async function signInAtProvider(page, baseUrl, citizen) {
  const p = asPage(page);
  const since = await reachCodeStep(p, citizen);
  const code = await latestCode(baseUrl, since);
  await submitCode(p, code);
  await p.waitForFunction(() => !location.pathname.startsWith('/interaction/') && !location.pathname.startsWith('/oidc/') && document.readyState === 'complete');
}

/** Shows `name` in the login button (a function for the page, with its argument). */
const showsName = (n) => document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.includes(n);

/** Clicks the sign-in button and, unless the provider still has a session (SSO), signs `citizen` in there. */
export async function signIn(page, baseUrl, citizen) {
  const p = asPage(page);
  // A background tab's timers and frames are throttled; the citizen acts in the tab in front.
  await p.bringToFront();
  await waitDeep(p, LOGIN_BUTTON);
  await p.click(LOGIN_BUTTON);
  // Either the provider asks for credentials, or its session signs the citizen in at once.
  await p.waitForFunction(
    (n) => location.pathname.startsWith('/interaction/') ||
      document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.includes(n),
    {},
    citizen.name,
  );
  if (new URL(await p.url()).pathname.startsWith('/interaction/')) await signInAtProvider(p, baseUrl, citizen);
  await waitForName(p, citizen.name);
}

/** Text shown by the first element matching `tag` (its shadow root), whitespace collapsed. */
export function shownText(page, tag, index = 0) {
  return asPage(page).evaluate(
    (t, i) => (document.querySelectorAll(t)[i]?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    tag,
    index,
  );
}

/** Waits until the shadow root of the first `tag` shows text matching `pattern` (whitespace collapsed). */
export function waitForShownText(page, tag, pattern, timeout = 15000) {
  return page.waitForFunction(
    (t, source, flags) => new RegExp(source, flags).test((document.querySelector(t)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ')),
    { timeout, polling: 50 },
    tag,
    pattern.source,
    pattern.flags,
  );
}

/** Waits until the login button shows `name`. */
export async function waitForName(page, name, timeout = 15000) {
  await asPage(page).waitForFunction(showsName, { timeout }, name);
}

/** Waits until the login button offers the sign-in again. */
export async function waitForSignedOut(page, timeout = 15000) {
  await asPage(page).waitForFunction(
    () => /Đăng nhập bằng Cổng DVC Quốc gia/.test(
      document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button[part="button"]')?.textContent ?? ''),
    { timeout },
  );
}

/** Chooses an item of the signed-in menu by (part of) its label. */
export async function chooseMenuItem(page, label) {
  const p = asPage(page);
  await p.bringToFront();
  await p.click('dvc-login-button >>> [part="name"]');
  await waitDeep(p, 'dvc-login-button >>> [role="menuitem"]');
  await p.clickText('dvc-login-button >>> [role="menuitem"]', label);
}

/**
 * "Đăng xuất" in the login menu, then waits for the page to come back from the provider's logout
 * (a new document at the same path): sign-out revokes the refresh token first and then leaves for
 * the provider, so acting on the page before its return races that navigation, and a page closed
 * before it leaves the provider's single sign-on session alive.
 */
export async function signOutAndReturn(page) {
  const p = asPage(page);
  const path = await p.evaluate(() => {
    window.dvcBeforeSignOut = true;
    return location.pathname;
  });
  await chooseMenuItem(p, 'Đăng xuất');
  await p.waitForFunction((at) => !window.dvcBeforeSignOut && location.pathname === at && document.readyState === 'complete', {}, path);
}

export const NHAN = { idNumber: '045201003456', password: 'Demo@2023', name: 'Lê Văn Nhân' };
export const LAN_ANH = { idNumber: '045303007890', password: 'Demo@2023', name: 'Hoàng Thị Lan Anh' };
