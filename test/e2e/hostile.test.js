// Hostile answers end to end: the dossier API and the provider's userinfo, intercepted in
// Chromium, answer with the XSS corpus (test/fixtures/xss.json) in every string. The demo pages
// (which send no CSP, so nothing but the library stands in the way) must run none of it, show it
// as text, and never open a dialog.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup } from './browser.js';
import { KIET, signIn } from './citizens.js';

const { payloads } = JSON.parse(readFileSync(new URL('../fixtures/xss.json', import.meta.url), 'utf8'));
const values = payloads.map((p) => p.value);
const HOSTILE_NAME = '"><img src=x onerror=window.__xss=1>Nguyễn<svg onload=window.__xss=1>';
const norm = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const json = (body, status = 200) => ({ status, contentType: 'application/json; charset=utf-8', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(body) });

/** The API's answers, every string hostile. */
function hostileApi(url, method) {
  const path = url.pathname.replace(/^\/api/, '');
  const i = (n) => values[n % values.length];
  if (path === '/stats/processing') return json({ year: 2023, onTime: 3788, late: 32, updatedAt: i(0), label: i(1) });
  if (path === '/public/results') {
    return json({ items: values.map((v) => ({ code: v, applicantName: v, procedureName: v, resultAt: v })), page: 1, pageSize: 100, total: values.length });
  }
  if (path === '/me/dossiers') {
    return json({ items: values.map((v) => ({ code: v, procedureName: v, statusName: v, submittedAt: v, dueAt: v })), page: 1, pageSize: 100, total: values.length });
  }
  if (path.startsWith('/dossiers/')) return json({ error: i(3), message: i(4) }, 500);
  if (path === '/me/profile' || path === '/me/profile/sync') {
    const profile = { fullName: HOSTILE_NAME, legacyIdNumber: i(5), idNumber: i(6), birthDate: i(7), phone: i(8), gender: i(9), birthPlace: i(10), verified: { fullName: true }, syncedAt: i(11), counts: { completed: i(12), processing: 2 } };
    return json(method === 'POST' ? { ...profile, changed: ['fullName', i(13)] } : profile);
  }
  return json({ error: i(14), message: i(15) }, 404);
}

/** A page whose API and userinfo answers are hostile; records dialogs and page errors. */
async function hostilePage() {
  const page = await env.browser.newPage();
  const dialogs = [];
  const errors = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    const url = new URL(request.url());
    try {
      if (url.pathname.startsWith('/api/') && request.method() !== 'OPTIONS') {
        await request.respond(hostileApi(url, request.method()));
      } else if (url.pathname === '/oidc/me' && request.method() === 'GET') {
        // Userinfo: the real answer (same sub), with hostile names in it.
        const real = await fetch(url, { headers: request.headers() });
        const claims = await real.json();
        await request.respond(json({ ...claims, name: HOSTILE_NAME, HoVaTen: HOSTILE_NAME, GioiTinh: values[2] }, real.status));
      } else {
        await request.continue();
      }
    } catch {
      // The page went away meanwhile.
    }
  });
  return { page, dialogs, errors };
}

/** What any shadow root holds that a payload could have brought to life. */
function liveMarkup(page) {
  return page.evaluate(() => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (/^(script|iframe|object|embed|img|meta|base|details|math)$/.test(el.localName)) found.push(`<${el.localName}> in ${root.host?.localName}`);
        for (const name of el.getAttributeNames()) if (name.startsWith('on')) found.push(`${name} on <${el.localName}>`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    for (const host of document.querySelectorAll('*')) if (host.localName.startsWith('dvc-') && host.shadowRoot) walk(host.shadowRoot);
    return { found, xss: window.__xss };
  });
}

const shadowText = (page, tag, index = 0) =>
  page.evaluate((t, i) => document.querySelectorAll(t)[i]?.shadowRoot?.textContent ?? '', tag, index).then(norm);

describe('hostile answers end to end', () => {
  it('the portal home page shows every hostile result as text and runs none', async () => {
    const { page, dialogs, errors } = await hostilePage();
    await page.goto(env.url('/portal.html'));
    await page.waitForFunction((n) => document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tr[part="row"]').length >= n, { timeout: 15000 }, 10);
    await page.waitForFunction(() => /3\.788/.test(document.querySelector('dvc-stats-donut')?.shadowRoot?.textContent ?? ''), { timeout: 15000 });
    const table = await shadowText(page, 'dvc-dossier-table');
    for (const v of values.slice(0, 10)) assert.ok(table.includes(norm(v)), `shown as text: ${v.slice(0, 60)}`);
    const donut = await shadowText(page, 'dvc-stats-donut');
    assert.match(donut, /Không có dữ liệu/);
    assert.match(donut, /99,2%/);
    await new Promise((r) => setTimeout(r, 300));
    const live = await liveMarkup(page);
    assert.deepEqual(live.found, []);
    assert.equal(live.xss, undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('after a sign-in: the name from userinfo, my dossiers, the profile and a failed look-up, all as text', async () => {
    const { page, dialogs, errors } = await hostilePage();
    await page.goto(env.url('/'));
    await signIn(page, env.url('/'), { ...KIET, name: 'Nguyễn' });
    const name = await page.evaluate(() => document.querySelector('dvc-login-button').shadowRoot.querySelector('[part="name"]').textContent);
    assert.equal(norm(name), norm(HOSTILE_NAME));

    await page.waitForFunction(() => document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tr[part="row"]').length >= 10, { timeout: 15000 });
    const mine = await shadowText(page, 'dvc-dossier-table');
    for (const v of values.slice(0, 10)) assert.ok(mine.includes(norm(v)), `my dossiers show as text: ${v.slice(0, 60)}`);

    await page.waitForFunction(() => /Đã xác thực/.test(document.querySelector('dvc-profile-sync')?.shadowRoot?.textContent ?? ''), { timeout: 15000 });
    await page.click('dvc-profile-sync >>> [data-field="fullName"] button[part="reveal"]');
    await page.waitForFunction(
      (n) => document.querySelector('dvc-profile-sync').shadowRoot.querySelector('[data-field="fullName"] [part~="value"]').textContent.replace(/\s+/g, ' ').trim() === n,
      { timeout: 5000 },
      norm(HOSTILE_NAME),
    );
    await page.click('dvc-profile-sync >>> button[part="sync-button"]');
    await page.waitForFunction(() => /Đã cập nhật/.test(document.querySelector('dvc-profile-sync').shadowRoot.textContent), { timeout: 15000 });

    // A look-up whose error answer is hostile shows the library's own message.
    await page.type('dvc-dossier-table >>> input[part="lookup-input"]', values[0]);
    await page.click('dvc-dossier-table >>> button[part="lookup-button"]');
    await page.waitForFunction(() => /Máy chủ|Không tìm thấy/.test(document.querySelector('dvc-dossier-table').shadowRoot.querySelector('[part="lookup-result"]')?.textContent ?? ''), { timeout: 15000 });

    await new Promise((r) => setTimeout(r, 300));
    const live = await liveMarkup(page);
    assert.deepEqual(live.found, []);
    assert.equal(live.xss, undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
