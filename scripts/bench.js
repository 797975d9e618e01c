// Benchmarks in headless Chromium against the reference server (prints numbers; asserts nothing).
//  1. page with every element until all show their data, vs a page with one plain Lit element;
//  2. the dossier table: 100 rows rendered, then re-rendered after a refresh that changes one row;
//  3. the login button: script start to an interactive button.
// Medians of RUNS (default 15) fresh page loads each, same browser, same run.
import { build } from 'esbuild';
import { launch } from '../test/e2e/browser.js';
import { startServer } from '../server/index.js';

const RUNS = Number(process.env.RUNS ?? 15);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

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
  '/bench/plain.html': `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <script type="module" src="/bench/plain.js"></script></head><body><plain-el></plain-el></body></html>`,
  '/bench/all.html': `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <script type="module" src="/dist/dvc-widgets.js"></script></head><body>
    <dvc-portal issuer="${origin}/oidc" client-id="dvc-demo" api="${origin}/api">
      <dvc-login-button></dvc-login-button>
      <dvc-process-steps current="1"></dvc-process-steps>
      <dvc-dossier-table source="public-results" page-size="20"></dvc-dossier-table>
      <dvc-stats-donut year="2023"></dvc-stats-donut>
      <dvc-profile-sync></dvc-profile-sync>
      <dvc-otp-input></dvc-otp-input>
    </dvc-portal></body></html>`,
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

async function open(path, ready, fakeResults = false) {
  const page = await browser.newPage();
  await page.setCacheEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname === '/bench/plain.js') return req.respond({ contentType: 'text/javascript', body: plainJs });
    if (pages[url.pathname]) return req.respond({ contentType: 'text/html; charset=utf-8', body: pages[url.pathname] });
    if (fakeResults && url.pathname === '/api/public/results') {
      return req.respond({ contentType: 'application/json', body: JSON.stringify(resultsPage()) });
    }
    return req.continue();
  });
  await page.goto(origin + path);
  const ms = await page.waitForFunction(ready, { polling: 5, timeout: 30000 }).then((h) => h.jsonValue());
  return { page, ms };
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
const readyAll = new Function(`const deep=${deep.toString()};
  const t=document.querySelector('dvc-dossier-table')?.shadowRoot;
  const d=document.querySelector('dvc-stats-donut')?.shadowRoot;
  const s=document.querySelector('dvc-process-steps')?.shadowRoot;
  const b=document.querySelector('dvc-login-button')?.shadowRoot;
  const p=document.querySelector('dvc-profile-sync')?.shadowRoot;
  const ok = t && t.querySelectorAll('tbody tr').length >= 20 && d && /%/.test(d.textContent) && /3\\.788/.test(d.textContent)
    && s && s.querySelectorAll('li').length === 5 && b && b.querySelector('button:not([disabled])') && p && p.querySelector('button');
  return ok ? performance.now() : false;`);
const readyTable = () => {
  const rows = document.querySelector('dvc-dossier-table')?.shadowRoot?.querySelectorAll('tbody tr');
  return rows && rows.length >= 100 ? performance.now() : false;
};
const readyButton = () => {
  const b = document.querySelector('dvc-login-button')?.shadowRoot?.querySelector('button:not([disabled])');
  return b ? performance.now() - performance.getEntriesByName('script-start')[0].startTime : false;
};

const results = { plain: [], all: [], table: [], rerender: [], button: [] };
for (let i = 0; i < RUNS; i++) {
  for (const [key, path, ready] of [
    ['plain', '/bench/plain.html', readyPlain],
    ['all', '/bench/all.html', readyAll],
    ['button', '/bench/button.html', readyButton],
  ]) {
    const { page, ms } = await open(path, ready);
    results[key].push(ms);
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

await browser.close();
await server.close();

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
console.log(`runs per figure: ${RUNS} (medians)`);
console.log(`one plain Lit element shown:            ${fmt(m.plain)}`);
console.log(`every element showing its data:         ${fmt(m.all)}  (ratio ${(m.all / m.plain).toFixed(2)}, target <= 1.5)`);
console.log(`login button interactive from script:   ${fmt(m.button)}`);
console.log(`dossier table, 100 rows shown:          ${fmt(m.table)}`);
console.log(`dossier table, refresh changing one row: ${fmt(m.rerender)}`);
