// The reference dossier API, over real HTTP: a tiny node:http harness mounts createApi() and serves
// a local JWKS; access tokens are signed here with jose, as the OpenID provider would sign them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { DEMO_CITIZENS, createApi } from '../../server/api/index.js';
import { generateDataset, isValidCode, maskName } from '../../server/api/data.js';

const A = DEMO_CITIZENS[0]; // NGUYỄN THỊ HOA: 25 dossiers, phone and birthPlace differ from the population DB
const B = DEMO_CITIZENS[1]; // LÊ VĂN BÌNH: 8 dossiers
const C = DEMO_CITIZENS[2]; // TRẦN MINH CHÂU: no dossiers, already synced

const openapi = JSON.parse(readFileSync(new URL('../../openapi/dossier-api.json', import.meta.url), 'utf8'));

/**
 * Starts the harness: JWKS at /oidc/jwks, the API under /api, 404 for anything else.
 * @param {Partial<import('../../server/api/index.js').ApiOptions>} [options]
 */
async function startHarness(options = {}) {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('RS256');
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ],
  };
  /** @type {ReturnType<typeof createApi> | undefined} */
  let api;
  const server = http.createServer(async (req, res) => {
    if (req.url === '/oidc/jwks') {
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
      res.end(JSON.stringify(jwks));
      return;
    }
    if (api && (await api(req, res))) return;
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/oidc`;
  const audience = `${origin}/api`;
  api = createApi({
    issuer,
    jwksUri: `${issuer}/jwks`,
    audience,
    allowedOrigins: ['https://sotuphap.quangtri.gov.vn'],
    production: false,
    dossierCount: 3000,
    ...options,
  });

  /**
   * Signs an access token.
   * @param {string} sub
   * @param {{alg?: 'RS256' | 'ES256', key?: 'stranger', iss?: string, aud?: string, exp?: number | string, iat?: number}} [o]
   */
  async function sign(sub, o = {}) {
    const alg = o.alg ?? 'RS256';
    const key = o.key === 'stranger' ? stranger.privateKey : alg === 'ES256' ? ec.privateKey : rsa.privateKey;
    const jwt = new SignJWT({ scope: 'openid profile', client_id: 'agency-demo' })
      .setProtectedHeader({ alg, kid: o.key === 'stranger' ? 'rsa-1' : alg === 'ES256' ? 'ec-1' : 'rsa-1', typ: 'at+jwt' })
      .setIssuer(o.iss ?? issuer)
      .setAudience(o.aud ?? audience)
      .setIssuedAt(o.iat)
      .setJti(randomUUID())
      .setExpirationTime(o.exp ?? '10m');
    if (sub) jwt.setSubject(sub);
    return jwt.sign(key);
  }

  /**
   * A request to the API.
   * @param {string} path after /api
   * @param {{token?: string, method?: string, headers?: Record<string, string>, body?: unknown, signal?: AbortSignal}} [o]
   */
  async function call(path, o = {}) {
    const headers = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${origin}/api${path}`, {
      method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: o.signal,
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  return {
    origin,
    api,
    sign,
    call,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

// ---- a hand-written check of a value against the OpenAPI document's schemas -----------------

/**
 * Problems of `value` against `schema` (type, required, properties, additionalProperties, items,
 * enum, const, pattern, minimum/maximum, $ref, allOf); empty when it conforms.
 * @returns {string[]}
 */
function check(schema, value, at = '$') {
  if (schema.$ref) schema = openapi.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
  const problems = [];
  for (const part of schema.allOf ?? []) problems.push(...check(part, value, at));
  const types = schema.type === undefined ? [] : [].concat(schema.type);
  const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (types.length && !types.some((t) => t === typeOf(value) || (t === 'number' && typeOf(value) === 'integer'))) {
    return [`${at}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (schema.const !== undefined && schema.const !== value) problems.push(`${at}: expected ${schema.const}`);
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
    problems.push(`${at}: "${value}" does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: above maximum`);
  }
  if (typeOf(value) === 'object') {
    for (const name of schema.required ?? []) if (!(name in value)) problems.push(`${at}: missing ${name}`);
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (name in value) problems.push(...check(sub, value[name], `${at}.${name}`));
    }
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(value)) if (!(name in (schema.properties ?? {}))) problems.push(`${at}: unexpected ${name}`);
    } else if (typeof schema.additionalProperties === 'object') {
      for (const [name, v] of Object.entries(value)) problems.push(...check(schema.additionalProperties, v, `${at}.${name}`));
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => problems.push(...check(schema.items, v, `${at}[${i}]`)));
  return problems;
}

/** The schema the document gives for an operation's answer. */
function responseSchema(path, method, status) {
  const op = openapi.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  const response = op.responses[String(status)];
  assert.ok(response, `${method.toUpperCase()} ${path} documents ${status}`);
  const resolved = response.$ref ? openapi.components.responses[response.$ref.split('/').pop()] : response;
  return resolved.content['application/json'].schema;
}

/** Asserts that an answer matches the document. */
function assertConforms(path, method, r) {
  const problems = check(responseSchema(path, method, r.status), r.json);
  assert.deepEqual(problems, [], `${method.toUpperCase()} ${path} ${r.status} matches the OpenAPI document`);
}

const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

// ---- tests -----------------------------------------------------------------------------------

describe('dossier API', () => {
  /** @type {Awaited<ReturnType<typeof startHarness>>} */
  let h;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  describe('GET /stats/processing', () => {
    test('2023 carries the guidance document figures exactly', async () => {
      const r = await h.call('/stats/processing?year=2023');
      assert.equal(r.status, 200);
      assert.equal(r.json.year, 2023);
      assert.equal(r.json.onTime, 3788);
      assert.equal(r.json.late, 32);
      assert.match(r.json.updatedAt, ISO_LOCAL);
      assert.equal(((r.json.onTime / (r.json.onTime + r.json.late)) * 100).toFixed(1), '99.2');
      assertConforms('/stats/processing', 'get', r);
    });

    test('other years are generated, the same on every call', async () => {
      const thisYear = new Date().getFullYear();
      for (const year of [2021, 2022, thisYear]) {
        const first = await h.call(`/stats/processing?year=${year}`);
        const second = await h.call(`/stats/processing?year=${year}`);
        assert.equal(first.status, 200, `year ${year}`);
        assert.deepEqual(first.json, second.json);
        assert.ok(Number.isInteger(first.json.onTime) && first.json.onTime >= 0);
        assert.ok(Number.isInteger(first.json.late) && first.json.late >= 0);
      }
      const none = await h.call('/stats/processing');
      assert.equal(none.json.year, thisYear, 'without year: the current year');
    });

    test('a year without data is 404, a malformed year 400', async () => {
      const missing = await h.call('/stats/processing?year=1999');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error, 'not_found');
      assert.equal(typeof missing.json.message, 'string');
      assertConforms('/stats/processing', 'get', missing);
      const future = await h.call(`/stats/processing?year=${new Date().getFullYear() + 2}`);
      assert.equal(future.status, 404);
      for (const year of ['abc', '20233', '2023.5', '-2023']) {
        const bad = await h.call(`/stats/processing?year=${encodeURIComponent(year)}`);
        assert.equal(bad.status, 400, `year=${year}`);
        assert.equal(bad.json.error, 'invalid_parameter');
        assert.equal(bad.json.param, 'year');
        assertConforms('/stats/processing', 'get', bad);
      }
    });
  });

  describe('GET /public/results', () => {
    test('newest first, the document\'s two results on top, names masked', async () => {
      const r = await h.call('/public/results?page=1&pageSize=20');
      assert.equal(r.status, 200);
      assertConforms('/public/results', 'get', r);
      assert.equal(r.json.page, 1);
      assert.equal(r.json.pageSize, 20);
      assert.equal(r.json.items.length, 20);
      assert.ok(r.json.total > 1000);
      const [first, second] = r.json.items;
      assert.equal(first.applicantName, 'NGUYỄN Đ** T*** K***');
      assert.equal(first.resultAt, '2023-04-11T17:13:44+07:00');
      assert.equal(second.applicantName, 'NGUYỄN V** N*** N** N***** D****');
      assert.equal(second.resultAt, '2023-04-11T17:13:01+07:00');
      const times = r.json.items.map((i) => Date.parse(i.resultAt));
      assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first');
      for (const item of r.json.items) {
        assert.ok(isValidCode(item.code), item.code);
        const [family, ...rest] = item.applicantName.split(' ');
        assert.ok(family.length > 0 && rest.length >= 1, item.applicantName);
        for (const word of rest) assert.match(word, /^\p{Lu}\**$/u, `${item.applicantName}: only initials after the family name`);
      }
      assert.ok(!r.text.includes('TUẤN') && !r.text.includes('KIẾT'), 'no unmasked given name leaks');
    });

    test('pages do not overlap and default to 20 items', async () => {
      const p1 = await h.call('/public/results');
      const p2 = await h.call('/public/results?page=2');
      assert.equal(p1.json.items.length, 20);
      assert.equal(p1.json.page, 1);
      const codes = new Set(p1.json.items.map((i) => i.code));
      assert.ok(p2.json.items.every((i) => !codes.has(i.code)));
      assert.ok(Date.parse(p2.json.items[0].resultAt) <= Date.parse(p1.json.items[19].resultAt));
      const beyond = await h.call('/public/results?page=100000&pageSize=100');
      assert.equal(beyond.status, 200);
      assert.deepEqual(beyond.json.items, []);
      assert.equal(beyond.json.total, p1.json.total);
      const big = await h.call('/public/results?pageSize=100');
      assert.equal(big.json.items.length, 100);
    });

    test('malformed paging is 400 with a message in Vietnamese and English', async () => {
      for (const q of ['page=-1', 'page=0', 'page=abc', 'pageSize=10000', 'pageSize=101', 'pageSize=0', 'page=1&page=2']) {
        const r = await h.call(`/public/results?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(r.json.error, 'invalid_parameter', q);
        assert.match(r.json.message, /không hợp lệ/, q);
        assert.match(r.json.message, /Invalid parameter/, q);
        assertConforms('/public/results', 'get', r);
      }
    });

    test('ETag, Cache-Control and 304 on If-None-Match', async () => {
      const r = await h.call('/public/results?page=1&pageSize=5');
      const etag = r.headers.get('etag');
      assert.match(etag, /^W\/"[\w-]+"$/);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=60');
      const again = await h.call('/public/results?page=1&pageSize=5', { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      assert.equal(again.headers.get('etag'), etag);
      const other = await h.call('/public/results?page=2&pageSize=5', { headers: { 'if-none-match': etag } });
      assert.equal(other.status, 200, 'another page has another ETag');
      assert.notEqual(other.headers.get('etag'), etag);
      const stats = await h.call('/stats/processing?year=2023');
      const stats304 = await h.call('/stats/processing?year=2023', { headers: { 'if-none-match': `"x", ${stats.headers.get('etag')}` } });
      assert.equal(stats304.status, 304);
    });
  });

  describe('GET /dossiers/{code}', () => {
    test('a known code answers its public status without personal data', async () => {
      const r = await h.call('/dossiers/000.00.30.H50-230411-0001');
      assert.equal(r.status, 200);
      assertConforms('/dossiers/{code}', 'get', r);
      assert.equal(r.json.code, '000.00.30.H50-230411-0001');
      assert.equal(r.json.status, 10);
      assert.equal(r.json.statusName, 'Đã trả kết quả');
      assert.equal(r.json.resultAt, '2023-04-11T17:13:44+07:00');
      assert.ok(!('applicantName' in r.json));
      assert.ok(!r.text.includes('NGUYỄN'));
      assert.equal(r.headers.get('cache-control'), 'public, max-age=60');
      assert.ok(r.headers.get('etag'));
    });

    test('unknown code 404, malformed code 400', async () => {
      const unknown = await h.call('/dossiers/000.00.30.H50-230411-9999');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error, 'not_found');
      assertConforms('/dossiers/{code}', 'get', unknown);
      for (const code of ['abc', '000.00.30.H50-231341-0001', '000.00.30.H50-230411-001', '000.00.30.H50-230230-0001', '%E0%A4%A']) {
        const bad = await h.call(`/dossiers/${code}`);
        assert.equal(bad.status, 400, code);
        assert.equal(bad.json.error, 'invalid_parameter');
        assertConforms('/dossiers/{code}', 'get', bad);
      }
    });
  });

  describe('authentication', () => {
    test('no token: 401 with WWW-Authenticate: Bearer and no error attribute', async () => {
      for (const [method, path] of [
        ['GET', '/me/profile'],
        ['POST', '/me/profile/sync'],
        ['GET', '/me/dossiers'],
      ]) {
        const r = await h.call(path, { method });
        assert.equal(r.status, 401, path);
        const challenge = r.headers.get('www-authenticate');
        assert.match(challenge, /^Bearer\b/);
        assert.doesNotMatch(challenge, /error=/);
        assert.equal(r.json.error, 'unauthorized');
        assert.equal(r.headers.get('cache-control'), 'no-store');
        assertConforms('/me/profile', 'get', r);
      }
    });

    test('a bad token: 401 with error="invalid_token"', async () => {
      const expired = await h.sign(A.sub, { exp: Math.floor(Date.now() / 1000) - 120, iat: Math.floor(Date.now() / 1000) - 900 });
      const cases = {
        garbage: 'not.a.jwt',
        'wrong issuer': await h.sign(A.sub, { iss: 'https://evil.example/oidc' }),
        'wrong audience': await h.sign(A.sub, { aud: 'https://other.example/api' }),
        expired,
        'unknown signing key': await h.sign(A.sub, { key: 'stranger' }),
        'no subject': await h.sign(''),
        'HMAC token': await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(A.sub)
          .setIssuer(`${h.origin}/oidc`)
          .setAudience(`${h.origin}/api`)
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')),
        'alg none': (() => {
          const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
          const now = Math.floor(Date.now() / 1000);
          return `${b64({ alg: 'none' })}.${b64({ sub: A.sub, iss: `${h.origin}/oidc`, aud: `${h.origin}/api`, exp: now + 600 })}.`;
        })(),
      };
      for (const [name, token] of Object.entries(cases)) {
        const r = await h.call('/me/profile', { token });
        assert.equal(r.status, 401, name);
        assert.match(r.headers.get('www-authenticate'), /^Bearer .*error="invalid_token"/, name);
        assert.equal(r.json.error, 'invalid_token', name);
      }
    });

    test('ES256 tokens and a clock 30 s ahead are accepted', async () => {
      const es = await h.sign(A.sub, { alg: 'ES256' });
      assert.equal((await h.call('/me/profile', { token: es })).status, 200);
      const skewed = await h.sign(A.sub, { exp: Math.floor(Date.now() / 1000) - 30, iat: Math.floor(Date.now() / 1000) - 600 });
      assert.equal((await h.call('/me/profile', { token: skewed })).status, 200, 'within the 60 s tolerance');
    });

    test('a token of an account with no citizen record is 404', async () => {
      const r = await h.call('/me/profile', { token: await h.sign('business-0001') });
      assert.equal(r.status, 404);
      assert.equal(r.json.error, 'not_found');
    });
  });

  describe('GET /me/profile', () => {
    test('the shape, counts that match the dossiers, no-store', async () => {
      const token = await h.sign(A.sub);
      const r = await h.call('/me/profile', { token });
      assert.equal(r.status, 200);
      assertConforms('/me/profile', 'get', r);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.json.fullName, A.portal.fullName);
      assert.equal(r.json.idNumber, A.sub);
      assert.match(r.json.idNumber, /^\d{12}$/);
      assert.match(r.json.legacyIdNumber, /^\d{9}$/);
      assert.match(r.json.birthDate, /^\d{4}-\d{2}-\d{2}$/);
      for (const f of ['fullName', 'legacyIdNumber', 'idNumber', 'birthDate', 'phone', 'gender', 'birthPlace']) {
        assert.equal(typeof r.json.verified[f], 'boolean', f);
      }
      const all = await h.call('/me/dossiers?pageSize=100', { token });
      const completed = all.json.items.filter((d) => d.status === 9 || d.status === 10).length;
      const processing = all.json.items.filter((d) => [1, 2, 4, 5, 6].includes(d.status)).length;
      assert.deepEqual(r.json.counts, { completed, processing });
      assert.ok(completed > 0 && processing > 0);
    });

    test('a token for citizen A never returns citizen B\'s data', async () => {
      const ta = await h.sign(A.sub);
      const tb = await h.sign(B.sub);
      const pa = await h.call(`/me/profile?sub=${B.sub}&idNumber=${B.sub}`, { token: ta });
      const pb = await h.call('/me/profile', { token: tb });
      assert.equal(pa.json.idNumber, A.sub, 'query parameters cannot choose the citizen');
      assert.equal(pb.json.idNumber, B.sub);
      assert.notEqual(pa.json.fullName, pb.json.fullName);
      const da = await h.call(`/me/dossiers?pageSize=100&sub=${B.sub}`, { token: ta, headers: { 'x-citizen': B.sub } });
      const db = await h.call('/me/dossiers?pageSize=100', { token: tb });
      assert.equal(da.json.total, 25);
      assert.equal(db.json.total, 8);
      const codesB = new Set(db.json.items.map((d) => d.code));
      assert.ok(da.json.items.every((d) => !codesB.has(d.code)), 'no dossier of B in A\'s list');
    });
  });

  describe('POST /me/profile/sync', () => {
    test('the first sync changes exactly the differing fields; a second changes nothing', async () => {
      const s = await startHarness();
      try {
        const token = await s.sign(A.sub);
        const before = await s.call('/me/profile', { token });
        assert.equal(before.json.syncedAt, null);
        assert.equal(before.json.verified.phone, false);
        assert.equal(before.json.verified.birthPlace, false);
        assert.equal(before.json.phone, A.portal.phone);

        const first = await s.call('/me/profile/sync', { token, method: 'POST' });
        assert.equal(first.status, 200);
        assertConforms('/me/profile/sync', 'post', first);
        assert.deepEqual(first.json.changed, ['phone', 'birthPlace']);
        assert.equal(first.json.phone, A.population.phone);
        assert.equal(first.json.birthPlace, A.population.birthPlace);
        assert.match(first.json.syncedAt, ISO_LOCAL);
        assert.ok(Object.values(first.json.verified).every(Boolean), 'everything verified after the sync');
        assert.equal(first.headers.get('cache-control'), 'no-store');

        const second = await s.call('/me/profile/sync', { token, method: 'POST' });
        assert.equal(second.status, 200);
        assert.deepEqual(second.json.changed, []);
        assert.equal(second.json.phone, A.population.phone);

        const after = await s.call('/me/profile', { token });
        assert.equal(after.json.phone, A.population.phone, 'the synced values stay');

        // Another citizen is untouched by A's sync.
        const other = await s.call('/me/profile', { token: await s.sign(B.sub) });
        assert.equal(other.json.birthPlace, B.portal.birthPlace);
        const c = await s.call('/me/profile/sync', { token: await s.sign(C.sub), method: 'POST' });
        assert.deepEqual(c.json.changed, []);
        assert.deepEqual(c.json.counts, { completed: 0, processing: 0 });
      } finally {
        await s.close();
      }
    });

    test('population database unavailable → 503 with Retry-After, nothing changed', async () => {
      const s = await startHarness();
      try {
        const token = await s.sign(B.sub);
        const set = await s.call('/dev/population-db', { body: { mode: 'unavailable' } });
        assert.deepEqual(set.json, { mode: 'unavailable' });
        const r = await s.call('/me/profile/sync', { token, method: 'POST' });
        assert.equal(r.status, 503);
        assert.equal(r.json.error, 'population_db_unavailable');
        assert.ok(Number(r.headers.get('retry-after')) > 0);
        assertConforms('/me/profile/sync', 'post', r);
        const profile = await s.call('/me/profile', { token });
        assert.equal(profile.json.birthPlace, B.portal.birthPlace);
        await s.call('/dev/population-db', { body: { mode: 'normal' } });
        const ok = await s.call('/me/profile/sync', { token, method: 'POST' });
        assert.deepEqual(ok.json.changed, ['legacyIdNumber', 'birthPlace']);
      } finally {
        await s.close();
      }
    });

    test('slow mode answers late; silent mode holds until the client gives up and changes nothing', async () => {
      const s = await startHarness({ slowMs: 300, hangMs: 5000 });
      try {
        const token = await s.sign(A.sub);
        await s.call('/dev/population-db', { body: { mode: 'slow' } });
        const t0 = performance.now();
        const slow = await s.call('/me/profile/sync', { token, method: 'POST' });
        assert.equal(slow.status, 200);
        assert.ok(performance.now() - t0 >= 290, 'slow took its time');

        const t = await s.sign(B.sub);
        await s.call('/dev/population-db', { body: { mode: 'silent' } });
        await assert.rejects(
          s.call('/me/profile/sync', { token: t, method: 'POST', signal: AbortSignal.timeout(200) }),
          (e) => e.name === 'TimeoutError' || e.name === 'AbortError',
        );
        await s.call('/dev/population-db', { body: { mode: 'normal' } });
        const profile = await s.call('/me/profile', { token: t });
        assert.equal(profile.json.syncedAt, null, 'the abandoned sync changed nothing');
      } finally {
        await s.close();
      }
    });

    test('silent mode is bounded: 504 after the hang limit', async () => {
      const s = await startHarness({ hangMs: 150 });
      try {
        await s.call('/dev/population-db', { body: { mode: 'silent' } });
        const r = await s.call('/me/profile/sync', { token: await s.sign(A.sub), method: 'POST' });
        assert.equal(r.status, 504);
        assert.equal(r.json.error, 'population_db_timeout');
      } finally {
        await s.close();
      }
    });

    test('rate limited per citizen: 429 with Retry-After', async () => {
      const s = await startHarness({ syncLimit: { max: 3, windowMs: 60_000 } });
      try {
        const ta = await s.sign(A.sub);
        for (let i = 0; i < 3; i++) assert.equal((await s.call('/me/profile/sync', { token: ta, method: 'POST' })).status, 200);
        const limited = await s.call('/me/profile/sync', { token: ta, method: 'POST' });
        assert.equal(limited.status, 429);
        assert.equal(limited.json.error, 'rate_limited');
        const retry = Number(limited.headers.get('retry-after'));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        assertConforms('/me/profile/sync', 'post', limited);
        const tb = await s.sign(B.sub);
        assert.equal((await s.call('/me/profile/sync', { token: tb, method: 'POST' })).status, 200, 'another citizen is not limited');
      } finally {
        await s.close();
      }
    });
  });

  describe('citizens of the OpenID provider (findAccount)', () => {
    const sub = '6f1d3c2a-8b4e-4f7a-9c21-0e5b7d3a1c01';
    // The claims as a provider releases them: standard and national portal names.
    const claims = {
      sub,
      name: 'Nguyễn Đức Tuấn Kiệt',
      birthdate: '1990-05-12',
      gender: 'male',
      phone_number: '+84912345678',
      HoVaTen: 'Nguyễn Đức Tuấn Kiệt',
      SoDinhDanh: '045090001234',
      SoCMND: '197245678',
      NgayThangNamSinh: '19900512',
      GioiTinh: 'Nam',
      SoDienThoai: '0912345678',
      birthPlace: 'Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị',
      loginIdp: 'BCA',
      LoaiTaiKhoan: 1,
    };

    for (const [kind, findAccount] of [
      ['claims', async (s) => (s === sub ? claims : undefined)],
      ['an oidc-provider Account', (s) => (s === sub ? { accountId: s, claims: async () => claims } : undefined)],
    ]) {
      test(`profile, dossiers and sync from ${kind}`, async () => {
        const s = await startHarness({ findAccount });
        try {
          const token = await s.sign(sub);
          const profile = await s.call('/me/profile', { token });
          assert.equal(profile.status, 200);
          assertConforms('/me/profile', 'get', profile);
          assert.equal(profile.json.fullName, 'Nguyễn Đức Tuấn Kiệt');
          assert.equal(profile.json.idNumber, '045090001234');
          assert.equal(profile.json.legacyIdNumber, '197245678');
          assert.equal(profile.json.birthDate, '1990-05-12');
          assert.equal(profile.json.gender, 'male');
          assert.equal(profile.json.verified.phone, false, 'the portal holds an old phone number');

          const list = await s.call('/me/dossiers', { token });
          assert.ok(list.json.total > 20, 'more than one page');

          const first = await s.call('/me/profile/sync', { token, method: 'POST' });
          assert.deepEqual(first.json.changed, ['phone', 'birthPlace']);
          assert.equal(first.json.phone, '0912345678', 'the number VNeID knows');
          assert.equal(first.json.birthPlace, claims.birthPlace);
          const second = await s.call('/me/profile/sync', { token, method: 'POST' });
          assert.deepEqual(second.json.changed, []);

          const stranger = await s.call('/me/profile', { token: await s.sign('someone-else') });
          assert.equal(stranger.status, 404);
        } finally {
          await s.close();
        }
      });
    }
  });

  describe('GET /me/dossiers', () => {
    test('paging, status filter and every sort', async () => {
      const token = await h.sign(A.sub);
      const p1 = await h.call('/me/dossiers?page=1&pageSize=10', { token });
      assert.equal(p1.status, 200);
      assertConforms('/me/dossiers', 'get', p1);
      assert.equal(p1.json.total, 25);
      assert.equal(p1.json.items.length, 10);
      assert.equal(p1.headers.get('cache-control'), 'no-store');
      const p3 = await h.call('/me/dossiers?page=3&pageSize=10', { token });
      assert.equal(p3.json.items.length, 5);
      const sub = (await h.call('/me/dossiers?pageSize=100', { token })).json.items;
      assert.deepEqual(
        sub.map((d) => d.submittedAt),
        [...sub.map((d) => d.submittedAt)].sort().reverse(),
        'default: newest submission first',
      );
      for (const d of sub) {
        assert.equal(d.resultAt !== undefined, d.status === 9 || d.status === 10, `${d.code} resultAt only with a result`);
      }
      const statuses = new Set(sub.map((d) => d.status));
      assert.equal(statuses.size, 10, 'every status appears among the demo citizen\'s dossiers');

      for (const sort of ['submittedAt', '-submittedAt', 'dueAt', '-dueAt', 'status', '-status', 'code', '-code']) {
        const r = await h.call(`/me/dossiers?pageSize=100&sort=${sort}`, { token });
        assert.equal(r.status, 200, sort);
        const key = sort.replace('-', '');
        const values = r.json.items.map((d) => d[key]);
        const expected = [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        if (sort.startsWith('-')) expected.reverse();
        assert.deepEqual(values, expected, sort);
      }

      const processing = await h.call('/me/dossiers?status=4&pageSize=100', { token });
      assert.ok(processing.json.total >= 1);
      assert.ok(processing.json.items.every((d) => d.status === 4 && d.statusName === 'Đang xử lý'));
      const several = await h.call('/me/dossiers?status=9,10&pageSize=100', { token });
      const profile = await h.call('/me/profile', { token });
      assert.equal(several.json.total, profile.json.counts.completed);
      const empty = await h.call('/me/dossiers?status=&page=&pageSize=&sort=', { token });
      assert.equal(empty.status, 200, 'empty parameters mean the defaults');
      assert.equal(empty.json.pageSize, 20);
    });

    test('every bad parameter is 400', async () => {
      const token = await h.sign(A.sub);
      for (const q of ['status=11', 'status=0', 'status=abc', 'status=4,11', 'page=-1', 'pageSize=10000', 'sort=unknown', 'sort=--code', 'sort=applicantName']) {
        const r = await h.call(`/me/dossiers?${q}`, { token });
        assert.equal(r.status, 400, q);
        assert.equal(r.json.error, 'invalid_parameter', q);
        assert.ok(r.json.message.length > 10);
        assertConforms('/me/dossiers', 'get', r);
      }
    });

    test('a citizen with no dossiers gets an empty page', async () => {
      const r = await h.call('/me/dossiers', { token: await h.sign(C.sub) });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.items, []);
      assert.equal(r.json.total, 0);
    });

    test('a citizen\'s dossier can be looked up by code', async () => {
      const r = await h.call('/me/dossiers?pageSize=1', { token: await h.sign(A.sub) });
      const code = r.json.items[0].code;
      const pub = await h.call(`/dossiers/${code}`);
      assert.equal(pub.status, 200);
      assert.deepEqual(pub.json, r.json.items[0]);
    });
  });

  describe('CORS', () => {
    test('preflight from an allowed agency origin allows the Authorization header', async () => {
      const r = await h.call('/me/profile', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://sotuphap.quangtri.gov.vn',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(r.status, 204);
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://sotuphap.quangtri.gov.vn');
      assert.match(r.headers.get('access-control-allow-headers'), /authorization/i);
      assert.match(r.headers.get('access-control-allow-methods'), /POST/);
      assert.match(r.headers.get('vary'), /Origin/);
    });

    test('a localhost origin is allowed in development, an unknown origin is not', async () => {
      const local = await h.call('/public/results', { headers: { origin: 'http://localhost:8000' } });
      assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:8000');
      assert.match(local.headers.get('access-control-expose-headers'), /ETag/);
      const stranger = await h.call('/public/results', { headers: { origin: 'https://evil.example' } });
      assert.equal(stranger.headers.get('access-control-allow-origin'), null);
      const preflight = await h.call('/me/profile', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    });

    test('in production localhost is not allowed and development switches are gone', async () => {
      const p = await startHarness({ production: true });
      try {
        const local = await p.call('/public/results', { headers: { origin: 'http://localhost:8000' } });
        assert.equal(local.headers.get('access-control-allow-origin'), null);
        const agency = await p.call('/public/results', { headers: { origin: 'https://sotuphap.quangtri.gov.vn' } });
        assert.equal(agency.headers.get('access-control-allow-origin'), 'https://sotuphap.quangtri.gov.vn');
        assert.equal((await p.call('/dev/population-db', { body: { mode: 'unavailable' } })).status, 404);
        assert.equal((await p.call('/dev/faults', { body: { path: '/api/public', mode: '500' } })).status, 404);
      } finally {
        await p.close();
      }
    });
  });

  describe('development faults', () => {
    test('each mode, bounded by times, then back to normal', async () => {
      const s = await startHarness({ slowMs: 200, hangMs: 150 });
      try {
        const set = (body) => s.call('/dev/faults', { body });
        assert.equal((await set({ path: '/api/public/results', mode: '500', times: 1 })).status, 200);
        const e500 = await s.call('/public/results');
        assert.equal(e500.status, 500);
        assert.equal(e500.json.error, 'internal_error');
        assert.equal((await s.call('/public/results')).status, 200, 'times: 1 used up');

        await set({ path: '/api/stats', mode: '503' });
        const e503 = await s.call('/stats/processing?year=2023');
        assert.equal(e503.status, 503);
        assert.ok(e503.headers.get('retry-after'));
        assert.equal((await s.call('/public/results')).status, 200, 'other paths unaffected');
        await set({ path: '/api/stats', mode: 'normal' });
        assert.equal((await s.call('/stats/processing?year=2023')).status, 200);

        await set({ path: '/api/public/results', mode: 'malformed', times: 1 });
        const bad = await s.call('/public/results');
        assert.equal(bad.status, 200);
        assert.throws(() => JSON.parse(bad.text));

        await set({ path: '/api/public/results', mode: 'wrong-shape', times: 1 });
        const wrong = await s.call('/public/results');
        assert.equal(wrong.status, 200);
        assert.notDeepEqual(check(responseSchema('/public/results', 'get', 200), wrong.json), []);

        await set({ path: '/api/public/results', mode: 'slow', times: 1 });
        const t0 = performance.now();
        const slow = await s.call('/public/results');
        assert.equal(slow.status, 200);
        assert.ok(performance.now() - t0 >= 190);

        await set({ path: '/api/dossiers', mode: 'hang', times: 1 });
        const hung = await s.call('/dossiers/000.00.30.H50-230411-0001');
        assert.equal(hung.status, 504, 'hang is bounded');

        const list = await s.call('/dev/faults');
        assert.deepEqual(list.json.faults, []);
        await set({ path: '/api/me', mode: '503' });
        assert.equal((await s.call('/dev/faults')).json.faults.length, 1);
        assert.equal((await s.call('/dev/faults', { method: 'DELETE' })).json.faults.length, 0);

        assert.equal((await set({ path: '/api/public', mode: 'explode' })).status, 400);
        assert.equal((await set({ path: 'public', mode: '500' })).status, 400);
        assert.equal((await s.call('/dev/population-db', { body: { mode: 'sleepy' } })).status, 400);
        const notJson = await fetch(`${s.origin}/api/dev/faults`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
        assert.equal(notJson.status, 400);
      } finally {
        await s.close();
      }
    });
  });

  describe('routing', () => {
    test('unknown path 404, wrong method 405 with Allow, paths outside /api not handled', async () => {
      const unknown = await h.call('/nothing-here');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error, 'not_found');
      const wrong = await h.call('/me/profile', { method: 'DELETE' });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get('allow'), 'GET');
      const outside = await fetch(`${h.origin}/apis/stats/processing`);
      assert.equal(outside.status, 404);
      assert.equal(await outside.text(), '', 'left to the host server');
    });

    test('every documented operation answers a documented status with a body of the documented shape', async () => {
      const s = await startHarness();
      try {
        const token = await s.sign(A.sub);
        let checked = 0;
        for (const [path, item] of Object.entries(openapi.paths)) {
          for (const [method, op] of Object.entries(item)) {
            const url = path.replace('{code}', '000.00.30.H50-230411-0001');
            const example = op.requestBody?.content['application/json'].example;
            const r = await s.call(url, {
              method: method.toUpperCase(),
              token: op.security ? token : undefined,
              body: example,
            });
            assert.ok(op.responses[String(r.status)], `${method.toUpperCase()} ${path} answered ${r.status}, which is documented`);
            if (r.json !== undefined) assertConforms(path, method, r);
            checked++;
          }
        }
        assert.equal(checked, 12);
      } finally {
        await s.close();
      }
    });

    test('the OpenAPI document is served and describes every route', async () => {
      const r = await h.call('/openapi.json');
      assert.equal(r.status, 200);
      assert.equal(r.json.openapi, openapi.openapi);
      assert.match(openapi.openapi, /^3\.1\./);
      for (const path of ['/stats/processing', '/public/results', '/dossiers/{code}', '/me/profile', '/me/profile/sync', '/me/dossiers', '/dev/population-db', '/dev/faults']) {
        assert.ok(openapi.paths[path], path);
      }
      assert.equal(openapi.components.securitySchemes.bearer.scheme, 'bearer');
      assert.equal(openapi.components.securitySchemes.bearer.bearerFormat, 'JWT');
    });
  });
});

describe('generated data', () => {
  test('masking keeps the family name and initials', () => {
    assert.equal(maskName('NGUYỄN ĐỨC TUẤN KIẾT'), 'NGUYỄN Đ** T*** K***');
    assert.equal(maskName('  LÊ   VĂN  BÌNH '), 'LÊ V** B***');
    assert.equal(maskName('HOA'), 'H**');
    // Decomposed input (NFD) is masked letter by letter, not mark by mark.
    assert.equal(maskName('TRẦN THỊ HƯƠNG'.normalize('NFD')), 'TRẦN T** H****');
  });

  test('100000 dossiers generate quickly and deterministically', () => {
    const t0 = performance.now();
    const big = generateDataset(100_000);
    const ms = performance.now() - t0;
    console.log(`# generated 100000 dossiers in ${ms.toFixed(0)} ms (${big.results.length} with a result)`);
    assert.equal(big.dossiers.length, 100_000);
    assert.equal(big.byCode.size, 100_000, 'codes are unique');
    assert.equal(big.results[0].code, '000.00.30.H50-230411-0001');
    assert.ok(big.dossiers.every((d) => isValidCode(d.code)));
    const again = generateDataset(100_000);
    assert.deepEqual(again.dossiers.slice(5000, 5010), big.dossiers.slice(5000, 5010));
  });
});
