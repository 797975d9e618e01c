// The sign-in and the development tools tried as an attacker would (issue 11): parallel guesses,
// code guessing across sign-in attempts, lockout by strangers, SMS flooding, cross-site switches,
// forged Host headers and a password flood next to static files. Each test fails if its finding
// comes back.

import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../server/index.js';
import { BusyError, CITIZENS, DEMO_PASSWORD, HASHING, createWorkQueue } from '../../server/auth/accounts.js';
import { OTP_RULES, createClock, createRateLimiter } from '../../server/auth/otp.js';
import { RATE_LIMITS } from '../../server/auth/interactions.js';
import { CookieJar, b64url, browse, latestCode, pkce } from './http-browser.js';

const [KIET, HUONG, NHAN, LAN_ANH] = CITIZENS;
const HOUR = 60 * 60_000;

/**
 * @typedef {Awaited<ReturnType<typeof startServer>>} Server
 * @typedef {{ jar: CookieJar, pageUrl: string, uid: string, headers: Record<string, string> }} Flow
 */

/**
 * An authorization request up to the sign-in page, and the page itself (which sets the device
 * cookie), as a browser with `headers` (e.g. X-Forwarded-For behind a proxy) does it.
 * @param {string} origin
 * @param {{ jar?: CookieJar, headers?: Record<string, string>, page?: boolean }} [options]
 * @returns {Promise<Flow>}
 */
async function open(origin, { jar = new CookieJar(), headers = {}, page = true } = {}) {
  const { challenge } = pkce();
  const url = new URL(`${origin}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: 'dvc-demo', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid profile',
    state: b64url(randomBytes(16)), nonce: b64url(randomBytes(16)), code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  const res = await browse(jar, url.href, { headers });
  assert.equal(res.status, 303);
  const pageUrl = new URL(/** @type {string} */ (res.headers.get('location')), url).href;
  if (page) assert.equal((await browse(jar, pageUrl, { headers })).status, 200);
  return { jar, pageUrl, uid: new URL(pageUrl).pathname.split('/')[2], headers };
}

/**
 * @param {Flow} flow
 * @param {'credentials' | 'otp' | 'otp/resend'} path
 * @param {unknown} body
 */
async function call(flow, path, body = {}) {
  const res = await browse(flow.jar, `${flow.pageUrl}/${path}`, {
    method: 'POST', headers: { origin: new URL(flow.pageUrl).origin, ...flow.headers }, json: body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** @param {Flow} flow @param {{ idNumber: string }} citizen @param {string} [password] */
const signin = (flow, citizen, password = DEMO_PASSWORD) => call(flow, 'credentials', { accountType: 'vneid', idNumber: citizen.idNumber, password });

/** @param {string} code */
const otherCode = (code) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** @param {string} origin @param {number} offsetMs */
async function setClock(origin, offsetMs) {
  const res = await fetch(`${origin}/dev/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }),
  });
  assert.equal(res.status, 200);
}

/** @param {string} origin */
async function outbox(origin) {
  return /** @type {{ to: string, code: string, interaction: string }[]} */ (await (await fetch(`${origin}/dev/sms.json`)).json());
}

/**
 * A raw request with any Host header (fetch does not let a page choose it; a DNS-rebinding page's
 * browser sends the attacker's name).
 * @param {number} port
 * @param {string} path
 * @param {{ method?: string, headers?: Record<string, string>, body?: string }} [options]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string }>}
 */
