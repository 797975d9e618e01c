// Sessions end to end in Chromium on the development clock: the reference server's clock
// (POST /dev/provider-clock, which the provider's expiries follow) and each tab's Date.now move together.
// 15-minute access tokens, 30 minutes idle, renewal with the refresh token.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watchErrors } from './browser.js';
import { KIET, signIn, signOutAndReturn, waitForName, waitForSignedOut } from './citizens.js';

const MINUTE = 60_000;

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** Each new document of the page reads its clock offset from the tab's sessionStorage (copied into a tab it opens). */
async function withClock(page) {
  const install = () => {
    if (window.__setClock) return;
    const real = Date.now.bind(Date);
    let offset = 0;
    try {
      offset = Number(sessionStorage.getItem('e2e:clock') ?? 0) || 0;
    } catch {
      return; // about:blank
    }
    Date.now = () => real() + offset;
    window.__setClock = (ms) => {
      offset = ms;
      sessionStorage.setItem('e2e:clock', String(ms));
    };
  };
  await page.evaluateOnNewDocument(install);
  await page.evaluate(install);
  return page;
}

/** Moves the server's clock and every given tab's clock to `ms` ahead of real time. */
async function setClock(ms, ...pages) {
  const res = await fetch(env.url('/dev/provider-clock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: ms }) });
  assert.equal(res.status, 200);
  await Promise.all(pages.map((p) => p.evaluate((o) => window.__setClock(o), ms)));
}

/** Counts the refresh requests a tab sends to the provider. */
function countRefreshes(page, counter) {
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/oidc/token') && /grant_type=refresh_token/.test(request.postData() ?? '')) counter.n++;
  });
}

/** What the page's session authorises for GET /api/me/profile, and the API's answer to it (made in the page). */
function callApi(page) {
  return page.evaluate(async () => {
    const url = new URL('/api/me/profile', location.href).href;
    const access = await document.querySelector('dvc-portal').session.apiAccess({ method: 'GET', url });
    if (!access) return { status: 0 };
    const res = await fetch(url, { headers: access.headers });
    return { status: res.status, headers: access.headers };
  });
}

/** A keypress: the citizen at work. */
async function work(page) {
  await page.bringToFront();
  await page.keyboard.press('Shift');
}

async function freshTab() {
  const context = await env.browser.createBrowserContext();
  const page = await withClock(await context.newPage());
  return { context, page };
}

