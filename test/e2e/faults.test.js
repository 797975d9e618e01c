// Faults end to end in Chromium against the reference server: the browser goes offline and comes
// back, and the API's development fault switch (POST /api/dev/faults) breaks an endpoint. Each
// element says what happened, "Thử lại" works once the network or endpoint is back, no page error
// or unhandled rejection occurs, and a write is sent once per press.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watchErrors } from './browser.js';
import { KIET, signIn } from './citizens.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});
afterEach(async () => {
  await fetch(env.url('/api/dev/faults'), { method: 'DELETE' });
});

/** Clicks the "Thử lại" button inside the first `tag` element. */
async function retry(page, tag) {
  await page.evaluate((t) => {
    const button = [...document.querySelector(t).shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Thử lại');
    if (!button) throw new Error(`no "Thử lại" in ${t}`);
    button.click();
  }, tag);
}

const waitText = (page, tag, pattern, timeout = 15000) =>
  page.waitForFunction(
    (t, source) => new RegExp(source).test((document.querySelector(t)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ')),
    { timeout },
    tag,
    pattern.source,
  );

async function watchedPage() {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.evaluateOnNewDocument(() => {
    window.__rejections = [];
    window.addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason)));
  });
  return { page, errors };
}

describe('faults end to end', () => {
  it('offline then online: the donut and the results say so, and "Thử lại" brings the data', async () => {
    const { page, errors } = await watchedPage();
    await page.goto(env.url('/portal.html'));
    await waitText(page, 'dvc-stats-donut', /3\.788/);
    await page.waitForFunction(() => document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tr[part="row"]').length > 0, { timeout: 15000 });

    await page.setOfflineMode(true);
    // Another year, and the next page of results, while offline.
    await page.evaluate(() => {
      const select = document.querySelector('dvc-stats-donut').shadowRoot.querySelector('select');
      select.value = '2022';
      select.dispatchEvent(new Event('change'));
      document.querySelector('dvc-dossier-table').shadowRoot.querySelector('button[data-page="next"]').click();
    });
    await waitText(page, 'dvc-stats-donut', /Không kết nối được máy chủ/);
    await waitText(page, 'dvc-dossier-table', /Không kết nối được máy chủ/);

    await page.setOfflineMode(false);
    await retry(page, 'dvc-stats-donut');
    await retry(page, 'dvc-dossier-table');
    await waitText(page, 'dvc-stats-donut', /NĂM 2022.*Xử lý đúng hạn/);
    await page.waitForFunction(
      () => {
        const root = document.querySelector('dvc-dossier-table').shadowRoot;
        return root.querySelector('button[aria-current="page"]')?.textContent.trim() === '2' && root.querySelectorAll('tr[part="row"]').length > 0 && !root.querySelector('[role="alert"]');
      },
      { timeout: 15000 },
    );
    assert.deepEqual(await page.evaluate(() => window.__rejections), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a 500 from the API (development fault switch): the message, then the data after "Thử lại"', async () => {
    // Three broken answers: the first attempt and the client's two retries.
    await fetch(env.url('/api/dev/faults'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/api/stats/processing', mode: '500', times: 3 }),
    });
    const { page, errors } = await watchedPage();
    await page.goto(env.url('/portal.html'));
    await waitText(page, 'dvc-stats-donut', /Máy chủ đang gặp sự cố/);
    await retry(page, 'dvc-stats-donut');
    await waitText(page, 'dvc-stats-donut', /3\.788/);
    assert.deepEqual(await page.evaluate(() => window.__rejections), []);
    assert.deepEqual(errors.filter((e) => !/status of 500/.test(e)), []);
    await page.close();
  });

  it('offline while syncing the profile: one POST per press, the data stays, "Thử lại" syncs once back online', async () => {
    const { page, errors } = await watchedPage();
    const posts = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/me/profile/sync') posts.push(r.url());
    });
    await page.goto(env.url('/'));
    await signIn(page, env.url('/'), KIET);
    await waitText(page, 'dvc-profile-sync', /Đã xác thực/);

    await page.setOfflineMode(true);
    await page.click('dvc-profile-sync >>> button[part~="sync-button"]');
    await waitText(page, 'dvc-profile-sync', /Không kết nối được máy chủ/);
    assert.match(await page.evaluate(() => document.querySelector('dvc-profile-sync').shadowRoot.textContent), /Họ tên/, 'the data stays');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(posts.length, 1, 'not sent again by itself');

    await page.setOfflineMode(false);
    await retry(page, 'dvc-profile-sync');
    await waitText(page, 'dvc-profile-sync', /Đã cập nhật|Thông tin đã khớp/);
    assert.equal(posts.length, 2, 'one more POST for one more press');
    assert.deepEqual(await page.evaluate(() => window.__rejections), []);
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
    await page.close();
  });
});
