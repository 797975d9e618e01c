// Load check of the reference server's sign-in endpoints and public API (prints numbers; asserts
// nothing). `npm run load`.
//
// The server runs in a child process of this script (so the load generator's own work does not
// show up in the server's event-loop delay), on 127.0.0.1, port 0. Every phase is bounded in
// request count and in time (PHASE_MS), and every request times out after 10 s.
//
//   1. public API at rest: GET /api/public/results and GET /api/stats/processing;
//   2. sign-in page: GET /interaction/:uid;
//   3. a password flood: FLOOD wrong passwords for one ID number, all at once, from one address,
//      then FLOOD more for as many distinct ID numbers, then FLOOD more for distinct ID numbers
//      from distinct addresses (X-Forwarded-For; the server runs with TRUST_PROXY=1); meanwhile a
//      static file, the public API and the server's event-loop delay
//      (perf_hooks.monitorEventLoopDelay, in the server) are measured.
//
// Environment: REQUESTS (default 1000, per public API phase), CONCURRENCY (default 20),
// FLOOD (default 200), PHASE_MS (default 20000).

import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const REQUESTS = Math.min(20_000, Number(process.env.REQUESTS ?? 1000));
const CONCURRENCY = Math.min(200, Number(process.env.CONCURRENCY ?? 20));
const FLOOD = Math.min(2000, Number(process.env.FLOOD ?? 200));
const PHASE_MS = Math.min(60_000, Number(process.env.PHASE_MS ?? 20_000));
const REQUEST_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// The server side: started by the parent with --server, reports its port and event-loop delay.

if (process.argv.includes('--server')) {
  const { startServer } = await import('../server/index.js');
  const server = await startServer({ port: 0, host: '127.0.0.1', quiet: true, production: false, trustProxy: 1 });
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', async (/** @type {any} */ message) => {
    if (message === 'eld:start') {
      histogram.reset();
      histogram.enable();
    } else if (message === 'eld:stop') {
      histogram.disable();
      process.send?.({
        eld: {
          mean: histogram.mean / 1e6,
          p99: histogram.percentile(99) / 1e6,
          max: histogram.max / 1e6,
        },
      });
    } else if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  process.send?.({ port: server.port });
}

// ---------------------------------------------------------------------------------------------
// The load generator.

/**
 * @typedef {{ count: number, seconds: number, rps: number, p50: number, p99: number, max: number, statuses: Record<string, number> }} Result
 */

/** @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * Runs `total` requests made by `make`, `concurrency` at a time, for at most PHASE_MS.
 * @param {() => Promise<Response>} make
 * @param {{ total: number, concurrency: number, stop?: () => boolean }} options
 * @returns {Promise<Result>}
 */
async function run(make, { total, concurrency, stop }) {
  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  const started = performance.now();
  const deadline = started + PHASE_MS;
  let next = 0;
  async function worker() {
    while (next < total && performance.now() < deadline && !stop?.()) {
      next += 1;
      const t0 = performance.now();
      let status;
      try {
        const res = await make();
        await res.arrayBuffer();
        status = String(res.status);
      } catch (err) {
        status = /** @type {Error} */ (err).name === 'TimeoutError' ? 'timeout' : 'error';
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    statuses,
  };
}

/** @param {string} name @param {Result} r */
function report(name, r) {
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `${name.padEnd(44)} ${String(r.count).padStart(5)} req  ${r.rps.toFixed(0).padStart(6)} req/s  `
    + `p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  [${statuses}]`,
  );
}

/** @param {{ mean: number, p99: number, max: number }} eld @param {string} name */
function reportEld(name, eld) {
  console.log(`${name.padEnd(44)} event-loop delay: mean ${eld.mean.toFixed(1)} ms  p99 ${eld.p99.toFixed(1)} ms  max ${eld.max.toFixed(1)} ms`);
}

/** A cookie jar of one: the provider's interaction cookies. */
class Jar {
  /** @type {Map<string, string>} */
  cookies = new Map();
  /** @param {Response} res */
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * An authorization request up to the sign-in page: the page's URL and its cookies.
 * @param {string} origin
 */
async function openInteraction(origin) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${origin}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: 'dvc-e2e', redirect_uri: `${origin}/`, response_type: 'code', scope: 'openid profile',
    state: randomBytes(16).toString('base64url'), nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  }).toString();
  const jar = new Jar();
  const res = await fetch(url, { redirect: 'manual' });
  jar.store(res);
  await res.arrayBuffer();
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) throw new Error(`authorization request: ${res.status}`);
  return { jar, pageUrl: new URL(location, url).href };
}

