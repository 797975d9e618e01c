// The provider's sign-in pages and their OTP step, over HTTP as <dvc-signin> drives them:
// cookies carried by hand, codes read from the development SMS outbox, time moved with /dev/clock.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startServer } from '../../server/index.js';
import { CITIZENS, DEMO_PASSWORD } from '../../server/auth/accounts.js';
import {
  OTP_RULES, createClock, createOtpStore, createRateLimiter, generateCode, maskPhone, smsText,
} from '../../server/auth/otp.js';
import { CookieJar, b64url, browse, latestCode, passSignin, pkce, signinAction } from './http-browser.js';

const [KIET, HUONG, NHAN, LAN_ANH] = CITIZENS;
const MINUTE = 60_000;

/**
 * @typedef {Awaited<ReturnType<typeof startServer>>} Server
 * @typedef {{ jar: CookieJar, pageUrl: string, uid: string, verifier: string, state: string, nonce: string, redirectUri: string }} Interaction
 */

/**
 * An authorization request with PKCE, up to the sign-in page's URL.
 * @param {string} origin
 * @param {{ jar?: CookieJar, redirectUri?: string }} [options]
 * @returns {Promise<Interaction>}
 */
async function openInteraction(origin, { jar = new CookieJar(), redirectUri = `${origin}/` } = {}) {
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));
  const url = new URL(`${origin}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: 'dvc-demo', redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  const res = await browse(jar, url.href);
  assert.equal(res.status, 303);
  const pageUrl = new URL(/** @type {string} */ (res.headers.get('location')), url).href;
  assert.match(new URL(pageUrl).pathname, /^\/interaction\/[A-Za-z0-9_-]+$/);
  const uid = new URL(pageUrl).pathname.split('/')[2];
  return { jar, pageUrl, uid, verifier, state, nonce, redirectUri };
}

/**
 * A JSON call of the sign-in page (same origin, with the interaction cookie).
 * @param {Interaction} flow
 * @param {'credentials' | 'otp' | 'otp/resend'} path
 * @param {unknown} [body]
 */
async function call(flow, path, body = {}) {
  const res = await browse(flow.jar, `${flow.pageUrl}/${path}`, {
    method: 'POST', headers: { origin: new URL(flow.pageUrl).origin }, json: body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

/**
 * @param {Interaction} flow
 * @param {{ idNumber: string }} citizen
 * @param {string} [password]
 */
function credentials(flow, citizen, password = DEMO_PASSWORD, accountType = 'vneid') {
  return call(flow, 'credentials', { accountType, idNumber: citizen.idNumber, password });
}

/** @param {string} origin @param {number} offsetMs */
async function setClock(origin, offsetMs) {
  const res = await fetch(`${origin}/dev/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

/** @param {string} origin */
async function outbox(origin) {
  const res = await fetch(`${origin}/dev/sms.json`);
  assert.equal(res.status, 200);
  return /** @type {{ to: string, code: string, text: string, sentAt: string, interaction: string }[]} */ (await res.json());
}

/** A code that is not `code`. @param {string} code */
const otherCode = (code) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-in pages and the OTP step', () => {
  /** @type {Server} */
  let server;
  /** @type {string} */
  let origin;

  before(async () => {
    server = await startServer({ port: 0, quiet: true, production: false });
    origin = server.url.replace(/\/$/, '');
  });

  after(async () => {
    await server.close();
  });

  test('a whole sign-in: page with <dvc-signin> under a strict CSP, password, code from the outbox, redirect, code, tokens', async () => {
    const flow = await openInteraction(origin);

    // The page.
    const page = await browse(flow.jar, flow.pageUrl);
    assert.equal(page.status, 200);
    assert.match(/** @type {string} */ (page.headers.get('content-type')), /^text\/html/);
    const csp = /** @type {string} */ (page.headers.get('content-security-policy'));
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /require-trusted-types-for 'script'; trusted-types lit-html/, 'HTML sinks only through Lit');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    assert.match(html, /^<!doctype html>\s*<html lang="vi">/i);
    assert.match(html, new RegExp(`<dvc-signin action="/interaction/${flow.uid}"></dvc-signin>`));
    assert.equal(signinAction(html), `/interaction/${flow.uid}`);
    assert.match(html, /<script type="module" src="\/dist\/dvc-widgets\.js"><\/script>/);
    assert.match(html, /<h1>Đăng nhập<\/h1>/);
    assert.match(html, /Cổng Dịch vụ công tỉnh Quảng Trị/);
    assert.match(html, /Trang dịch vụ công mẫu/, 'the agency the citizen is signing in to');
    assert.match(html, new RegExp(`<form method="post" action="/interaction/${flow.uid}/abort"`), 'cancel works without script');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline style');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');

    // Step 2: the password.
    const before = Date.now();
    const step2 = await credentials(flow, KIET);
    assert.equal(step2.status, 200, step2.text);
    assert.equal(step2.headers.get('cache-control'), 'no-store');
    const { otp } = step2.body;
    assert.equal(otp.maskedPhone, '*******678');
    assert.equal(otp.attemptsLeft, 5);
    assert.equal(otp.resendAfter, 60);
    const expires = Date.parse(otp.expiresAt);
    assert.match(otp.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(expires >= before + 5 * MINUTE - 1000 && expires <= Date.now() + 5 * MINUTE, otp.expiresAt);
    assert.doesNotMatch(step2.text, /0912345678/, 'the full number is not sent to the page');

    // The SMS, in the development outbox, newest first.
    const [sms] = await outbox(origin);
    assert.equal(sms.interaction, flow.uid);
    assert.equal(sms.to, KIET.phone);
    assert.match(sms.code, /^\d{6}$/);
    assert.equal(sms.text, `Mã xác thực Cổng DVC: ${sms.code}. Hiệu lực 5 phút.`);
    assert.ok(Math.abs(Date.parse(sms.sentAt) - Date.now()) < 10_000);
    assert.doesNotMatch(step2.text, new RegExp(sms.code), 'the code never reaches the page');

    // Step 3: the code → where to go next, the provider's resume URL.
    const step3 = await call(flow, 'otp', { code: sms.code });
    assert.equal(step3.status, 200, step3.text);
    assert.deepEqual(Object.keys(step3.body), ['redirectTo']);
    assert.equal(step3.body.redirectTo, `${origin}/oidc/auth/${flow.uid}`);

    // Step 4: the browser goes there, consent is automatic, the agency gets its code.
    let next = step3.body.redirectTo;
    for (let hop = 0; hop < 6 && !next.startsWith(flow.redirectUri + '?'); hop += 1) {
      const res = await browse(flow.jar, next);
      assert.ok([302, 303].includes(res.status), `${res.status} at ${next}`);
      next = new URL(/** @type {string} */ (res.headers.get('location')), next).href;
    }
    const callback = new URL(next);
    assert.equal(callback.searchParams.get('state'), flow.state);
    assert.equal(callback.searchParams.get('iss'), `${origin}/oidc`);
    const code = callback.searchParams.get('code');
    assert.ok(code);

    const tokenRes = await fetch(`${origin}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, client_id: 'dvc-demo', code_verifier: flow.verifier,
      }),
    });
    assert.equal(tokenRes.status, 200);
    const tokens = await tokenRes.json();
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${origin}/oidc/jwks`)), {
      issuer: `${origin}/oidc`, audience: 'dvc-demo',
    });
    assert.equal(payload.sub, KIET.sub);
    assert.equal(payload.nonce, flow.nonce);
    // The ID token carries no personal data; userinfo does.
    assert.equal(payload.SoDinhDanh, undefined);
    const info = await (await fetch(`${origin}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
    assert.equal(info.SoDinhDanh, KIET.idNumber);

    // The code was good once.
    const again = await call(flow, 'otp', { code: sms.code });
    assert.ok(again.status >= 400);
  });

  test('wrong password and unknown account get the same answer', async () => {
    const a = await openInteraction(origin);
    const b = await openInteraction(origin);
    const wrongPassword = await credentials(a, NHAN, 'Sai@2023');
    const unknown = await credentials(b, { idNumber: '045099999999' });
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(unknown.text, wrongPassword.text, 'byte for byte');
    assert.deepEqual(wrongPassword.body, { error: 'invalid_credentials', message: 'Số định danh hoặc mật khẩu không đúng' });
    assert.deepEqual(
      [...unknown.headers.keys()].filter((h) => h !== 'date').sort(),
      [...wrongPassword.headers.keys()].filter((h) => h !== 'date').sort(),
    );
    assert.doesNotMatch(wrongPassword.text, /Sai@2023/);

    // Both cost one scrypt: neither answers much faster than the other.
    /** @param {() => Promise<unknown>} fn */
    const time = async (fn) => {
      const t = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const c = await openInteraction(origin);
    const tUnknown = await time(() => credentials(c, { idNumber: '045099999998' }));
    const tWrong = await time(() => credentials(c, LAN_ANH, 'Sai@2024'));
    assert.ok(tUnknown > tWrong / 4 && tWrong > tUnknown / 4, `unknown ${tUnknown} ms, wrong password ${tWrong} ms`);
  });

  test('malformed input is 400 invalid_request (415 when not JSON), nothing is sent', async () => {
    const flow = await openInteraction(origin);
    const sent = (await outbox(origin)).length;
    const good = { accountType: 'vneid', idNumber: KIET.idNumber, password: DEMO_PASSWORD };
    for (const body of [
      { ...good, accountType: 'google' },
      { ...good, accountType: undefined },
      { ...good, idNumber: '04509000123' },
      { ...good, idNumber: '04509000123x' },
      { ...good, idNumber: 45090001234 },
      { ...good, password: '' },
      { ...good, password: 42 },
      [good],
    ]) {
      const res = await call(flow, 'credentials', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'invalid_request');
      assert.equal(typeof res.body.message, 'string');
    }
    const spaced = await call(flow, 'credentials', { ...good, idNumber: '045 090 001 234' });
    assert.equal(spaced.status, 200, 'spaces in the ID number are dropped');

    const notJson = await browse(flow.jar, `${flow.pageUrl}/credentials`, { method: 'POST', form: { ...good } });
    assert.equal(notJson.status, 415);
    assert.equal((await notJson.json()).error, 'invalid_request');
    const broken = await browse(flow.jar, `${flow.pageUrl}/credentials`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accountType":',
    });
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).error, 'invalid_request');

    for (const code of ['12345', '1234567', 'abcdef', 123456, '']) {
      const res = await call(flow, 'otp', { code });
      assert.equal(res.status, 400, String(code));
      assert.equal(res.body.error, 'invalid_request');
    }
    assert.equal((await outbox(origin)).length, sent + 1, 'one SMS, for the one good request');
  });

  test('a code before the password step is refused; a cross-origin call or a missing cookie too', async () => {
    const flow = await openInteraction(origin);
    const early = await call(flow, 'otp', { code: '123456' });
    assert.equal(early.status, 400);
    assert.equal(early.body.error, 'invalid_request');
    const resend = await call(flow, 'otp/resend');
    assert.equal(resend.status, 400);

    const foreign = await browse(flow.jar, `${flow.pageUrl}/credentials`, {
      method: 'POST', headers: { origin: 'https://evil.example' },
      json: { accountType: 'vneid', idNumber: KIET.idNumber, password: DEMO_PASSWORD },
    });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error, 'forbidden');

    const noCookie = await fetch(`${flow.pageUrl}/credentials`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ accountType: 'vneid', idNumber: KIET.idNumber, password: DEMO_PASSWORD }),
    });
    assert.equal(noCookie.status, 410);
    assert.equal((await noCookie.json()).error, 'session_expired');

    const get = await browse(flow.jar, `${flow.pageUrl}/credentials`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  test('the same account twice within the cooldown keeps the code already sent; both account types sign in', async () => {
    const flow = await openInteraction(origin);
    const first = await credentials(flow, LAN_ANH, DEMO_PASSWORD, 'dvcqg');
    assert.equal(first.status, 200, first.text);
    const sent = (await outbox(origin)).filter((m) => m.interaction === flow.uid);
    const second = await credentials(flow, LAN_ANH, DEMO_PASSWORD, 'dvcqg');
    assert.equal(second.status, 200);
    assert.equal(second.body.otp.expiresAt, first.body.otp.expiresAt);
    assert.equal((await outbox(origin)).filter((m) => m.interaction === flow.uid).length, sent.length, 'no second SMS');
    const done = await call(flow, 'otp', { code: sent[0].code });
    assert.equal(done.status, 200);
  });

  test('a code works only for its own interaction, and one code per account is live: a new attempt supersedes the one before', async () => {
    const a = await openInteraction(origin);
    const b = await openInteraction(origin);
    assert.equal((await credentials(a, KIET)).status, 200);
    const codeA = await latestCode(origin, a.uid);
    assert.equal((await credentials(b, KIET)).status, 200);
    const codeB = await latestCode(origin, b.uid);
    if (codeA !== codeB) {
      const crossed = await call(b, 'otp', { code: codeA });
      assert.equal(crossed.status, 400);
      assert.equal(crossed.body.error, 'otp_invalid');
    }
    // b's cookie with a's page: the interaction cookie decides which interaction this is.
    const mixed = await browse(b.jar, `${a.pageUrl}/otp`, { method: 'POST', headers: { origin }, json: { code: codeA } });
    assert.equal(mixed.status, 410);
    // a's code died when b's was sent: the right code of the older attempt is refused.
    const superseded = await call(a, 'otp', { code: codeA });
    assert.equal(superseded.status, 400);
    assert.equal(superseded.body.error, 'otp_expired');
    assert.equal(superseded.body.superseded, true);
    // The password again on a, within a's 60 s: a new code (the old one is dead), which supersedes b's.
    const sentBefore = (await outbox(origin)).length;
    assert.equal((await credentials(a, KIET)).status, 200);
    assert.equal((await outbox(origin)).length, sentBefore + 1, 'a new SMS');
    const codeA2 = await latestCode(origin, a.uid);
    assert.equal((await call(b, 'otp', { code: codeB })).body.superseded, true);
    assert.equal((await call(a, 'otp', { code: codeA2 })).status, 200);
  });

  test('five wrong codes lock the challenge: 423 at the fifth, then even the right code and resend are refused', async () => {
    const flow = await openInteraction(origin);
    assert.equal((await credentials(flow, HUONG)).status, 200);
    const code = await latestCode(origin, flow.uid);
    const wrong = otherCode(code);
    for (const left of [4, 3, 2, 1]) {
      const res = await call(flow, 'otp', { code: wrong });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.body).sort(), ['attemptsLeft', 'error', 'message']);
      assert.equal(res.body.error, 'otp_invalid');
      assert.equal(res.body.attemptsLeft, left);
    }
    const fifth = await call(flow, 'otp', { code: wrong });
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.error, 'otp_locked');
    assert.equal(typeof fifth.body.message, 'string');

    const right = await call(flow, 'otp', { code });
    assert.equal(right.status, 423, 'the right code no longer works');
    assert.equal(right.body.error, 'otp_locked');
    await setClock(origin, 2 * MINUTE);
    try {
      const resend = await call(flow, 'otp/resend');
      assert.equal(resend.status, 423, 'no new code for a locked challenge');
      assert.equal(resend.body.error, 'otp_locked');
    } finally {
      await setClock(origin, 0);
    }
    // Typing the password again does not buy five more guesses.
    const again = await credentials(flow, HUONG);
    assert.ok([423, 429].includes(again.status), String(again.status));
  });

  test('an expired code (dev clock moved 5 minutes) is otp_expired; a new code then works', async () => {
    const flow = await openInteraction(origin);
    assert.equal((await credentials(flow, NHAN)).status, 200);
    const code = await latestCode(origin, flow.uid);
    try {
      await setClock(origin, 4 * MINUTE + 50_000);
      const stillGood = await call(flow, 'otp', { code: otherCode(code) });
      assert.equal(stillGood.body.error, 'otp_invalid', 'at 4:50 the code is still live');

      const clock = await setClock(origin, 5 * MINUTE);
      assert.equal(clock.offsetMs, 5 * MINUTE);
      const expired = await call(flow, 'otp', { code });
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error, 'otp_expired');
      assert.equal(typeof expired.body.message, 'string');

      const resend = await call(flow, 'otp/resend');
      assert.equal(resend.status, 200, resend.text);
      assert.equal(resend.body.otp.attemptsLeft, 4, 'wrong tries are not forgotten by a resend');
      assert.equal(resend.body.otp.resendAfter, 60);
      const fresh = await latestCode(origin, flow.uid);
      const ok = await call(flow, 'otp', { code: fresh });
      assert.equal(ok.status, 200, ok.text);
    } finally {
      await setClock(origin, 0);
    }
  });

  test('resend: 429 with Retry-After before 60 s; after, a new code and the old one is dead', async () => {
    const flow = await openInteraction(origin);
    assert.equal((await credentials(flow, KIET)).status, 200);
    const oldCode = await latestCode(origin, flow.uid);
    try {
      await setClock(origin, 30_000);
      const early = await call(flow, 'otp/resend');
      assert.equal(early.status, 429);
      assert.equal(early.body.error, 'rate_limited');
      assert.equal(typeof early.body.message, 'string');
      assert.equal(early.headers.get('retry-after'), String(early.body.retryAfter));
      assert.ok(early.body.retryAfter > 0 && early.body.retryAfter <= 30, String(early.body.retryAfter));

      await setClock(origin, 61_000);
      const sentBefore = (await outbox(origin)).length;
      const resend = await call(flow, 'otp/resend');
      assert.equal(resend.status, 200, resend.text);
      assert.equal(resend.body.otp.maskedPhone, '*******678');
      assert.equal(resend.body.otp.attemptsLeft, 5);
      const messages = await outbox(origin);
      assert.equal(messages.length, sentBefore + 1, 'one new SMS');
      assert.equal(messages[0].interaction, flow.uid, 'newest first');
      const newCode = messages[0].code;
      assert.ok(Date.parse(resend.body.otp.expiresAt) > Date.now() + 5 * MINUTE, 'a fresh 5 minutes from the (moved) clock');

      if (newCode !== oldCode) {
        const stale = await call(flow, 'otp', { code: oldCode });
        assert.equal(stale.status, 400);
        assert.equal(stale.body.error, 'otp_invalid');
      }
      const again = await call(flow, 'otp/resend');
      assert.equal(again.status, 429, 'the cooldown starts again');
      const ok = await call(flow, 'otp', { code: newCode });
      assert.equal(ok.status, 200);
    } finally {
      await setClock(origin, 0);
    }
  });

  test('the development outbox page lists the messages in Vietnamese under the same CSP', async () => {
    const flow = await openInteraction(origin);
    assert.equal((await credentials(flow, LAN_ANH)).status, 200);
    const code = await latestCode(origin, flow.uid);
    const res = await fetch(`${origin}/dev/sms`);
    assert.equal(res.status, 200);
    assert.doesNotMatch(/** @type {string} */ (res.headers.get('content-security-policy')), /unsafe-inline/);
    const html = await res.text();
    assert.match(html, /<html lang="vi">/);
    assert.match(html, /Hộp thư SMS/);
    assert.match(html, new RegExp(`Mã xác thực Cổng DVC: ${code}\\. Hiệu lực 5 phút\\.`));
    assert.match(html, new RegExp(LAN_ANH.phone));
    assert.match(html, /<th scope="col">Thời gian<\/th>/);
    assert.match(html, /\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/);
    assert.doesNotMatch(html, /<script|style=/);

    const clock = await (await fetch(`${origin}/dev/clock`)).json();
    assert.equal(clock.offsetMs, 0);
    const bad = await fetch(`${origin}/dev/clock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: 'soon' }),
    });
    assert.equal(bad.status, 400);
    const reset = await fetch(`${origin}/dev/clock`, { method: 'DELETE' });
    assert.equal((await reset.json()).offsetMs, 0);
  });

  test('cancelling from the page returns access_denied to the agency', async () => {
    const flow = await openInteraction(origin);
    let res = await browse(flow.jar, `${flow.pageUrl}/abort`, { method: 'POST', form: {} });
    assert.equal(res.status, 303);
    res = await browse(flow.jar, new URL(/** @type {string} */ (res.headers.get('location')), flow.pageUrl).href);
    const callback = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), flow.state);
  });
});

