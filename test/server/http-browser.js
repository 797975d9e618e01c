// What a browser does against the reference server, by hand: a cookie jar, requests that carry it
// without following redirects, PKCE, and the sign-in page's JSON calls (<dvc-signin>'s steps).
// Shared by the server tests; it holds no tests itself.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

/** A browser's cookie jar, just enough for the provider (name, value, path). */
export class CookieJar {
  /** @type {Map<string, { value: string, path: string }>} */
  cookies = new Map();

  /** @param {Response} res */
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attrs.find((a) => a.toLowerCase().startsWith('path='));
      const expired = attrs.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now())
        || attrs.some((a) => /^max-age=0$/i.test(a));
      const key = `${name}|${pathAttr ? pathAttr.slice(5) : '/'}`;
      if (!value || expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path: pathAttr ? pathAttr.slice(5) : '/' });
    }
  }

  /** @param {string} url */
  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
      .join('; ');
  }
}

/**
 * One request with the jar's cookies, redirects not followed; `form` and `json` set the body.
 * @param {CookieJar} jar
 * @param {string} url
 * @param {RequestInit & { form?: Record<string, string>, json?: unknown }} [init]
 */
export async function browse(jar, url, init = {}) {
  const { form, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  let body = rest.body;
  if (form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(form).toString();
  } else if (json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  const res = await fetch(url, { ...rest, headers, body, redirect: 'manual' });
  jar.store(res);
  return res;
}

export const b64url = (/** @type {Buffer} */ buf) => buf.toString('base64url');

export function pkce() {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

/** The `action` of the <dvc-signin> on a page, if there is one. @param {string} html */
export function signinAction(html) {
  return /<dvc-signin action="([^"]+)"/.exec(html)?.[1];
}

/**
 * The newest code the development outbox holds for an interaction.
 * @param {string} origin
 * @param {string} uid
 */
export async function latestCode(origin, uid) {
  const res = await fetch(`${origin}/dev/sms.json`);
  assert.equal(res.status, 200);
  const messages = /** @type {{ code: string, interaction: string }[]} */ (await res.json());
  const message = messages.find((m) => m.interaction === uid);
  assert.ok(message, `an SMS was sent for interaction ${uid}`);
  return message.code;
}

/**
 * <dvc-signin>'s calls on an interaction page: password step, the code from the outbox, OTP step.
 * Returns where the page goes next (the provider's resume URL).
 * @param {CookieJar} jar
 * @param {string} pageUrl the interaction page (http://…/interaction/<uid>)
 * @param {{ idNumber: string, password: string, accountType?: 'dvcqg' | 'vneid' }} account
 */
export async function passSignin(jar, pageUrl, { idNumber, password, accountType = 'vneid' }) {
  const { origin, pathname } = new URL(pageUrl);
  const uid = pathname.split('/')[2];
  const headers = { origin };
  const step2 = await browse(jar, `${pageUrl}/credentials`, { method: 'POST', headers, json: { accountType, idNumber, password } });
  assert.equal(step2.status, 200, `credentials: ${await step2.clone().text()}`);
  const code = await latestCode(origin, uid);
  const step3 = await browse(jar, `${pageUrl}/otp`, { method: 'POST', headers, json: { code } });
  assert.equal(step3.status, 200, `otp: ${await step3.clone().text()}`);
  const { redirectTo } = await step3.json();
  assert.equal(typeof redirectTo, 'string');
  return new URL(redirectTo, pageUrl).href;
}
