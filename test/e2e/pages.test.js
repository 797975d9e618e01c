// The demo pages as a citizen sees them, in Chromium against the reference server:
// the portal home page with the guidance document's figures, the agency page's own dossiers and
// identity panel after a real sign-in, and paging through 100.000 dossiers one page at a time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watchErrors } from './browser.js';
import { KIET, shownText, signIn, waitForShownText } from './citizens.js';

const shadowText = (page, tag) => shownText(page, tag);
const waitForShadowText = waitForShownText;

describe('demo pages end to end', () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.close();
  });

  it('the portal home page shows the process steps, the results list and the 2023 figures, in both languages', async () => {
    const page = await env.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(env.url('/portal.html'));
    await waitForShadowText(page, 'dvc-stats-donut', /3\.788/);
    const donut = await shadowText(page, 'dvc-stats-donut');
    assert.match(donut, /TÌNH HÌNH XỬ LÝ HỒ SƠ NĂM 2023/);
    assert.match(donut, /99,2%/);
    assert.match(donut, /Xử lý đúng hạn: ?3\.788/);
    assert.match(donut, /Xử lý trễ hạn: ?32/);

    await waitForShadowText(page, 'dvc-dossier-table', /11\/04\/2023 17:13:44/);
    const rows = await page.evaluate(() =>
      [...document.querySelector('dvc-dossier-table').shadowRoot.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
      ),
    );
    assert.deepEqual(rows[0].slice(0, 3), ['1', 'NGUYỄN Đ** T*** K***', '11/04/2023 17:13:44']);
    assert.equal(rows[1][0], '2');
    assert.match(rows[1][1], /^NGUYỄN V\*\* /);
    assert.equal(rows[1][2], '11/04/2023 17:13:01');

    const steps = await page.evaluate(() =>
      [...document.querySelector('dvc-process-steps').shadowRoot.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
    );
    assert.equal(steps.length, 5);
    ['Đăng nhập', 'Chọn thủ tục', 'Khai báo HS', 'Tra cứu kết quả', 'Nhận kết quả'].forEach((label, i) => assert.match(steps[i], new RegExp(label)));

    await page.evaluate(() => document.documentElement.setAttribute('lang', 'en'));
    await waitForShadowText(page, 'dvc-stats-donut', /99\.2%/);
    assert.match(await shadowText(page, 'dvc-stats-donut'), /3,788/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('after a real sign-in the agency page lists the citizen\'s dossiers and syncs the identity panel', async () => {
    const page = await env.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(env.url('/'));
    // The loader fetches the panel's code after the page's load event: wait for it to draw.
    await waitForShadowText(page, 'dvc-profile-sync', /Vui lòng đăng nhập/);
    await signIn(page, env.server.url, KIET);

    await waitForShadowText(page, 'dvc-dossier-table', /Tổng số: \d+ hồ sơ/);
    assert.match(await shadowText(page, 'dvc-dossier-table'), /\d{3}\.\d{2}\.\d{2}\.H50-\d{6}-\d{4}/);

    await waitForShadowText(page, 'dvc-profile-sync', /Thông tin định danh/);
    const before = await shadowText(page, 'dvc-profile-sync');
    assert.doesNotMatch(before, /045090001234/, 'the ID number is masked by default');
    assert.match(before, /\*+234/);
    await page.click('dvc-profile-sync >>> [part="sync-button"]');
    await waitForShadowText(page, 'dvc-profile-sync', /Đã cập nhật 2 trường/);
    const after = await shadowText(page, 'dvc-profile-sync');
    assert.match(after, /Số điện thoại, Nơi sinh|Nơi sinh, Số điện thoại/);
    assert.match(after, /Đồng bộ lần cuối: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);

    // A second sync finds nothing new.
    await page.click('dvc-profile-sync >>> [part="sync-button"]');
    await waitForShadowText(page, 'dvc-profile-sync', /Thông tin đã khớp với CSDL Quốc gia về Dân cư/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('100.000 dossiers', () => {
  let env;
  before(async () => {
    process.env.DVC_DOSSIERS = '100000';
    env = await setup();
    delete process.env.DVC_DOSSIERS;
  });
  after(async () => {
    await env?.close();
  });

  it('the results table pages through the tens of thousands with results, fetching one page at a time', async () => {
    const page = await env.browser.newPage();
    const requests = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/public/results')) requests.push(new URL(r.url()).search);
    });
    await page.goto(env.url('/portal.html'));
    await waitForShadowText(page, 'dvc-dossier-table', /Tổng số: [\d.]+ hồ sơ/);
    const total = Number((await shadowText(page, 'dvc-dossier-table')).match(/Tổng số: ([\d.]+) hồ sơ/)[1].replaceAll('.', ''));
    assert.ok(total > 50_000, `tens of thousands of results with a result date (${total})`);
    assert.deepEqual(requests, ['?page=1&pageSize=10']);
    for (const n of [2, 3]) {
      await page.click('dvc-dossier-table >>> button[data-page="next"]');
      await page.waitForFunction(
        (want) => document.querySelector('dvc-dossier-table').shadowRoot.querySelector('tbody tr td')?.textContent.trim() === want,
        { timeout: 15000, polling: 50 },
        String((n - 1) * 10 + 1),
      );
    }
    assert.deepEqual(requests, ['?page=1&pageSize=10', '?page=2&pageSize=10', '?page=3&pageSize=10']);
    await page.close();
  });
});