describe('rate limits of the password step', () => {
  /** @type {Server} */
  let server;
  /** @type {string} */
  let origin;
  let offset = 0;

  before(async () => {
    server = await startServer({ port: 0, quiet: true, production: false });
    origin = server.url.replace(/\/$/, '');
  });

  after(async () => {
    await server.close();
  });

  /** Moves the server's clock past every window, so each test starts clean. */
  async function freshWindow() {
    offset += 16 * MINUTE;
    await setClock(origin, offset);
  }

  test('per client address: 30 failures in 15 minutes over all ID numbers, then 429 with Retry-After', async () => {
    await freshWindow();
    const flow = await openInteraction(origin);
    for (let i = 0; i < 30; i += 1) {
      // A different unknown number each time, so the per-account limit is not what stops it.
      const res = await credentials(flow, { idNumber: `04509990${String(i).padStart(4, '0')}` });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const limited = await credentials(flow, KIET);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'rate_limited');
    assert.equal(typeof limited.body.message, 'string');
    assert.ok(limited.body.retryAfter > 0 && limited.body.retryAfter <= 15 * 60, String(limited.body.retryAfter));
    assert.equal(limited.headers.get('retry-after'), String(limited.body.retryAfter));

    await setClock(origin, offset + 15 * MINUTE + 1000);
    offset += 15 * MINUTE + 1000;
    const later = await credentials(flow, KIET);
    assert.equal(later.status, 200, 'the window has passed');
  });

  test('per ID number and client: increasing delays after the second failure, 429 at the fifth, the same for an unknown number', async () => {
    for (const citizen of [NHAN, { idNumber: '045099999997' }]) {
      await freshWindow();
      const flow = await openInteraction(origin);
      assert.equal((await credentials(flow, citizen, 'Sai@2023')).status, 401);
      assert.equal((await credentials(flow, citizen, 'Sai@2023')).status, 401);
      // Delays of 1, 2 and 4 s before the 3rd, 4th and 5th try.
      for (const delay of [1, 2, 4]) {
        const early = await credentials(flow, citizen, DEMO_PASSWORD);
        assert.equal(early.status, 429, `${citizen.idNumber} before ${delay} s`);
        assert.equal(early.body.error, 'rate_limited');
        assert.ok(Number(early.headers.get('retry-after')) <= delay, early.headers.get('retry-after') ?? '');
        offset += delay * 1000;
        await setClock(origin, offset);
        assert.equal((await credentials(flow, citizen, 'Sai@2023')).status, 401, `after ${delay} s`);
      }
      offset += 60_000;
      await setClock(origin, offset);
      const limited = await credentials(flow, citizen, DEMO_PASSWORD);
      assert.equal(limited.status, 429, 'five failures: the window must pass');
      assert.ok(Number(limited.headers.get('retry-after')) > 60);
    }
    // Another number from the same address is not affected.
    const other = await openInteraction(origin);
    assert.equal((await credentials(other, LAN_ANH)).status, 200);
  });

  test('wrong codes no longer hold the password step (the code step has its own per-account limits)', async () => {
    await freshWindow();
    const flow = await openInteraction(origin);
    assert.equal((await credentials(flow, HUONG)).status, 200);
    const code = await latestCode(origin, flow.uid);
    for (let i = 0; i < 5; i += 1) await call(flow, 'otp', { code: otherCode(code) });
    const next = await openInteraction(origin);
    assert.equal((await credentials(next, HUONG)).status, 200, 'a new attempt, a new code: 5 more tries of the 10 an hour');
  });
});

