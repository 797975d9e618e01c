// Renewal latency in Chromium against the reference server: how long an API call waits when its
// access token is due, from the call to the authorised headers (Web Lock, token request with the
// refresh token, renewed ID token verified with jose, tokens stored). Each round moves the page's
// clock past the token's expiry. `node scripts/renewal-latency.js [rounds] [--dpop]`.
import { startServer } from '../server/index.js';
import { launch } from '../test/e2e/browser.js';
import { KIET, signIn } from '../test/e2e/citizens.js';

const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 30);
const dpop = process.argv.includes('--dpop');
const server = await startServer({ port: 0, quiet: true });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument((withDpop) => {
    const real = Date.now.bind(Date);
    window.__offset = 0;
    Date.now = () => real() + window.__offset;
    if (!withDpop) return;
    new MutationObserver((_, observer) => {
      const portal = document.querySelector('dvc-portal');
      if (!portal) return;
      portal.setAttribute('dpop', '');
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }, dpop);
  const origin = server.url;
  await page.goto(origin);
  await signIn(page, origin, KIET);
  const times = [];
  for (let i = 1; i <= rounds; i++) {
    const ms = await page.evaluate(async (round) => {
      window.__offset = round * 16 * 60_000;
      const session = document.querySelector('dvc-portal').session;
      const t0 = performance.now();
      const access = await session.apiAccess({ method: 'GET', url: new URL('/api/me/profile', location.href).href });
      if (!access) throw new Error('renewal failed');
      return performance.now() - t0;
    }, i);
    times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`renewal latency${dpop ? ' with DPoP' : ''}, ${rounds} renewals: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, first ${times[0].toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
