// Helpers for end-to-end tests that sign demo citizens in and read what the widgets show.
// Selectors use puppeteer's deep combinator `>>>`, which crosses every shadow root on the way.

export const KIET = { idNumber: '045090001234', password: 'Demo@2023', name: 'Nguyễn Đức Tuấn Kiệt' };
export const HUONG = { idNumber: '045185006789', password: 'Demo@2023', name: 'Trần Thị Mai Hương' };

/**
 * Waits for a selector that may sit inside shadow roots. page.waitForSelector watches the document
 * with a MutationObserver, which does not see changes inside shadow roots, so this polls.
 */
export async function waitDeep(page, selector, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const handle = await page.$(selector).catch(() => null);
    if (handle) return handle;
    if (Date.now() > end) throw new Error(`timed out waiting for ${selector}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const LOGIN_BUTTON = 'dvc-login-button >>> button[part="button"]';

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

/** On the provider's sign-in page: account type, ID number and password; resolves on the code step with the time the code was asked for. */
export async function reachCodeStep(page, citizen) {
  await page.waitForSelector('dvc-signin >>> button[value="vneid"]', { timeout: 15000 });
  await page.click('dvc-signin >>> button[value="vneid"]');
  await page.waitForSelector('dvc-signin >>> input[name="idNumber"]');
  await page.type('dvc-signin >>> input[name="idNumber"]', citizen.idNumber);
  await page.type('dvc-signin >>> input[name="password"]', citizen.password);
  const since = Date.now() - 1000;
  await page.click('dvc-signin >>> button[part="submit"]');
  // waitForSelector with `>>>` does not see changes two shadow roots deep: poll for the code box instead.
  await page.waitForFunction(
    () => document.querySelector('dvc-signin')?.shadowRoot?.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('input'),
    { timeout: 15000, polling: 100 },
  );
  return since;
}

/** Types `code` into the code box (replacing what is there) and presses "Nhập". */
export async function submitCode(page, code) {
  const input = await page.$('dvc-signin >>> dvc-otp-input >>> input');
  await input.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await input.type(code);
  await page.click('dvc-signin >>> button[part="submit"]');
}

/** On the provider's sign-in page: account type, ID number and password, then the SMS code; resolves back on the agency page. */
export async function signInAtProvider(page, baseUrl, citizen) {
  const since = await reachCodeStep(page, citizen);
  const code = await latestCode(baseUrl, since);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), submitCode(page, code)]);
}

/** Clicks the sign-in button and, unless the provider still has a session (SSO), signs `citizen` in there. */
export async function signIn(page, baseUrl, citizen) {
  // A background tab's timers and frames are throttled; the citizen acts in the tab in front.
  await page.bringToFront();
  await waitDeep(page, LOGIN_BUTTON);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), page.click(LOGIN_BUTTON)]);
  if (new URL(page.url()).pathname.startsWith('/interaction/')) await signInAtProvider(page, baseUrl, citizen);
  await waitForName(page, citizen.name);
}

/** Text shown by the first element matching `tag` (its shadow root), whitespace collapsed. */
export function shownText(page, tag, index = 0) {
  return page.evaluate(
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
  await page.waitForFunction(
    (n) => document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.includes(n),
    { timeout },
    name,
  );
}

/** Waits until the login button offers the sign-in again. */
export async function waitForSignedOut(page, timeout = 15000) {
  await page.waitForFunction(
    () => /Đăng nhập bằng Cổng DVC Quốc gia/.test(
      document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button[part="button"]')?.textContent ?? ''),
    { timeout },
  );
}

/** Chooses an item of the signed-in menu by (part of) its label. */
export async function chooseMenuItem(page, label) {
  await page.bringToFront();
  await page.click('dvc-login-button >>> [part="name"]');
  await waitDeep(page, 'dvc-login-button >>> [role="menuitem"]');
  const items = await page.$$('dvc-login-button >>> [role="menuitem"]');
  for (const item of items) {
    if ((await item.evaluate((el) => el.textContent)).includes(label)) {
      await item.click();
      return;
    }
  }
  throw new Error(`no menu item "${label}"`);
}

export const NHAN = { idNumber: '045201003456', password: 'Demo@2023', name: 'Lê Văn Nhân' };
export const LAN_ANH = { idNumber: '045303007890', password: 'Demo@2023', name: 'Hoàng Thị Lan Anh' };