function raw(port, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A development server for the tests of one describe block (started before them, closed after).
 * @param {Parameters<typeof startServer>[0]} [options]
 */
function suiteServer(options = {}) {
  const ctx = { server: /** @type {Server} */ (/** @type {unknown} */ (undefined)), origin: '' };
  before(async () => {
    ctx.server = await startServer({ port: 0, quiet: true, production: false, ...options });
    ctx.origin = ctx.server.url.replace(/\/$/, '');
  });
  after(() => ctx.server.close());
  return ctx;
}

/**
 * Runs `fn` against a development server of its own.
 * @param {Parameters<typeof startServer>[0]} options
 * @param {(server: Server, origin: string) => Promise<void>} fn
 */
async function withServer(options, fn) {
  const server = await startServer({ port: 0, quiet: true, production: false, ...options });
  try {
    await fn(server, server.url.replace(/\/$/, ''));
  } finally {
    await server.close();
  }
}

/** @param {number} n @param {number} i a 12-digit number no citizen has */
const unknownId = (n, i) => `0451${String(n).padStart(2, '0')}${String(i).padStart(6, '0')}`;

describe('finding 1: parallel guesses, concurrent hashing, bounded tables', () => {
  const ctx = suiteServer({ trustProxy: 1 });
  let offset = 0;

  async function freshWindow() {
    offset += 2 * HOUR;
    await setClock(ctx.origin, offset);
  }

  test('200 wrong passwords at once for one ID number: at most the limit of 401s, every other answer 429 with Retry-After', async () => {
    await freshWindow();
    const flow = await open(ctx.origin);
    const answers = await Promise.all(Array.from({ length: 200 }, () => signin(flow, NHAN, 'Sai@2023')));
    const checked = answers.filter((a) => a.status === 401);
    const refused = answers.filter((a) => a.status === 429);
    assert.equal(checked.length + refused.length, 200, answers.map((a) => a.status).join());
    assert.ok(checked.length >= 1 && checked.length <= RATE_LIMITS.account.limit, `${checked.length} guesses were checked`);
    for (const a of refused) {
      assert.equal(a.body.error, 'rate_limited');
      assert.ok(Number(a.headers.get('retry-after')) >= 1);
    }
    // And once more: the same flood right after gets no more guesses in.
    const again = await Promise.all(Array.from({ length: 50 }, () => signin(flow, NHAN, 'Sai@2023')));
    assert.ok(again.every((a) => a.status === 429));
  });

  test('200 wrong passwords at once over 200 ID numbers from one address: at most the address limit of 401s', async () => {
    await freshWindow();
    const flow = await open(ctx.origin);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signin(flow, { idNumber: unknownId(1, i) }, 'Sai@2023')));
    const checked = answers.filter((a) => a.status === 401).length;
    assert.ok(checked <= RATE_LIMITS.address.limit, `${checked} guesses were checked`);
    assert.ok(answers.every((a) => a.status === 401 || a.status === 429 || a.status === 503), answers.map((a) => a.status).join());
  });

  test('a flood from many addresses: hashing is bounded (503 with Retry-After beyond the queue) and static files keep answering', async () => {
    await freshWindow();
    const flow = await open(ctx.origin);
    let flooding = true;
    /** @type {number[]} */
    const staticTimes = [];
    const statics = (async () => {
      while (flooding) {
        const t0 = performance.now();
        const res = await fetch(`${ctx.origin}/demo.css`);
        await res.arrayBuffer();
        assert.equal(res.status, 200);
        if (flooding) staticTimes.push(performance.now() - t0);
      }
    })();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => call(
      { ...flow, headers: { 'x-forwarded-for': `198.51.100.${i % 250}` } },
      'credentials',
      { accountType: 'vneid', idNumber: unknownId(2, i), password: 'Sai@2023' },
    )));
    const flood = performance.now() - started;
    flooding = false;
    await statics;
    // Unbounded, every scrypt of the flood queued on the thread pool ahead of the file read: the
    // first static file waited for the whole flood. Bounded, files are read while it runs.
    const longest = Math.max(...staticTimes);
    assert.ok(staticTimes.length >= 3, `${staticTimes.length} static answers during a flood of ${flood.toFixed(0)} ms`);
    assert.ok(longest < flood / 3, `a static file took ${longest.toFixed(0)} ms during a flood of ${flood.toFixed(0)} ms`);
    const busy = answers.filter((a) => a.status === 503);
    assert.ok(busy.length > 0, 'the queue refused the rest at once');
    assert.ok(answers.every((a) => a.status === 401 || a.status === 503), answers.map((a) => a.status).join());
    for (const a of busy) {
      assert.equal(a.body.error, 'busy');
      assert.equal(a.headers.get('retry-after'), String(a.body.retryAfter));
    }
  });

  test('the queue of password checks: 2 run, 32 wait, the next is refused at once without running', async () => {
    const queue = createWorkQueue(HASHING);
    /** @type {(() => void)[]} */
    const finish = [];
    let ran = 0;
    const task = () => new Promise((resolve) => { ran += 1; finish.push(() => resolve(undefined)); });
    const accepted = Array.from({ length: HASHING.concurrency + HASHING.queue }, () => queue.run(task));
    await Promise.resolve();
    assert.equal(ran, HASHING.concurrency);
    assert.deepEqual({ active: queue.active, waiting: queue.waiting }, { active: HASHING.concurrency, waiting: HASHING.queue });
    await assert.rejects(queue.run(task), (err) => err instanceof BusyError && err.retryAfter === HASHING.retryAfter);
    while (finish.length) {
      /** @type {() => void} */ (finish.shift())();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(accepted);
    assert.equal(ran, HASHING.concurrency + HASHING.queue);
    assert.deepEqual({ active: queue.active, waiting: queue.waiting }, { active: 0, waiting: 0 });
  });

  test('the limiter\'s tables stay bounded under many distinct ID numbers, and expired entries are swept', () => {
    let now = 0;
    const clock = createClock(() => now);
    const limiter = createRateLimiter({ clock, limit: 5, windowMs: 60_000, maxKeys: 1000 });
    for (let i = 0; i < 20_000; i += 1) {
      assert.equal(limiter.take(unknownId(3, i)).ok, true);
      if (i % 1000 === 0) now += 1;
    }
    assert.ok(limiter.size <= 1000, String(limiter.size));
    now += 60_001;
    limiter.take('another');
    assert.equal(limiter.size, 1, 'every expired key is gone');
    // The server's own tables are built with the same bound.
    assert.ok(RATE_LIMITS.account.limit > 0);
  });

  test('take() counts before the caller awaits anything, and release() gives a success back', () => {
    const clock = createClock(() => 1_000_000);
    const limiter = createRateLimiter({ clock, limit: 3, windowMs: 60_000 });
    const taken = [limiter.take('k'), limiter.take('k'), limiter.take('k'), limiter.take('k')];
    assert.deepEqual(taken.map((t) => t.ok), [true, true, true, false]);
    const first = taken[0];
    assert.ok(first.ok);
    first.release();
    first.release(); // twice is once
    assert.equal(limiter.take('k').ok, true, 'a place was given back');
    assert.equal(limiter.take('k').ok, false);
  });

  test('the server\'s limiter tables are swept: a spray of distinct ID numbers is forgotten once its window has passed', async () => {
    await freshWindow();
    const { limits } = ctx.server.signin;
    const flow = await open(ctx.origin);
    for (let batch = 0; batch < 4; batch += 1) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => call(
        { ...flow, headers: { 'x-forwarded-for': `192.0.2.${batch * 25 + i}` } },
        'credentials',
        { accountType: 'vneid', idNumber: unknownId(5, batch * 25 + i), password: 'Sai@2023' },
      )));
    }
    assert.ok(limits.account.size >= 50 && limits.account.size <= 100, String(limits.account.size));
    assert.ok(limits.account.maxKeys <= 10_000 && limits.address.maxKeys <= 10_000);
    offset += RATE_LIMITS.account.windowMs + 1000;
    await setClock(ctx.origin, offset);
    await signin(flow, { idNumber: unknownId(6, 1) }, 'Sai@2023');
    assert.ok(limits.account.size <= 1, `${limits.account.size} keys left`);
    assert.ok(limits.address.size <= 1, `${limits.address.size} keys left`);
  });
});

