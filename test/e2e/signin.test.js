// The whole sign-in, as a citizen does it, in each engine (Chromium, Firefox, WebKit; BROWSERS picks)
// against `npm start`'s server: agency page → reference auth endpoint's <dvc-signin> → SMS code from
// the development outbox → back on the agency page signed in; reload; switch account; sign out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engines, setupIn } from './browser.js';
import { HUONG, KIET, chooseMenuItem, loginButtonText, signIn, signInAtProvider, signOutAndReturn, waitForName, waitForSignedOut } from './citizens.js';

const sessionKeys = (page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length);
/** Waits until the tab keeps `n` sessions; polled, because sign-out goes on to the provider's logout and back. */
const sessionKeysAre = (page, n) =>
  page.waitForFunction((want) => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length === want, {}, n);

for (const engine of engines) {
  describe(`sign-in end to end (${engine})`, () => {
    let env;
    before(async () => {
      env = await setupIn(engine);
    });
    after(async () => {
      await env?.close();
    });

    it('signs in, survives a reload, switches account without clearing any cache, and signs out', async () => {
      const page = await env.browser.newPage();
      const errors = page.watchErrors();
      await page.goto(env.url('/'));
      assert.match(await loginButtonText(page), /Đăng nhập bằng Cổng DVC Quốc gia/);

      await signIn(page, env.server.url, KIET);
      assert.equal(new URL(await page.url()).search, '', 'code, state and iss are removed from the address bar');
      const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie + location.href);
      assert.doesNotMatch(kept, /eyJ/, 'no token in localStorage, cookies or the URL');
      assert.equal(await sessionKeys(page), 1, 'storage="session" keeps the session in the tab');

      await page.reload();
      await waitForName(page, KIET.name);

      // Switch account: RP-initiated logout, then the provider asks for credentials again (prompt=login).
      await chooseMenuItem(page, 'tài khoản khác');
      await page.waitForFunction(() => location.pathname.startsWith('/interaction/'));
      await signInAtProvider(page, env.server.url, HUONG);
      await waitForName(page, HUONG.name);

      await signOutAndReturn(page);
      await waitForSignedOut(page);
      await sessionKeysAre(page, 0);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('with storage="memory" a reload signs the citizen out', async () => {
      const page = await env.browser.newPage();
      await page.goto(env.url('/e2e.html'));
      await signIn(page, env.server.url, KIET);
      assert.equal(await sessionKeys(page), 0, 'nothing kept in sessionStorage');
      await page.reload();
      await waitForSignedOut(page);
      await page.close();
    });
  });
}
