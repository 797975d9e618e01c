// Benchmarks in headless Chromium against the reference server (prints numbers; asserts nothing).
//  1. the pages of scripts/pages.js (every element, the portal home, the donut alone) until all
//     show their data, vs a page with one plain Lit element, with the script tag's loader and,
//     when BEFORE_DIST names another build's dist/ (e.g. main's), with that one too; plain and
//     under 4x CPU throttling (CDP Emulation.setCPUThrottlingRate, as Lighthouse's mobile
//     profile); then one CPU profile (CDP Profiler) of the every-element page, throttled, by file;
//  2. the dossier table: 100 rows rendered, then re-rendered after a refresh that changes one row;
//  3. the login button: script start to an interactive button.
// BY_FUNCTION=1 splits the profile by function (line:column of the minified file).
// Medians and spread (25th-75th percentile) of RUNS (default 15) fresh page loads each, every
// kind of page once per round (interleaved), same browser, same run.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../test/e2e/browser.js';
import { startServer } from '../server/index.js';
import { PAGES, pageHtml, allShown } from './pages.js';

const RUNS = Number(process.env.RUNS ?? 15);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const BEFORE_DIST = process.env.BEFORE_DIST;
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

// A plain Lit element, bundled like the library (minified, production Lit), for the baseline page.
const plain = await build({
  stdin: {
    contents: `import { LitElement, html } from 'lit';
      customElements.define('plain-el', class extends LitElement {
        render() { return html\`<p>Xin chào</p>\`; }
      });`,
    resolveDir: process.cwd(),
  },
  bundle: true, minify: true, format: 'esm', write: false, conditions: ['production'],
});
const plainJs = plain.outputFiles[0].text;

const server = await startServer({ port: 0, quiet: true });
const origin = new URL(server.url).origin;
const browser = await launch();

const pages = {
  ...Object.fromEntries(['all', 'home', 'donut'].flatMap((name) => [
    [`/bench/${name}.html`, pageHtml(name, origin)],
    [`/bench/before-${name}.html`, pageHtml(name, origin, '/before/dist/dvc-widgets.js')],
  ])),
  '/bench/plain.html': `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <script type="module" src="/bench/plain.js"></script></head><body><plain-el></plain-el></body></html>`,
  '/bench/table.html': `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <script type="module" src="/dist/dvc-widgets.js"></script></head><body>
    <dvc-dossier-table api="${origin}/api" source="public-results" page-size="100"></dvc-dossier-table></body></html>`,
  '/bench/button.html': `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <script>performance.mark('script-start')</script>
    <script type="module" src="/dist/dvc-widgets.js"></script></head><body>
    <dvc-login-button issuer="${origin}/oidc" client-id="dvc-demo"></dvc-login-button></body></html>`,
};

let changed = false;
const resultsPage = () => ({
  items: Array.from({ length: 100 }, (_, i) => ({
    code: `000.00.30.H50-230411-${String(i + 1).padStart(4, '0')}`,
    applicantName: i === 50 && changed ? 'NGUYỄN ĐÃ ĐỔI' : `NGUYỄN V** A${i}`,
    procedureName: 'Đăng ký khai sinh',
    resultAt: '2023-04-11T17:13:44+07:00',
  })),
  page: 1,
  pageSize: 100,
  total: 100000,
});

/**
 * Answers the benchmark's own pages and scripts, and the files of both builds (this one's dist/ and
 * BEFORE_DIST's) the same way, from disk: a build served through the server and the other through
 * interception would not be compared fairly. The rest (API, provider) goes to the server.
 */
function respond(req, fakeResults = false) {
  const url = new URL(req.url());
  if (url.pathname === '/bench/plain.js') return req.respond({ contentType: 'text/javascript', body: plainJs });
  const build = url.pathname.startsWith('/before/dist/') ? ['/before/dist/', BEFORE_DIST] : url.pathname.startsWith('/dist/') ? ['/dist/', DIST] : undefined;
  if (build) {
    const file = join(build[1], normalize(url.pathname.slice(build[0].length)));
    return readFile(file).then(
      (body) => req.respond({ contentType: 'text/javascript; charset=utf-8', body }),
      () => req.respond({ status: 404, body: '' }),
    );
  }
  if (pages[url.pathname]) return req.respond({ contentType: 'text/html; charset=utf-8', body: pages[url.pathname] });
  if (fakeResults && url.pathname === '/api/public/results') {
    return req.respond({ contentType: 'application/json', body: JSON.stringify(resultsPage()) });
  }
  return req.continue();
}

async function open(path, ready, fakeResults = false, throttle = 1) {
  const page = await browser.newPage();
  await page.setCacheEnabled(false);
  const cdp = await page.createCDPSession();
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.setRequestInterception(true);
  page.on('request', (req) => respond(req, fakeResults));
  await page.goto(origin + path);
  const ms = await page.waitForFunction(ready, { polling: 5, timeout: 30000 }).then((h) => h.jsonValue());
  return { page, ms, cdp };
}