describe('finding 2: codes across sign-in attempts, SMS flooding', () => {
  const ctx = suiteServer();
  let offset = 0;

  async function freshWindow() {
    offset += 2 * HOUR;
    await setClock(ctx.origin, offset);
  }

  test(`20 sign-in attempts with the right password send at most ${OTP_RULES.maxSendsPerAccount} codes and allow at most ${OTP_RULES.maxTriesPerAccount} guesses in all`, async () => {
    await freshWindow();
    const before = (await outbox(ctx.origin)).filter((m) => m.to === HUONG.phone).length;
    let guesses = 0;
    /** @type {number[]} */
    const passwordAnswers = [];
    /** @type {string[]} */
    const codeErrors = [];
    let lastCode = '';
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const flow = await open(ctx.origin);
      const step2 = await signin(flow, HUONG);
      passwordAnswers.push(step2.status);
      if (step2.status === 200) lastCode = await latestCode(ctx.origin, flow.uid);
      // Five guesses on each attempt, whatever step 2 said.
      for (let i = 0; i < 5; i += 1) {
        const res = await call(flow, 'otp', { code: otherCode(lastCode || '000000') });
        if (res.status === 400 || res.status === 423) guesses += res.body.error === 'otp_invalid' || res.status === 423 ? 1 : 0;
        codeErrors.push(res.body.error);
      }
    }
    const sent = (await outbox(ctx.origin)).filter((m) => m.to === HUONG.phone).length - before;
    assert.ok(sent <= OTP_RULES.maxSendsPerAccount, `${sent} SMS sent`);
    assert.equal(passwordAnswers.filter((s) => s === 200).length, sent);
    assert.ok(guesses <= OTP_RULES.maxTriesPerAccount, `${guesses} codes were compared`);
    assert.ok(codeErrors.includes('too_many_code_attempts'), 'the account limit answered');
    // The limit is checked before a code is compared: even the right code of a live attempt waits.
    const flow = await open(ctx.origin);
    const step2 = await signin(flow, HUONG);
    assert.equal(step2.status, 429);
    assert.equal(step2.body.error, 'too_many_codes');
    assert.ok(step2.body.retryAfter > 0 && step2.body.retryAfter <= 3600);
    assert.equal(step2.headers.get('retry-after'), String(step2.body.retryAfter));
  });

  test('the account\'s try limit is checked before the code: the right code is refused once it is reached', async () => {
    await freshWindow();
    let tried = 0;
    /** @type {Flow | undefined} */
    let flow;
    let code = '';
    while (tried < OTP_RULES.maxTriesPerAccount) {
      flow = await open(ctx.origin);
      assert.equal((await signin(flow, NHAN)).status, 200);
      code = await latestCode(ctx.origin, flow.uid);
      for (let i = 0; i < OTP_RULES.maxAttempts - 1 && tried < OTP_RULES.maxTriesPerAccount; i += 1, tried += 1) {
        assert.equal((await call(flow, 'otp', { code: otherCode(code) })).status, 400);
      }
    }
    const right = await call(/** @type {Flow} */ (flow), 'otp', { code });
    assert.equal(right.status, 429, 'not compared');
    assert.equal(right.body.error, 'too_many_code_attempts');
    assert.ok(Number(right.headers.get('retry-after')) > 0);
  });

  test('resending counts too; a citizen who signs in often is not held up (a success gives its codes back)', async () => {
    await freshWindow();
    for (let i = 0; i < OTP_RULES.maxSendsPerAccount + 3; i += 1) {
      const flow = await open(ctx.origin);
      assert.equal((await signin(flow, LAN_ANH)).status, 200, `sign-in ${i + 1}`);
      assert.equal((await call(flow, 'otp', { code: await latestCode(ctx.origin, flow.uid) })).status, 200);
    }
    const flow = await open(ctx.origin);
    assert.equal((await signin(flow, LAN_ANH)).status, 200);
    let resends = 0;
    for (let i = 0; i < 10; i += 1) {
      offset += 61_000;
      await setClock(ctx.origin, offset);
      const res = await call(flow, 'otp/resend');
      if (res.status === 200) resends += 1;
      else {
        assert.equal(res.status, 429);
        assert.equal(res.body.error, 'too_many_codes');
      }
    }
    assert.equal(resends, OTP_RULES.maxSendsPerAccount - 1, 'the first code and the resends share the hour\'s codes');
  });
});

