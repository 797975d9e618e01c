// The one-time code step of the reference sign-in pages, in Chromium: five wrong codes lock the
// challenge, an expired code (server clock moved forward) is refused and a resend brings a new one,
// and the resend waits out its cooldown.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './browser.js';
import { LAN_ANH, LOGIN_BUTTON, NHAN, latestCode, reachCodeStep, shownText, submitCode, waitDeep, waitForName } from './citizens.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});
afterEach(async () => {
  await fetch(env.url('/dev/clock'), { method: 'DELETE' });
});

const signinText = (page) =>
  page.evaluate(() => {
    const signin = document.querySelector('dvc-signin')?.shadowRoot;
    const otp = signin?.querySelector('dvc-otp-input')?.shadowRoot;
    return `${signin?.textContent ?? ''} ${otp?.textContent ?? ''}`.replace(/\s+/g, ' ');
  });
const waitForText = (page, pattern) =>
  page.waitForFunction(
    (source) => {
      const signin = document.querySelector('dvc-signin')?.shadowRoot;
      const otp = signin?.querySelector('dvc-otp-input')?.shadowRoot;
      return new RegExp(source).test(`${signin?.textContent ?? ''} ${otp?.textContent ?? ''}`.replace(/\s+/g, ' '));
    },
    { timeout: 15000, polling: 100 },
    pattern.source,
  );
const outboxSize = () => fetch(env.url('/dev/sms.json')).then((r) => r.json()).then((list) => list.length);

async function codeStep(citizen) {
  const page = await env.browser.newPage();
  await page.goto(env.url('/'));
  // The script tag loads the button's code after the page's load event: wait for it to be drawn.
  await waitDeep(page, LOGIN_BUTTON);
  await Promise.all([page.waitForNavigation(), page.click(LOGIN_BUTTON)]);
  const since = await reachCodeStep(page, citizen);
  return { page, code: await latestCode(env.server.url, since) };
}

describe('one-time code step', () => {
  it('shows the masked phone number and counts down the resend; five wrong codes lock the challenge', async () => {
    const { page, code } = await codeStep(LAN_ANH);
    assert.match(await signinText(page), /\*+432/, 'the masked phone number the code went to');
    const resend = await page.$('dvc-signin >>> dvc-otp-input >>> [part="resend"]');
    assert.equal(await resend.evaluate((b) => b.disabled || b.getAttribute('aria-disabled') === 'true'), true, 'no resend during the cooldown');
    const sent = await outboxSize();
    await resend.click();
    assert.equal(await outboxSize(), sent, 'a click during the cooldown sends nothing');

    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      await submitCode(page, wrong);
      await waitForText(page, new RegExp(`Còn ${5 - i} lần thử`));
    }
    await submitCode(page, wrong);
    await waitForText(page, /khóa/);
    const input = await page.$('dvc-signin >>> dvc-otp-input >>> input');
    assert.equal(await input.evaluate((el) => el.disabled), true, 'the code box is locked');
    // Even the right code is refused now, on the server as well.
    assert.doesNotMatch(new URL(page.url()).pathname, /^\/$/);
    await page.close();
  });

  it('refuses an expired code, then signs in with the new code a resend brings', async () => {
    const { page, code } = await codeStep(NHAN);
    await fetch(env.url('/dev/clock'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMs: 5 * 60_000 + 1000 }),
    });
    await submitCode(page, code);
    await waitForText(page, /hết hạn/);

    const since = Date.now() - 1000;
    await page.waitForFunction(
      () => {
        const b = document.querySelector('dvc-signin')?.shadowRoot?.querySelector('dvc-otp-input')?.shadowRoot?.querySelector('[part="resend"]');
        return b && !b.disabled && b.getAttribute('aria-disabled') !== 'true';
      },
      { timeout: 15000, polling: 100 },
    );
    await page.click('dvc-signin >>> dvc-otp-input >>> [part="resend"]');
    const fresh = await latestCode(env.server.url, since);
    assert.notEqual(fresh, undefined);
    await Promise.all([page.waitForNavigation({ timeout: 15000 }), submitCode(page, fresh)]);
    await waitForName(page, NHAN.name);
    assert.match(await shownText(page, 'dvc-login-button'), /Lê Văn Nhân/);
    await page.close();
  });
});
