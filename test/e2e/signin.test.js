// The whole sign-in, as a citizen does it, in Chromium against `npm start`'s server:
// agency page → reference auth endpoint's <dvc-signin> → SMS code from the development outbox →
// back on the agency page signed in; reload; switch account; sign out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, textOf, watchErrors } from './browser.js';

const KIET = { idNumber: '045090001234', password: 'Demo@2023', name: 'Nguyễn Đức Tuấn Kiệt' };
const HUONG = { idNumber: '045185006789', password: 'Demo@2023', name: 'Trần Thị Mai Hương' };

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const BUTTON = 'pierce/dvc-login-button button[part="button"]';
const NAME = 'pierce/dvc-login-button [part="name"]';

/** Reads the newest code sent to the outbox after `since`. */
async function latestCode(since) {
  for (let i = 0; i < 50; i++) {
    const list = await fetch(env.url('/dev/sms.json')).then((r) => r.json());
    const fresh = list.find((m) => Date.parse(m.sentAt) >= since);
    if (fresh) return fresh.code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no code in the outbox');
}

/** On the provider's page: account type, ID number and password, then the code. */
export async function signInOnProvider(page, citizen) {
  await page.waitForSelector('pierce/dvc-signin button[value="vneid"]');
  await page.click('pierce/dvc-signin button[value="vneid"]');
  await page.waitForSelector('pierce/dvc-signin input[name="idNumber"]');
  await page.type('pierce/dvc-signin input[name="idNumber"]', citizen.idNumber);
  await page.type('pierce/dvc-signin input[name="password"]', citizen.password);
  const since = Date.now() - 1000;
  await page.click('pierce/dvc-signin button[part="submit"]');
  await page.waitForSelector('pierce/dvc-otp-input input');
  const code = await latestCode(since);
  await page.type('pierce/dvc-otp-input input', code);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('pierce/dvc-signin button[part="submit"]')]);
}

async function waitForName(page, name) {
  await page.waitForFunction(
    (n) => document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.includes(n),
    { timeout: 15000 },
    name,
  );
}

describe('sign-in end to end', () => {
  it('signs in, survives a reload, switches account without clearing any cache, and signs out', async () => {
    const page = await env.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(env.url('/'));
    assert.match(await textOf(page, BUTTON), /Đăng nhập bằng Cổng DVC Quốc gia/);

    await Promise.all([page.waitForNavigation(), page.click(BUTTON)]);
    assert.match(page.url(), /\/interaction\//);
    await signInOnProvider(page, KIET);

    await waitForName(page, KIET.name);
    const url = new URL(page.url());
    assert.equal(url.search, '', 'code, state and iss are removed from the address bar');
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      cookie: document.cookie,
      href: location.href,
    }));
    assert.doesNotMatch(stored.local + stored.cookie + stored.href, /eyJ/, 'no token in localStorage, cookies or the URL');

    await page.reload();
    await waitForName(page, KIET.name);

    // Switch account: RP-initiated logout, then the provider asks for credentials again.
    await page.click(NAME);
    await page.waitForSelector('pierce/dvc-login-button [role="menuitem"]');
    const items = await page.$$('pierce/dvc-login-button [role="menuitem"]');
    const labels = await Promise.all(items.map((i) => i.evaluate((el) => el.textContent.trim())));
    const switchItem = items[labels.findIndex((t) => t.includes('tài khoản khác'))];
    await switchItem.click();
    await page.waitForFunction(() => location.pathname.startsWith('/interaction/'), { timeout: 15000 });
    await signInOnProvider(page, HUONG);
    await waitForName(page, HUONG.name);

    // Sign out.
    await page.click(NAME);
    const outItems = await page.$$('pierce/dvc-login-button [role="menuitem"]');
    const outLabels = await Promise.all(outItems.map((i) => i.evaluate((el) => el.textContent.trim())));
    await outItems[outLabels.findIndex((t) => t.includes('Đăng xuất'))].click();
    await page.waitForFunction(
      () => /Đăng nhập bằng Cổng DVC Quốc gia/.test(
        document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button[part="button"]')?.textContent ?? ''),
      { timeout: 15000 },
    );
    assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('with storage="memory" a reload signs the citizen out', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.url('/e2e.html'));
    await Promise.all([page.waitForNavigation(), page.click(BUTTON)]);
    await signInOnProvider(page, KIET);
    await waitForName(page, KIET.name);
    assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length), 0);
    await page.reload();
    await page.waitForFunction(
      () => /Đăng nhập/.test(document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button[part="button"]')?.textContent ?? ''),
    );
    await page.close();
  });
});