describe('finding 3: no lockout by strangers', () => {
  test('behind a proxy (TRUST_PROXY), a stranger\'s failures from another address do not block the citizen\'s right password', async () => {
    await withServer({ trustProxy: 1 }, async (_server, origin) => {
    const stranger = await open(origin, { headers: { 'x-forwarded-for': '203.0.113.66' }, page: false });
    const failures = await Promise.all(Array.from({ length: 50 }, () => signin(stranger, KIET, 'Sai@2023')));
    assert.ok(failures.every((a) => a.status === 401 || a.status === 429));
    assert.equal((await signin(stranger, KIET)).status, 429, 'the stranger is held');
    // A client that claims to be someone else, in front of the proxy: only the rightmost hop counts.
    const forged = await open(origin, { headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.66' }, page: false });
    assert.equal((await signin(forged, KIET)).status, 429, 'the left of X-Forwarded-For is not read');

    const citizen = await open(origin, { headers: { 'x-forwarded-for': '198.51.100.7' }, page: false });
    const ok = await signin(citizen, KIET);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });
  });

  test('without a proxy, a stranger at the same address does not block the citizen\'s device (its cookie), even for 30 failures over many numbers', async () => {
    await withServer({}, async (_server, origin) => {
    // The citizen signed in on this phone before: its device cookie is known for the number.
    const phone = new CookieJar();
    const first = await open(origin, { jar: phone });
    assert.ok(phone.header(first.pageUrl).includes('dvc_device='), 'the sign-in page set a device cookie');
    assert.equal((await signin(first, KIET)).status, 200);

    // A stranger with no cookie (or a fresh one each time) fails on the citizen's number and others.
    const stranger = await open(origin, { page: false });
    await Promise.all(Array.from({ length: 40 }, (_, i) => signin(stranger, i < 5 ? KIET : { idNumber: unknownId(4, i) }, 'Sai@2023')));
    assert.equal((await signin(stranger, KIET)).status, 429, 'the stranger is held');
    const fresh = await open(origin);
    assert.equal((await signin(fresh, KIET, 'Sai@2023')).status, 429, 'a fresh device cookie does not escape the address limit');

    const again = await open(origin, { jar: phone });
    assert.equal((await signin(again, KIET)).status, 200, 'the citizen\'s own device signs in');
    });
  });

  test('a forged device cookie is no device', async () => {
    await withServer({}, async (_server, origin) => {
    const jar = new CookieJar();
    const flow = await open(origin, { jar });
    const [key] = [...jar.cookies.keys()].filter((k) => k.startsWith('dvc_device|'));
    const cookie = /** @type {{ value: string, path: string }} */ (jar.cookies.get(key));
    const [id] = cookie.value.split('.');
    jar.cookies.set(key, { ...cookie, value: `${id}.${b64url(randomBytes(16))}` });
    const page = await browse(jar, flow.pageUrl);
    assert.match(String(page.headers.get('set-cookie')), /dvc_device=/, 'a new, signed one replaces it');
    });
  });
});

describe('finding 5: development switches from other sites', () => {
  const ctx = suiteServer();

  const faults = async () => (await (await fetch(`${ctx.origin}/api/dev/faults`)).json()).faults;

  test('a cross-site text/plain POST to /api/dev/faults changes nothing', async () => {
    const body = JSON.stringify({ path: '/api', mode: 'hang' });
    for (const headers of [
      { 'content-type': 'text/plain', origin: 'http://evil.example' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json', origin: 'http://evil.example' },
      { 'content-type': 'application/json', origin: 'http://localhost:1' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
    ]) {
      const res = await fetch(`${ctx.origin}/api/dev/faults`, { method: 'POST', headers, body });
      assert.ok(res.status === 403 || res.status === 415, `${JSON.stringify(headers)}: ${res.status}`);
      assert.deepEqual(await faults(), [], JSON.stringify(headers));
    }
    const evilDelete = await fetch(`${ctx.origin}/api/dev/faults`, { method: 'DELETE', headers: { origin: 'http://evil.example' } });
    assert.equal(evilDelete.status, 403);
    const preflight = await fetch(`${ctx.origin}/api/dev/faults`, {
      method: 'OPTIONS', headers: { origin: 'http://localhost:1', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    // The server's own page may.
    const own = await fetch(`${ctx.origin}/api/dev/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: ctx.origin }, body: JSON.stringify({ path: '/api/stats', mode: '503', times: 1 }),
    });
    assert.equal(own.status, 200);
    assert.equal((await faults()).length, 1);
    assert.equal((await fetch(`${ctx.origin}/api/dev/faults`, { method: 'DELETE' })).status, 200);
  });

  test('/dev/clock and /api/dev/population-db: the same rules', async () => {
    for (const [path, body] of [['/dev/clock', { offsetMs: 3_600_000 }], ['/api/dev/population-db', { mode: 'unavailable' }]]) {
      const text = await fetch(`${ctx.origin}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
      assert.equal(text.status, 415, path);
      const cross = await fetch(`${ctx.origin}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: JSON.stringify(body),
      });
      assert.equal(cross.status, 403, path);
    }
    const clock = await (await fetch(`${ctx.origin}/dev/clock`)).json();
    assert.equal(clock.offsetMs, 0);
    assert.equal((await (await fetch(`${ctx.origin}/api/dev/population-db`)).json()).mode, 'normal');
  });
});

describe('finding 6 and DNS rebinding: the Host header', () => {
  test('a foreign Host gets neither discovery nor the SMS outbox (421), X-Forwarded-Host is not followed', async () => {
    await withServer({}, async (server) => {
    for (const path of ['/oidc/.well-known/openid-configuration', '/dev/sms.json', '/dev/sms', '/dev/clock', '/api/dev/faults', '/']) {
      const res = await raw(server.port, path, { headers: { host: 'evil.example' } });
      assert.equal(res.status, 421, path);
      assert.doesNotMatch(res.text, /evil\.example|Mã xác thực|authorization_endpoint/, path);
      const withPort = await raw(server.port, path, { headers: { host: `evil.example:${server.port}` } });
      assert.equal(withPort.status, 421, `${path} (rebinding keeps the port)`);
    }
    const forwarded = await raw(server.port, '/oidc/.well-known/openid-configuration', {
      headers: { host: `localhost:${server.port}`, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    assert.equal(forwarded.status, 200);
    const discovery = JSON.parse(forwarded.text);
    assert.equal(discovery.issuer, server.issuer);
    assert.equal(discovery.authorization_endpoint, `${server.issuer}/auth`);
    assert.doesNotMatch(forwarded.text, /evil\.example|https:/);
    for (const host of [`127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
      const res = await raw(server.port, '/oidc/.well-known/openid-configuration', { headers: { host } });
      assert.equal(res.status, 200, host);
      assert.equal(JSON.parse(res.text).authorization_endpoint, `${server.issuer}/auth`, 'the issuer\'s, not the Host\'s');
    }
    });
  });

  test('PUBLIC_URL: the issuer and every announced URL are the public origin\'s; its https Origin passes the same-origin check; cookies are Secure', async () => {
    const publicUrl = 'https://dichvucong.example.gov.vn';
    await withServer({ publicUrl, trustProxy: 1 }, async (server) => {
    assert.equal(server.issuer, `${publicUrl}/oidc`);
    const host = 'dichvucong.example.gov.vn';
    const res = await raw(server.port, '/oidc/.well-known/openid-configuration', {
      headers: { host, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
    });
    assert.equal(res.status, 200);
    const discovery = JSON.parse(res.text);
    assert.equal(discovery.issuer, `${publicUrl}/oidc`);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint', 'userinfo_endpoint']) {
      assert.ok(String(discovery[key]).startsWith(`${publicUrl}/oidc/`), `${key}: ${discovery[key]}`);
    }
    assert.equal((await raw(server.port, '/oidc/.well-known/openid-configuration', { headers: { host: 'evil.example' } })).status, 421);

    // A sign-in over the public origin: cookies Secure, the https Origin accepted, the client address from the proxy.
    const { challenge } = pkce();
    const auth = await raw(server.port, `/oidc/auth?${new URLSearchParams({
      client_id: 'dvc-demo', redirect_uri: `${publicUrl}/`, response_type: 'code', scope: 'openid profile',
      state: b64url(randomBytes(16)), nonce: b64url(randomBytes(16)), code_challenge: challenge, code_challenge_method: 'S256',
    })}`, { headers: { host, 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'https' } });
    assert.equal(auth.status, 303, auth.text);
    const cookies = /** @type {string[]} */ (auth.headers['set-cookie']);
    assert.ok(cookies.length > 0 && cookies.every((c) => /;\s*secure/i.test(c)), cookies.join('\n'));
    const location = new URL(String(auth.headers.location), publicUrl);
    assert.equal(location.origin, publicUrl);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const page = await raw(server.port, location.pathname, { headers: { host, cookie, 'x-forwarded-proto': 'https' } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['set-cookie']), /dvc_device=[^;]+;.*Secure/i);
    const body = JSON.stringify({ accountType: 'vneid', idNumber: KIET.idNumber, password: DEMO_PASSWORD });
    const step2 = await raw(server.port, `${location.pathname}/credentials`, {
      method: 'POST', body,
      headers: { host, cookie, origin: publicUrl, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
    });
    assert.equal(step2.status, 200, step2.text);
    const http = await raw(server.port, `${location.pathname}/credentials`, {
      method: 'POST', body, headers: { host, cookie, origin: `http://${host}`, 'content-type': 'application/json' },
    });
    assert.equal(http.status, 403, 'the http:// twin of an https origin is another origin');
    });
  });
});

describe('TRUST_PROXY and TLS', () => {
  test('the device cookie is Secure when a trusted proxy says the request came over https, and only then', async () => {
    for (const [trustProxy, proto, secure] of /** @type {const} */ ([[1, 'https', true], [1, 'http', false], [0, 'https', false]])) {
      await withServer({ trustProxy }, async (_server, origin) => {
        const jar = new CookieJar();
        const flow = await open(origin, { jar, page: false });
        const page = await browse(jar, flow.pageUrl, { headers: { 'x-forwarded-proto': proto } });
        const cookie = page.headers.getSetCookie().find((c) => c.startsWith('dvc_device='));
        assert.ok(cookie, 'a device cookie');
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Lax/);
        assert.equal(/;\s*Secure/i.test(cookie), secure, `TRUST_PROXY=${trustProxy}, X-Forwarded-Proto: ${proto}: ${cookie}`);
      });
    }
  });
});

describe('configuration', () => {
  test('PUBLIC_URL must be an origin, TRUST_PROXY a number of hops', async () => {
    const { parsePublicUrl, parseTrustProxy } = await import('../../server/index.js');
    assert.equal(parsePublicUrl('https://a.example/'), 'https://a.example');
    assert.equal(parsePublicUrl(undefined), undefined);
    for (const bad of ['ftp://a.example', 'https://a.example/portal', 'https://a.example/?x=1', 'https://u:p@a.example']) {
      assert.throws(() => parsePublicUrl(bad), TypeError, bad);
    }
    assert.equal(parseTrustProxy(undefined), 0);
    assert.equal(parseTrustProxy('false'), 0);
    assert.equal(parseTrustProxy('true'), 1);
    assert.equal(parseTrustProxy('2'), 2);
    assert.throws(() => parseTrustProxy('yes'), TypeError);
  });
});