describe('sessions that last as long as the citizen works', () => {
  beforeEach(() => setClock(0));

  it('a citizen at work stays signed in for 40 minutes with 15-minute access tokens', async () => {
    const { context, page } = await freshTab();
    const errors = watchErrors(page);
    const refreshes = { n: 0 };
    countRefreshes(page, refreshes);
    await page.goto(env.url('/'));
    await signIn(page, env.url('/'), KIET);
    const first = await callApi(page);
    assert.equal(first.status, 200);
    for (let minutes = 7; minutes <= 42; minutes += 7) {
      await setClock(minutes * MINUTE, page);
      await work(page);
      const now = await callApi(page);
      assert.equal(now.status, 200, `the API still answers after ${minutes} minutes`);
      await waitForName(page, KIET.name);
    }
    assert.ok(refreshes.n >= 2 && refreshes.n <= 4, `${refreshes.n} renewals in 42 minutes of 15-minute tokens`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a citizen away for 30 minutes is signed out (session_expired) at the first thing they do, and nothing they typed is lost', async () => {
    const { context, page } = await freshTab();
    await page.goto(env.url('/'));
    await signIn(page, env.url('/'), KIET);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'typed';
      document.body.append(input);
    });
    await page.type('#typed', 'Đơn đề nghị');
    await setClock(31 * MINUTE, page);
    await work(page);
    await waitForSignedOut(page);
    const shown = await page.evaluate(() => document.querySelector('dvc-login-button').shadowRoot.textContent);
    assert.match(shown, /hết hạn|hết phiên|Phiên đăng nhập/i, 'the session-expired message is shown');
    assert.equal(await page.$eval('#typed', (el) => el.value), 'Đơn đề nghị');
    assert.equal((await callApi(page)).status, 0, 'nothing to authorise with');
    await context.close();
  });

  it('two tabs of one sign-in renewing at once send exactly one refresh request and both go on', async () => {
    const { context, page: a } = await freshTab();
    const refreshes = { n: 0 };
    countRefreshes(a, refreshes);
    await a.goto(env.url('/'));
    await signIn(a, env.url('/'), KIET);
    // Tab B opened from tab A: it starts with a copy of A's sessionStorage, so the same refresh token.
    const opened = new Promise((resolve) => context.once('targetcreated', (t) => resolve(t.page())));
    await a.evaluate(() => window.open('/', '_blank'));
    const b = await withClock(await opened);
    countRefreshes(b, refreshes);
    await b.waitForFunction(() => document.readyState === 'complete');
    await waitForName(b, KIET.name);

    await setClock(16 * MINUTE, a, b);
    const [ra, rb] = await Promise.all([callApi(a), callApi(b)]);
    assert.equal(ra.status, 200);
    assert.equal(rb.status, 200);
    assert.equal(refreshes.n, 1, 'one refresh request for both tabs');
    assert.equal(ra.headers.authorization, rb.headers.authorization, 'tab B uses the tokens tab A got');
    await context.close();
  });

  it('sign-out in one tab: a tab restored from the back/forward cache comes back signed out, and a token taken before is refused after', async () => {
    const { context, page: a } = await freshTab();
    await a.goto(env.url('/'));
    await signIn(a, env.url('/'), KIET);
    // Tab B: a tab of its own (no opener, so the back/forward cache may keep its pages), signed in by single sign-on.
    const b = await withClock(await context.newPage());
    const cdp = await b.createCDPSession();
    await cdp.send('Page.enable');
    const notCached = [];
    cdp.on('Page.backForwardCacheNotUsed', (e) => notCached.push(...e.notRestoredExplanations.map((x) => x.reason)));
    await b.goto(env.url('/'));
    await signIn(b, env.url('/'), KIET);
    const taken = await callApi(a);
    assert.equal(taken.status, 200);

    // Tab B goes on to another page; its agency page waits in the back/forward cache (or is evicted).
    await b.evaluate(() => {
      window.addEventListener('pageshow', (e) => sessionStorage.setItem('e2e:persisted', String(e.persisted)));
    });
    await b.goto(env.url('/portal.html'));
    await signOutAndReturn(a);
    await waitForSignedOut(a);
    await b.goBack();
    await waitForSignedOut(b);
    assert.equal(await b.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dvc:session')).length), 0);
    const persisted = await b.evaluate(() => sessionStorage.getItem('e2e:persisted'));
    assert.equal(persisted, 'true', `tab B came back from the back/forward cache (not: ${notCached.join(', ')})`);

    for (const url of [env.url('/api/me/profile'), env.url('/oidc/me')]) {
      const res = await fetch(url, { headers: taken.headers });
      assert.equal(res.status, 401, `${url} refuses the token taken before sign-out`);
    }
    await context.close();
  });

  it('with dpop on the portal: tokens bound to the key, every API call carries a proof the reference API accepts, renewal included', async () => {
    const { context, page } = await freshTab();
    // The demo page with `dpop` on its portal, set before the element upgrades.
    await page.evaluateOnNewDocument(() => {
      new MutationObserver((_, observer) => {
        const portal = document.querySelector('dvc-portal');
        if (portal) {
          portal.setAttribute('dpop', '');
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const errors = watchErrors(page);
    const proofs = { token: 0 };
    page.on('request', (r) => {
      if (r.url().endsWith('/oidc/token') && r.headers().dpop) proofs.token++;
    });
    await page.goto(env.url('/'));
    await signIn(page, env.url('/'), KIET);
    const first = await callApi(page);
    assert.equal(first.status, 200);
    assert.match(first.headers.authorization, /^DPoP /);
    const claims = JSON.parse(Buffer.from(first.headers.authorization.split(' ')[1].split('.')[1], 'base64url').toString());
    assert.ok(claims.cnf?.jkt, 'the access token is bound to the key');
    // Without the proof the bound token is refused.
    assert.equal((await fetch(env.url('/api/me/profile'), { headers: { authorization: first.headers.authorization } })).status, 401);

    await setClock(16 * MINUTE, page);
    const renewed = await callApi(page);
    assert.equal(renewed.status, 200);
    assert.notEqual(renewed.headers.authorization, first.headers.authorization);
    assert.ok(proofs.token >= 2, 'the code exchange and the renewal carried proofs');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