async function main() {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @type {(value: any) => void} */
  let onMessage = () => {};
  child.on('message', (m) => onMessage(m));
  /** @returns {Promise<any>} */
  const nextMessage = () => new Promise((resolve) => { onMessage = resolve; });
  const killer = setTimeout(() => {
    console.error('load: time limit reached, stopping');
    child.kill();
    process.exit(1);
  }, 8 * PHASE_MS + 30_000);

  try {
    const { port } = await nextMessage();
    const origin = `http://127.0.0.1:${port}`;
    const signal = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    console.log(`reference server on ${origin} (child pid ${child.pid}); ${REQUESTS} requests per API phase, concurrency ${CONCURRENCY}, flood ${FLOOD}`);

    const results = () => fetch(`${origin}/api/public/results?page=1&pageSize=20`, { signal: signal() });
    const stats = () => fetch(`${origin}/api/stats/processing?year=2023`, { signal: signal() });
    const staticFile = () => fetch(`${origin}/demo.css`, { signal: signal() });

    // Warm up (JIT, data set, first scrypt).
    await run(results, { total: 50, concurrency: 5 });
    await run(staticFile, { total: 20, concurrency: 2 });

    child.send('eld:start');
    report('GET /api/public/results (at rest)', await run(results, { total: REQUESTS, concurrency: CONCURRENCY }));
    report('GET /api/stats/processing (at rest)', await run(stats, { total: REQUESTS, concurrency: CONCURRENCY }));
    report('GET /demo.css (static, at rest)', await run(staticFile, { total: REQUESTS, concurrency: CONCURRENCY }));
    child.send('eld:stop');
    reportEld('at rest', (await nextMessage()).eld);

    const { jar, pageUrl } = await openInteraction(origin);
    const page = () => fetch(pageUrl, { headers: { cookie: jar.header() }, signal: signal() });
    report('GET /interaction/:uid (sign-in page)', await run(page, { total: Math.min(REQUESTS, 300), concurrency: CONCURRENCY }));

    /** @param {string} idNumber @param {string} [address] */
    const wrongPassword = (idNumber, address = '192.0.2.1') => () => fetch(`${pageUrl}/credentials`, {
      method: 'POST',
      headers: { cookie: jar.header(), origin, 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ accountType: 'vneid', idNumber, password: 'Sai@2023' }),
      signal: signal(),
    });

    for (const [name, make] of /** @type {const} */ ([
      ['one ID number', wrongPassword('045090001234')],
      ['distinct ID numbers', (() => {
        let i = 0;
        return () => wrongPassword(`0451${String(90_000_000 + (i++)).padStart(8, '0')}`)();
      })()],
      ['distinct numbers and addresses', (() => {
        let i = 0;
        return () => {
          i += 1;
          return wrongPassword(`0452${String(90_000_000 + i).padStart(8, '0')}`, `198.51.${(i >> 8) & 255}.${i & 255}`)();
        };
      })()],
    ])) {
      let flooding = true;
      child.send('eld:start');
      const [flood, staticDuring, apiDuring] = await Promise.all([
        run(make, { total: FLOOD, concurrency: FLOOD }).finally(() => { flooding = false; }),
        run(staticFile, { total: 10_000, concurrency: 2, stop: () => !flooding }),
        run(results, { total: 10_000, concurrency: 2, stop: () => !flooding }),
      ]);
      child.send('eld:stop');
      const { eld } = await nextMessage();
      report(`POST credentials, ${FLOOD} at once, ${name}`, flood);
      report('  GET /demo.css during the flood', staticDuring);
      report('  GET /api/public/results during the flood', apiDuring);
      reportEld('  during the flood', eld);
    }
  } finally {
    clearTimeout(killer);
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (!process.argv.includes('--server')) await main();
