import { expect } from '@open-wc/testing';
import type { ApiAccess, ApiRequest } from '../auth/types.js';
import { DvcError } from '../internal/errors.js';
import { deferred, json, never, stubFetch, useStubbedApi, type FetchStub } from '../testing/fetch-stub.js';
import { inFlightCount, retryPolicy } from './client.js';
import { getDossier, getMyDossiers, getPublicResults } from './dossiers.js';
import { getProfile, parseProfile, syncProfile } from './profile.js';
import { getStats } from './stats.js';

const api = 'https://api.example.test/';
const STATS = { year: 2023, onTime: 3788, late: 32, updatedAt: '2023-12-31T23:59:59+07:00' };
const PROFILE = {
  fullName: 'NGUYỄN ĐỨC TUẤN KIỆT',
  legacyIdNumber: '197123456',
  idNumber: '045090001234',
  birthDate: '1990-04-11',
  phone: '0912345123',
  gender: 'Nam',
  birthPlace: 'Quảng Trị',
  verified: { fullName: true, idNumber: true, phone: false },
  syncedAt: '2023-04-11T17:13:44+07:00',
  counts: { completed: 0, processing: 1 },
};

/** What a browser-mode session's `apiAccess` gives for `token`. */
const bearerAs = (token: string) => ({
  authorize: () => Promise.resolve<ApiAccess>({ headers: { authorization: `Bearer ${token}` }, credentials: 'omit' }),
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('dossier API client', () => {
  let stub: FetchStub | undefined;
  useStubbedApi();

  it('builds URLs from the api base and checks the stats shape', async () => {
    stub = stubFetch(() => json(STATS));
    expect(await getStats(2023, { api })).to.deep.equal(STATS);
    expect(stub.calls[0]!.url.href).to.equal('https://api.example.test/stats/processing?year=2023');
    expect(stub.calls[0]!.method).to.equal('GET');
  });

  it('shares identical concurrent GETs and forgets them once settled', async () => {
    const answer = deferred<Response>();
    stub = stubFetch((r) => (r.url.searchParams.get('year') === '2023' ? answer.promise : json({ ...STATS, year: 2022 })));
    const a = getStats(2023, { api });
    const b = getStats(2023, { api });
    const other = getStats(2022, { api });
    expect(stub.calls.map((c) => c.url.searchParams.get('year'))).to.deep.equal(['2023', '2022']);
    expect(inFlightCount()).to.equal(2);
    answer.resolve(json(STATS));
    const [ra, rb, rOther] = await Promise.all([a, b, other]);
    expect(ra).to.deep.equal(rb);
    expect(ra).to.not.equal(rb, 'each caller gets its own object');
    expect(rOther.year).to.equal(2022);
    expect(inFlightCount()).to.equal(0);
  });

  it('sends one request for two identical callers and a new one afterwards', async () => {
    stub = stubFetch(() => json(STATS));
    await Promise.all([getStats(2023, { api }), getStats(2023, { api })]);
    expect(stub.calls).to.have.length(1);
    await getStats(2023, { api });
    expect(stub.calls).to.have.length(2);
  });

  it('does not share between different tokens (two citizens)', async () => {
    stub = stubFetch(() => json({ items: [], page: 1, pageSize: 10, total: 0 }));
    await Promise.all([getMyDossiers({ page: 1, pageSize: 10 }, { api, ...bearerAs('token-a') }), getMyDossiers({ page: 1, pageSize: 10 }, { api, ...bearerAs('token-b') })]);
    expect(stub.calls.map((c) => c.headers.get('authorization'))).to.deep.equal(['Bearer token-a', 'Bearer token-b']);
  });

  it('keeps a shared request for the others when one caller aborts, and aborts it when all have', async () => {
    const answer = deferred<Response>();
    stub = stubFetch(() => answer.promise);
    const first = new AbortController();
    const second = new AbortController();
    const a = getStats(2023, { api, signal: first.signal });
    const b = getStats(2023, { api, signal: second.signal });
    expect(stub.calls).to.have.length(1);
    first.abort();
    const aborted = await rejection(a);
    expect((aborted as DOMException).name).to.equal('AbortError');
    expect(stub.calls[0]!.signal!.aborted).to.be.false;
    answer.resolve(json(STATS));
    expect((await b).onTime).to.equal(3788);

    stub.restore();
    stub = stubFetch(() => never());
    const third = new AbortController();
    const c = getStats(2021, { api, signal: third.signal });
    third.abort();
    await rejection(c);
    expect(stub.calls[0]!.signal!.aborted).to.be.true;
    expect(inFlightCount()).to.equal(0);
  });

  it('retries GETs on network errors, then succeeds', async () => {
    let n = 0;
    stub = stubFetch(() => (++n < 3 ? Promise.reject(new TypeError('Failed to fetch')) : json(STATS)));
    expect((await getStats(2023, { api })).late).to.equal(32);
    expect(stub.calls).to.have.length(3);
  });

  it('gives up after two retries on 5xx with the http error', async () => {
    stub = stubFetch(() => json({ error: 'unavailable', message: 'down' }, 503));
    const error = (await rejection(getStats(2023, { api }))) as DvcError;
    expect(error).to.be.instanceOf(DvcError);
    expect(error.code).to.equal('http');
    expect(error.status).to.equal(503);
    expect(stub.calls).to.have.length(3);
  });

  it('waits between retries with backoff', async () => {
    retryPolicy.delays = [60, 120];
    stub = stubFetch(() => new Response('', { status: 500 }));
    const start = performance.now();
    await rejection(getStats(2023, { api }));
    expect(performance.now() - start).to.be.at.least(175);
  });

  it('does not retry 4xx, invalid JSON, or a timeout', async () => {
    stub = stubFetch(() => json({ error: 'bad' }, 400));
    expect(((await rejection(getStats(2023, { api }))) as DvcError).status).to.equal(400);
    expect(stub.calls).to.have.length(1);
    stub.restore();

    stub = stubFetch(() => new Response('<html>', { status: 200 }));
    expect(((await rejection(getStats(2023, { api }))) as DvcError).code).to.equal('invalid_response');
    expect(stub.calls).to.have.length(1);
    stub.restore();

    stub = stubFetch(() => never());
    expect(((await rejection(getStats(2023, { api, timeout: 50 }))) as DvcError).code).to.equal('timeout');
    expect(stub.calls).to.have.length(1);
  });

  it('never retries the profile sync (a POST)', async () => {
    stub = stubFetch(() => json({ error: 'population_db_unavailable' }, 503, { 'retry-after': '30' }));
    const error = (await rejection(syncProfile({ api, ...bearerAs('tok') }))) as DvcError;
    expect(error.status).to.equal(503);
    expect(stub.calls).to.have.length(1);
    expect(stub.calls[0]!.method).to.equal('POST');
    expect(stub.calls[0]!.url.pathname).to.equal('/me/profile/sync');
  });

  it("sends backend mode's access as given: X-DVC-Request and the cookie (same-origin), no Authorization", async () => {
    stub = stubFetch((r) => json(r.method === 'POST' ? { ...PROFILE, changed: [] } : PROFILE));
    const asked: ApiRequest[] = [];
    const authorize = (request: ApiRequest) => {
      asked.push(request);
      return Promise.resolve<ApiAccess>({ headers: { 'x-dvc-request': '1' }, credentials: 'same-origin' });
    };
    await getProfile({ api, authorize });
    await syncProfile({ api, authorize });
    for (const call of stub.calls) {
      expect(call.headers.get('x-dvc-request')).to.equal('1');
      expect(call.credentials).to.equal('same-origin');
      expect(call.headers.has('authorization')).to.be.false;
    }
    expect(asked).to.deep.equal([
      { method: 'GET', url: 'https://api.example.test/me/profile' },
      { method: 'POST', url: 'https://api.example.test/me/profile/sync' },
    ]);
    stub.restore();
    stub = stubFetch(() => json(STATS));
    await getStats(2023, { api, authorize });
    expect(stub.calls[0]!.credentials, 'public calls carry no cookie').to.equal('omit');
    expect(stub.calls[0]!.headers.has('x-dvc-request')).to.be.false;
  });

  it('makes no request when the session authorises nothing (nobody signed in), and rejects as an abort', async () => {
    stub = stubFetch(() => json(PROFILE));
    const authorize = () => Promise.resolve(undefined);
    for (const call of [getProfile({ api, authorize }), syncProfile({ api, authorize }), getMyDossiers({ page: 1, pageSize: 10 }, { api })]) {
      const error = await rejection(call);
      expect(error).to.be.instanceOf(DOMException).with.property('name', 'AbortError');
    }
    expect(stub.calls).to.have.length(0);
  });

  it('authorises a GET again before each retry, and shares GETs whose DPoP proofs differ', async () => {
    let n = 0;
    const authorize = () => Promise.resolve<ApiAccess>({ headers: { authorization: 'DPoP at-1', dpop: `proof-${++n}` }, credentials: 'omit' });
    let answers = 0;
    stub = stubFetch(() => (++answers === 1 ? json({ error: 'down' }, 503) : json(PROFILE)));
    await Promise.all([getProfile({ api, authorize }), getProfile({ api, authorize })]);
    expect(stub.calls.map((c) => c.headers.get('dpop'))).to.deep.equal(['proof-1', 'proof-3']);
  });

  it('turns 401 on a Bearer request into session_expired and tells the session', async () => {
    stub = stubFetch(() => json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer' }));
    let told = 0;
    const error = (await rejection(getProfile({ api, ...bearerAs('tok'), onUnauthorized: () => told++ }))) as DvcError;
    expect(error.code).to.equal('session_expired');
    expect(told).to.equal(1);
    const sync = (await rejection(syncProfile({ api, ...bearerAs('tok'), onUnauthorized: () => told++ }))) as DvcError;
    expect(sync.code).to.equal('session_expired');
    expect(told).to.equal(2);
  });

  it('fails with config when there is no api', async () => {
    stub = stubFetch(() => json(STATS));
    expect(((await rejection(getStats(2023, {}))) as DvcError).code).to.equal('config');
    expect(stub.calls).to.have.length(0);
  });

  it('answers null for a dossier code the server does not know', async () => {
    stub = stubFetch((r) => (r.url.pathname.endsWith('0001') ? json({ code: '000.00.30.H50-230411-0001', status: '10' }) : json({ error: 'not_found' }, 404)));
    expect(await getDossier('000.00.30.H50-230411-0002', { api })).to.equal(null);
    const found = await getDossier(' 000.00.30.H50-230411-0001 ', { api });
    expect(found).to.deep.equal({ code: '000.00.30.H50-230411-0001', status: 10 });
  });

  it('checks paged lists: bad items or total are invalid, page falls back to what was asked', async () => {
    stub = stubFetch(() => json({ items: [{ applicantName: 'A', resultAt: 'x' }], total: 1 }));
    const page = await getPublicResults({ page: 3, pageSize: 5 }, { api });
    expect(page).to.deep.equal({ items: [{ applicantName: 'A' }], page: 3, pageSize: 5, total: 1 });
    stub.restore();
    stub = stubFetch(() => json({ items: [1, 2], total: 2 }));
    expect(((await rejection(getPublicResults({ page: 1, pageSize: 5 }, { api }))) as DvcError).code).to.equal('invalid_response');
    stub.restore();
    stub = stubFetch(() => json([]));
    expect(((await rejection(getPublicResults({ page: 1, pageSize: 5 }, { api }))) as DvcError).code).to.equal('invalid_response');
  });

  it('sends status, page, pageSize and sort for the citizen\'s dossiers, leaving out empty ones', async () => {
    stub = stubFetch(() => json({ items: [], page: 1, pageSize: 10, total: 0 }));
    await getMyDossiers({ page: 2, pageSize: 10, status: 4, sort: '-dueAt' }, { api, ...bearerAs('tok') });
    await getMyDossiers({ page: 1, pageSize: 10 }, { api, ...bearerAs('tok') });
    expect(stub.calls[0]!.url.search).to.equal('?status=4&page=2&pageSize=10&sort=-dueAt');
    expect(stub.calls[1]!.url.search).to.equal('?page=1&pageSize=10');
  });

  describe('profile shape', () => {
    it('keeps a good profile as it is', async () => {
      stub = stubFetch(() => json(PROFILE));
      expect(await getProfile({ api, ...bearerAs('tok') })).to.deep.equal(PROFILE);
      expect(stub.calls[0]!.headers.get('authorization')).to.equal('Bearer tok');
    });

    it('makes malformed fields undefined and keeps the rest', () => {
      const profile = parseProfile({
        ...PROFILE,
        fullName: 42,
        phone: { n: 1 },
        birthDate: 'not a date',
        verified: { fullName: 'yes', idNumber: true, unknown: true },
        counts: { completed: -1, processing: 'NaN' },
        syncedAt: null,
      });
      expect(profile.fullName).to.be.undefined;
      expect(profile.phone).to.be.undefined;
      expect(profile.birthDate).to.be.undefined;
      expect(profile.syncedAt).to.be.undefined;
      expect(profile.idNumber).to.equal('045090001234');
      expect(profile.verified).to.deep.equal({ idNumber: true });
      expect(profile.counts).to.deep.equal({});
    });

    it('rejects a profile that is not an object', () => {
      for (const bad of [null, [], 'profile', 3]) {
        expect(() => parseProfile(bad)).to.throw(DvcError).with.property('code', 'invalid_response');
      }
    });

    it('gives the changed fields of a sync, and only known ones', async () => {
      stub = stubFetch(() => json({ ...PROFILE, changed: ['phone', 'nonsense', 7] }));
      expect((await syncProfile({ api, ...bearerAs('tok') })).changed).to.deep.equal(['phone']);
      stub.restore();
      stub = stubFetch(() => json(PROFILE));
      expect((await syncProfile({ api, ...bearerAs('tok') })).changed).to.deep.equal([]);
    });
  });
});