// Each `ready` returns performance.now() once the page shows what it must, else false.
const deep = (root, sel) => {
  for (const el of root.querySelectorAll('*')) {
    if (el.matches(sel)) return el;
    if (el.shadowRoot) { const hit = deep(el.shadowRoot, sel); if (hit) return hit; }
  }
  return null;
};
const readyPlain = () => (document.querySelector('plain-el')?.shadowRoot?.querySelector('p') ? performance.now() : false);
const readyTable = () => {
  const rows = document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tbody tr');
  return rows && rows.length >= 100 ? performance.now() : false;
};
const readyButton = () => {
  const b = document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button:not([disabled])');
  return b ? performance.now() - performance.getEntriesByName('script-start')[0].startTime : false;
};

/** The page kinds compared, with their path and readiness test. */
const kinds = [
  ['plain', '/bench/plain.html', readyPlain],
  ...['all', 'home', 'donut'].flatMap((name) => [
    [name, `/bench/${name}.html`, allShown],
    ...(BEFORE_DIST ? [[`before ${name}`, `/bench/before-${name}.html`, allShown]] : []),
  ]),
];
const results = { table: [], rerender: [], button: [] };
for (const throttle of [1, 4]) for (const [key] of kinds) results[`${key} @${throttle}x`] = [];
for (let i = 0; i < RUNS; i++) {
  for (const throttle of [1, 4]) {
    for (const [key, path, ready] of kinds) {
      const { page, ms } = await open(path, ready, false, throttle);
      results[`${key} @${throttle}x`].push(ms);
      await page.close();
    }
  }
  {
    const { page, ms } = await open('/bench/button.html', readyButton);
    results.button.push(ms);
    await page.close();
  }
  const { page, ms } = await open('/bench/table.html', readyTable, true);
  results.table.push(ms);
  // A refresh whose answer changes one row (row 51's name): time from refresh() to that row shown.
  changed = true;
  results.rerender.push(
    await page.evaluate(async () => {
      const table = document.querySelector('dvc-dossier-table');
      const t0 = performance.now();
      table.refresh();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const row = table.shadowRoot.querySelectorAll('tbody tr')[50];
        if (row?.textContent.includes('ĐÃ ĐỔI')) return performance.now() - t0;
      }
    }),
  );
  changed = false;
  await page.close();
}

/**
 * Where the every-element page's time goes, throttled 4x: a CPU profile from navigation to all
 * data shown, self time summed by script file (and the main thread's idle time, which is waiting
 * for the network), plus when the scripts and API answers arrived (resource timing).
 */
async function profile(pathname) {
  const page = await browser.newPage();
  await page.setCacheEnabled(false);
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.setRequestInterception(true);
  page.on('request', (req) => respond(req));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(origin + pathname);
  const shown = await page.waitForFunction(allShown, { polling: 5, timeout: 30000 }).then((h) => h.jsonValue());
  const { profile: prof } = await cdp.send('Profiler.stop');
  const timing = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, type: e.initiatorType, start: e.startTime, end: e.responseEnd })),
  );
  await page.close();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = prof.timeDeltas;
  prof.samples.forEach((id, i) => {
    const node = byId.get(id);
    const { url, functionName } = node.callFrame;
    const key = url ? new URL(url).pathname.replace(/^\/dist\//, '') + (process.env.BY_FUNCTION ? ` ${functionName}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}` : '') : `(${functionName || 'native'})`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  const scripts = timing.filter((t) => t.name.endsWith('.js'));
  const api = timing.filter((t) => t.name.startsWith('/api/') || t.name.startsWith('/oidc/'));
  return { shown, rows, lastScript: Math.max(...scripts.map((t) => t.end)), firstScript: Math.min(...scripts.map((t) => t.start)), lastApi: Math.max(0, ...api.map((t) => t.end)), scripts: scripts.length };
}
const profiles = { after: await profile('/bench/all.html'), ...(BEFORE_DIST ? { before: await profile('/bench/before-all.html') } : {}) };

await browser.close();
await server.close();

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const spread = (k) => `${fmt(quantile(results[k], 0.25))}-${fmt(quantile(results[k], 0.75))}`;
console.log(`runs per figure: ${RUNS} (medians, 25th-75th percentile), interleaved${BEFORE_DIST ? `; "before" is ${BEFORE_DIST}` : ''}`);
for (const throttle of [1, 4]) {
  console.log(`\n${throttle === 1 ? 'no CPU throttling' : '4x CPU throttling'}: time to all data shown`);
  for (const [key] of kinds) {
    const k = `${key} @${throttle}x`;
    const ratio = key === 'plain' ? '' : `  ratio to plain ${(m[k] / m[`plain @${throttle}x`]).toFixed(2)}${key.endsWith('all') ? ' (target <= 1.5)' : ''}`;
    console.log(`  ${(key === 'plain' ? 'one plain Lit element' : key).padEnd(22)} ${fmt(m[k]).padStart(9)}  (${spread(k)})${ratio}`);
  }
}
console.log(`\nlogin button interactive from script:   ${fmt(m.button)}`);
console.log(`dossier table, 100 rows shown:          ${fmt(m.table)}`);
console.log(`dossier table, refresh changing one row: ${fmt(m.rerender)}`);
for (const [label, p] of Object.entries(profiles)) {
  console.log(`\nprofile, every element, 4x throttled (${label}): all shown at ${fmt(p.shown)}; ${p.scripts} scripts from ${fmt(p.firstScript)} to ${fmt(p.lastScript)}; last API/provider answer at ${fmt(p.lastApi)}`);
  for (const [key, ms] of p.rows) console.log(`  ${fmt(ms).padStart(9)}  ${key}`);
}