describe('production mode', () => {
  test('no SMS outbox, no clock: /dev is 404; without an SMS gateway the password step says it cannot send', async () => {
    const server = await startServer({ port: 0, quiet: true, production: true });
    try {
      const origin = server.url.replace(/\/$/, '');
      for (const p of ['/dev/sms', '/dev/sms.json', '/dev/clock', '/dev/']) {
        const res = await fetch(`${origin}${p}`);
        assert.equal(res.status, 404, p);
        assert.doesNotMatch(await res.text(), /Mã xác thực/);
      }
      const post = await fetch(`${origin}/dev/clock`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: 600_000 }),
      });
      assert.equal(post.status, 404);

      const flow = await openInteraction(origin);
      const page = await browse(flow.jar, flow.pageUrl);
      assert.equal(page.status, 200);
      assert.ok(signinAction(await page.text()));
      const res = await credentials(flow, KIET);
      assert.equal(res.status, 503);
      assert.equal(res.body.error, 'unavailable');
      const wrong = await credentials(flow, KIET, 'Sai@2023');
      assert.equal(wrong.status, 401, 'the password is still checked first');
    } finally {
      await server.close();
    }
  });
});

describe('OTP store', () => {
  test('codes are six CSPRNG digits, leading zeros kept, and spread over the range', () => {
    const codes = Array.from({ length: 2000 }, () => generateCode());
    for (const code of codes) assert.match(code, /^\d{6}$/);
    const firstDigits = new Set(codes.map((c) => c[0]));
    assert.equal(firstDigits.size, 10, 'leading zeros appear too');
    assert.ok(new Set(codes).size > 1990);
  });

  test('a challenge keeps only an HMAC of the code, bound to the interaction and the account', () => {
    const clock = createClock();
    const store = createOtpStore({ clock });
    const { challenge, code } = store.issue('uid-1', { sub: KIET.sub, phone: KIET.phone }, 'vneid');
    const [stored] = store.snapshot();
    assert.equal(stored.hash.length, 32, 'SHA-256 sized');
    assert.ok(!stored.hash.toString('hex').includes(code) && !stored.hash.toString('latin1').includes(code));
    const serialised = JSON.stringify(stored, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));
    assert.doesNotMatch(serialised, new RegExp(`"${code}"|:${code}[,}]`), 'no clear code in any field');
    assert.deepEqual(Object.keys(stored).sort(), [
      'accountType', 'expiresAt', 'failures', 'hash', 'locked', 'phone', 'resendAt', 'sendTimes', 'sends', 'sentAt',
      'sub', 'superseded', 'tryTimes', 'uid',
    ]);
    assert.equal(challenge.sub, KIET.sub);

    // The same code for another interaction or account hashes differently: a code travels nowhere.
    const other = createOtpStore({ clock, key: Buffer.alloc(32, 1) });
    other.issue('uid-1', { sub: KIET.sub, phone: KIET.phone }, 'vneid');
    assert.equal(store.verify('uid-2', code).ok, false);
    assert.equal(store.verify('uid-1', code).ok, true);
    assert.equal(store.verify('uid-1', code).ok, false, 'one use');
  });

  test('expiry, cooldown and lock follow the injected clock', () => {
    let now = Date.UTC(2023, 3, 11, 10, 0, 0);
    const clock = createClock(() => now);
    const store = createOtpStore({ clock });
    const { code } = store.issue('u', { sub: 's', phone: '0912345678' }, 'dvcqg');
    assert.deepEqual(store.status(/** @type {any} */ (store.get('u'))), {
      maskedPhone: '*******678', expiresAt: '2023-04-11T10:05:00.000Z', expiresIn: 300, resendAfter: 60, attemptsLeft: 5,
    });
    now += 59_000;
    assert.deepEqual(store.resend('u'), { ok: false, reason: 'cooldown', retryAfter: 1 });
    now += OTP_RULES.ttlMs;
    assert.deepEqual(store.verify('u', code), { ok: false, reason: 'expired' });
    const r = store.resend('u');
    assert.ok(r.ok);
    for (let i = 1; i <= 5; i += 1) {
      const v = store.verify('u', otherCode(r.code));
      assert.deepEqual(v, { ok: false, reason: 'invalid', attemptsLeft: 5 - i, locked: i === 5 });
    }
    assert.deepEqual(store.verify('u', r.code), { ok: false, reason: 'locked' });
    clock.offsetMs = 3_600_000;
    assert.equal(store.get('u'), undefined, 'forgotten long after');
  });

  test('sliding-window rate limiter, and the clock ignores events from a future it was set back from', () => {
    let now = 1_000_000;
    const clock = createClock(() => now);
    const limiter = createRateLimiter({ clock, limit: 2, windowMs: 10_000 });
    assert.equal(limiter.retryAfter('a'), 0);
    limiter.hit('a');
    now += 4_000;
    limiter.hit('a');
    assert.equal(limiter.retryAfter('a'), 6);
    assert.equal(limiter.retryAfter('b'), 0);
    now += 6_001;
    assert.equal(limiter.retryAfter('a'), 0);
    clock.offsetMs = 60_000;
    limiter.hit('b');
    limiter.hit('b');
    assert.ok(limiter.retryAfter('b') > 0);
    clock.offsetMs = 0;
    assert.equal(limiter.retryAfter('b'), 0);
    assert.throws(() => { clock.offsetMs = Number.NaN; }, RangeError);
  });

  test('masking and the SMS text', () => {
    assert.equal(maskPhone('0912345678'), '*******678');
    assert.equal(maskPhone('0358 765 432'), '*******432');
    assert.equal(smsText('012345'), 'Mã xác thực Cổng DVC: 012345. Hiệu lực 5 phút.');
  });
});

