// Two tabs of one browser (one cookie jar, one BroadcastChannel, a sessionStorage each), both on
// the agency page. Signing out in one tab signs the other out without a reload; signing in again
// in one tab as another citizen never shows the first citizen's data in the other, not even for a
// moment (tab B is sampled the whole time).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watchErrors } from './browser.js';
import { HUONG, KIET, chooseMenuItem, signIn, signInAtProvider, signOutAndReturn, waitForName, waitForSignedOut } from './citizens.js';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** The masked form of a name, as the profile panel shows it before "Hiện". */
const maskName = (name) => name.split(/\s+/).map((w) => Array.from(w)[0] + '*'.repeat(Array.from(w).length - 1)).join(' ');

/** What a tab shows of the citizen: the login button's name and the profile panel's full name. */
function shown(page) {
  return page.evaluate(() => {
    const name = document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.trim() ?? null;
    const panel = document.querySelector('dvc-profile-sync')?.shadowRoot;
    const profile = panel?.querySelector('[data-field="fullName"] [part~="value"]')?.textContent.replace(/\(.*\)/, '').trim() ?? null;
    const rows = document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tr[part="row"]').length ?? 0;
    return { name, profile, rows, panelText: panel?.textContent.replace(/\s+/g, ' ') ?? '' };
  });
}

/**
 * Records what `page` shows every 25 ms, across its navigations, from before its first page:
 * `samples` fills as the test runs and is checked afterwards.
 */
async function sampled(page) {
  const samples = [];
  await page.exposeFunction('__sample', (s) => samples.push(s));
  await page.evaluateOnNewDocument(() => {
    setInterval(() => {
      const name = document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('[part="name"]')?.textContent.trim() ?? null;
      const profile = document.querySelector('dvc-profile-sync')?.shadowRoot?.querySelector('[data-field="fullName"] [part~="value"]')?.textContent.replace(/\(.*\)/, '').trim() ?? null;
      window.__sample({ path: location.pathname, name, profile });
    }, 25);
  });
  return samples;
}

/** A sample mixes two citizens when the panel shows someone other than the button's citizen. */
function mixes(samples) {
  const people = [KIET, HUONG];
  return samples.filter((s) => {
    if (!s.name || !s.profile) return false;
    const citizen = people.find((p) => p.name === s.name);
    return !citizen || (s.profile !== maskName(citizen.name) && s.profile !== citizen.name);
  });
}

/** Two tabs of a fresh browser profile (its own cookies and channel), both signed in as Kiệt. */
async function signedInTabs() {
  const context = await env.browser.createBrowserContext();
  const a = await context.newPage();
  const b = await context.newPage();
  const errors = [a, b].map(watchErrors);
  const samples = await sampled(b);
  await a.goto(env.url('/'));
  await signIn(a, env.url('/'), KIET);
  // Tab B: the provider still has the citizen's session, so this is single sign-on.
  await b.goto(env.url('/'));
  await signIn(b, env.url('/'), KIET);
  await b.waitForFunction((m) => document.querySelector('dvc-profile-sync')?.shadowRoot?.querySelector('[data-field="fullName"] [part~="value"]')?.textContent.includes(m), { timeout: 15000 }, maskName(KIET.name));
  return { context, a, b, errors, samples };
}

async function expectSignedOut(page, label) {
  await waitForSignedOut(page);
  await page.waitForFunction(() => /Vui lòng đăng nhập/.test(document.querySelector('dvc-profile-sync')?.shadowRoot?.textContent ?? ''), { timeout: 15000 });
  const now = await shown(page);
  assert.equal(now.name, null, `${label}: no name on the button`);
  assert.equal(now.profile, null, `${label}: no profile on screen`);
  assert.equal(now.rows, 0, `${label}: no dossier rows`);
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length), 0, `${label}: no session kept`);
}

describe('sessions across tabs', () => {
  it('signing out in tab A signs tab B out without a reload; signing in again as another citizen never mixes them in tab B', async () => {
    const { context, a, b, errors, samples } = await signedInTabs();
    const signedOutAt = samples.length;
    let reloads = 0;
    const countReloads = (frame) => {
      if (frame === b.mainFrame()) reloads++;
    };
    b.on('framenavigated', countReloads);

    await signOutAndReturn(a);
    await expectSignedOut(b, 'tab B after sign-out in tab A');
    await waitForSignedOut(a);

    // Tab A: another citizen signs in (the provider's session ended, so it asks who).
    await signIn(a, env.url('/'), HUONG);
    await a.waitForFunction((m) => document.querySelector('dvc-profile-sync')?.shadowRoot?.querySelector('[data-field="fullName"] [part~="value"]')?.textContent.includes(m), { timeout: 15000 }, maskName(HUONG.name));
    // Tab B stays signed out: it holds no one's tokens.
    await new Promise((r) => setTimeout(r, 500));
    await expectSignedOut(b, 'tab B after sign-in in tab A');
    const beforeOwnSignIn = samples.length;
    b.off('framenavigated', countReloads);
    assert.equal(reloads, 0, 'tab B was not reloaded');

    // Tab B signs in by itself: single sign-on gives the new citizen, all of them.
    await signIn(b, env.url('/'), HUONG);
    await b.waitForFunction((m) => document.querySelector('dvc-profile-sync')?.shadowRoot?.querySelector('[data-field="fullName"] [part~="value"]')?.textContent.includes(m), { timeout: 15000 }, maskName(HUONG.name));
    await new Promise((r) => setTimeout(r, 200));

    assert.ok(samples.length > 20, 'tab B was watched');
    assert.deepEqual(mixes(samples), [], "tab B never shows one citizen under the other one's name");
    const out = samples.findIndex((s, i) => i >= signedOutAt && s.name === null);
    assert.ok(out >= 0, 'tab B was signed out');
    assert.deepEqual(samples.slice(out).filter((s) => s.name === KIET.name || s.profile === maskName(KIET.name)), [], 'no trace of the first citizen after the sign-out');
    assert.deepEqual(samples.slice(out, beforeOwnSignIn).filter((s) => s.name || s.profile), [], 'nobody at all until tab B signs in itself');
    assert.ok(samples.some((s) => s.name === HUONG.name && s.profile === maskName(HUONG.name)));
    assert.deepEqual(errors.flat(), []);
    await context.close();
  });

  it('switching account in tab A signs tab B out at once, and tab B never shows the new citizen under the old name', async () => {
    const { context, a, b, errors, samples } = await signedInTabs();
    const switchedAt = samples.length;
    let reloads = 0;
    b.on('framenavigated', (frame) => {
      if (frame === b.mainFrame()) reloads++;
    });
    await chooseMenuItem(a, 'tài khoản khác');
    await expectSignedOut(b, 'tab B after the switch began in tab A');
    await a.waitForFunction(() => location.pathname.startsWith('/interaction/'), { timeout: 15000 });
    await signInAtProvider(a, env.url('/'), HUONG);
    await waitForName(a, HUONG.name);
    await new Promise((r) => setTimeout(r, 500));
    await expectSignedOut(b, 'tab B after tab A signed in as someone else');
    assert.deepEqual(mixes(samples), []);
    const out = samples.findIndex((s, i) => i >= switchedAt && s.name === null);
    assert.ok(out >= 0);
    assert.deepEqual(samples.slice(out).filter((s) => s.name || s.profile), [], 'tab B shows no one once signed out');
    assert.equal(reloads, 0, 'tab B was not reloaded');
    assert.deepEqual(errors.flat(), []);
    await context.close();
  });
});