describe('OpenAPI document of the interaction endpoints', () => {
  test('describes every endpoint, status and error code the server answers', () => {
    const doc = JSON.parse(readFileSync(new URL('../../openapi/auth-interaction.json', import.meta.url), 'utf8'));
    assert.equal(doc.openapi, '3.1.0');
    const paths = doc.paths;
    for (const p of ['/interaction/{uid}', '/interaction/{uid}/credentials', '/interaction/{uid}/otp', '/interaction/{uid}/otp/resend', '/interaction/{uid}/abort', '/dev/sms', '/dev/sms.json', '/dev/clock']) {
      assert.ok(paths[p], p);
    }
    const statuses = (/** @type {string} */ p) => Object.keys(paths[p].post.responses).sort();
    assert.deepEqual(statuses('/interaction/{uid}/credentials'), ['200', '400', '401', '403', '410', '415', '429', '503']);
    assert.deepEqual(statuses('/interaction/{uid}/otp'), ['200', '400', '403', '410', '415', '423', '429']);
    assert.deepEqual(statuses('/interaction/{uid}/otp/resend'), ['200', '400', '403', '410', '423', '429', '503']);
    const codes = doc.components.schemas.Error.properties.error.enum;
    for (const code of [
      'invalid_request', 'invalid_credentials', 'rate_limited', 'otp_invalid', 'otp_expired', 'otp_locked', 'session_expired',
      'forbidden', 'unavailable', 'too_many_codes', 'too_many_code_attempts', 'busy', 'misdirected_request',
    ]) {
      assert.ok(codes.includes(code), code);
    }
    assert.deepEqual(doc.components.schemas.OtpChallenge.required.sort(), ['attemptsLeft', 'expiresAt', 'maskedPhone', 'resendAfter']);
    // The numbers the server keeps are the ones the document gives.
    assert.match(doc.info.description, new RegExp(`N = ${OTP_RULES.maxSendsPerAccount} codes sent per account per hour`));
    assert.match(doc.info.description, new RegExp(`M = ${OTP_RULES.maxTriesPerAccount} codes tried per account per hour`));
  });
});
