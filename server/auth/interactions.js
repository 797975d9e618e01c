// Sign-in interactions of the reference OpenID provider, served at /interaction/:uid.
//
//   GET  /interaction/:uid                   the sign-in page, made of <dvc-signin> (prompt "login");
//                                            the consent step is granted without a screen for the
//                                            registered demo clients
//   POST /interaction/:uid/credentials       JSON {accountType, idNumber, password} → an OTP is sent
//   POST /interaction/:uid/otp               JSON {code} → {redirectTo}: the provider's resume URL
//   POST /interaction/:uid/otp/resend        a new code, 60 s after the last one
//   POST /interaction/:uid/abort             the citizen cancels: access_denied back to the agency
//
// The JSON endpoints are described in openapi/auth-interaction.json. They need the interaction
// cookie (same origin) and, for bodies, `Content-Type: application/json`; a cross-origin `Origin`
// is refused.
//
// Limits of the password step (RATE_LIMITS), each recorded before the password is hashed (so
// requests that arrive together are counted together) and taken back when the password is right:
// - per ID number and client: 5 failures in 15 minutes, with increasing delays after the second
//   (1 s, 2 s, 4 s before the next try). The client is the device cookie `dvc_device` the sign-in
//   page sets (signed by the server), or the client address when there is none. Keyed by the ID
//   number typed, so an unknown number is limited exactly like a known one; a stranger's failures
//   from another device or address never count against the citizen's own.
// - per client address: 30 failures in 15 minutes over all ID numbers (one password tried on many
//   numbers), except for a device on which this ID number's password was right before, so people
//   behind one address are not locked out by one of them.
// - at most 2 password hashes at once and 32 waiting; beyond that 503 with Retry-After.
// The code step's per-account limits (one live code, 5 codes sent and 10 tried per hour) are in
// otp.js: a stranger who knows the password is held by them.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from 'oidc-provider';
import { ApiError, readJsonBody, sendJson } from '../api/http.js';
import { BusyError, findAccount, verifyCredentials } from './accounts.js';
import { createClock, createOtpStore, createOutbox, createRateLimiter } from './otp.js';
import { PAGE_CSP, errorPage, signinPage } from './pages.js';

export const INVALID_CREDENTIALS = 'Số định danh hoặc mật khẩu không đúng';
const EXPIRED = 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng quay lại trang dịch vụ và đăng nhập lại.';

const MESSAGES = Object.freeze({
  accountType: 'Vui lòng chọn loại tài khoản',
  idNumber: 'Vui lòng nhập số CCCD / số định danh gồm 12 chữ số',
  password: 'Vui lòng nhập mật khẩu',
  code: 'Vui lòng nhập mã OTP gồm 6 chữ số',
  noChallenge: 'Chưa có mã xác thực cho phiên đăng nhập này. Vui lòng nhập số định danh và mật khẩu trước.',
  otpInvalid: 'Mã OTP không đúng',
  otpExpired: 'Mã OTP đã hết hạn. Vui lòng yêu cầu gửi lại mã.',
  otpLocked: 'Bạn đã nhập sai mã OTP quá số lần cho phép. Vui lòng quay lại trang dịch vụ và đăng nhập lại sau ít phút.',
  smsUnavailable: 'Không gửi được mã xác thực lúc này. Vui lòng thử lại sau.',
  crossOrigin: 'Yêu cầu không đến từ trang đăng nhập.',
  otpSuperseded: 'Mã OTP này đã được thay bằng mã gửi cho lần đăng nhập mới hơn. Vui lòng yêu cầu gửi lại mã.',
});

/** @param {number} seconds */
function inTime(seconds) {
  return seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
}

/** @param {number} seconds */
function tooMany(seconds) {
  return `Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${inTime(seconds)}.`;
}

/** @param {number} seconds */
function tooManyCodes(seconds) {
  return `Tài khoản này đã được gửi quá nhiều mã OTP trong một giờ. Vui lòng thử lại sau ${inTime(seconds)}.`;
}

/** @param {number} seconds */
function tooManyCodeAttempts(seconds) {
  return `Tài khoản này đã nhập mã OTP quá nhiều lần trong một giờ. Vui lòng thử lại sau ${inTime(seconds)}.`;
}

/** @param {number} seconds */
function busy(seconds) {
  return `Hệ thống đang bận. Vui lòng thử lại sau ${inTime(seconds)}.`;
}

/** @param {number} seconds */
function resendWait(seconds) {
  return `Vui lòng chờ ${seconds} giây trước khi yêu cầu gửi lại mã.`;
}

export const ACCOUNT_TYPES = Object.freeze(['dvcqg', 'vneid']);

/** Authentication methods (RFC 8176) of a sign-in with password and a code sent by SMS. */
export const SIGNIN_AMR = Object.freeze(['pwd', 'sms', 'mfa']);

/**
 * Default limits of the password step (see the top of this file; the code step's are OTP_RULES).
 * @type {Readonly<{ account: LimitRule, address: LimitRule, knownDeviceMs: number }>}
 */
export const RATE_LIMITS = Object.freeze({
  /** Failures per ID number and client (device cookie, else address). */
  account: { limit: 5, windowMs: 15 * 60_000, backoff: { after: 2, baseMs: 1000, maxMs: 60_000 } },
  /** Failures per client address over all ID numbers. */
  address: { limit: 30, windowMs: 15 * 60_000 },
  /** How long a device on which an ID number's password was right stays known for it. */
  knownDeviceMs: 30 * 24 * 60 * 60_000,
});

/** The device cookie the sign-in page sets: a random id and the server's HMAC of it. */
export const DEVICE_COOKIE = 'dvc_device';
/** The most keys each limiter table holds (see createRateLimiter). */
const MAX_KEYS = 10_000;

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {import('oidc-provider').default} Provider
 * @typedef {import('./otp.js').Clock} Clock
 * @typedef {(message: { to: string, code: string, interaction: string }) => Promise<void>} SmsSender
 * @typedef {{ limit: number, windowMs: number, backoff?: import('./otp.js').Backoff }} LimitRule
 */

/**
 * @param {Res} res
 * @param {number} status
 * @param {string} html
 */
export function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

/**
 * A JSON error `{error, message, ...extra}`.
 * @param {Req} req
 * @param {Res} res
 * @param {number} status
 * @param {string} error
 * @param {string} message
 * @param {Record<string, unknown>} [extra]
 * @param {Record<string, string>} [headers]
 */
function fail(req, res, status, error, message, extra = {}, headers = {}) {
  sendJson(req, res, status, { error, message, ...extra }, { headers });
  return true;
}

/**
 * @param {Req} req
 * @param {Res} res
 * @param {number} retryAfter seconds
 * @param {string} message
 */
function rateLimited(req, res, retryAfter, message) {
  return fail(req, res, 429, 'rate_limited', message, { retryAfter }, { 'Retry-After': String(retryAfter) });
}

/**
 * @param {Provider} provider
 * @param {unknown} clientId
 */
async function clientName(provider, clientId) {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? (typeof clientId === 'string' ? clientId : undefined);
}

/**
 * Renders the sign-in step: a page built from <dvc-signin>.
 * @param {Res} res
 * @param {{ provider: Provider, uid: string, params: Record<string, unknown>, status?: number }} options
 */
export async function renderLogin(res, { provider, uid, params, status = 200 }) {
  const name = await clientName(provider, params.client_id);
  sendHtml(res, status, signinPage({ uid, clientName: name }));
}

/**
 * Ends the login step for a citizen whose password and code were accepted: the interaction gets
 * its result and the page is told where to go next (the provider's resume URL), as
 * `200 {redirectTo}`.
 * @param {Req} req
 * @param {Res} res
 * @param {Provider} provider
 * @param {{ sub: string }} citizen
 * @param {readonly string[]} [amr] authentication methods used
 */
export async function completeLogin(req, res, provider, citizen, amr = SIGNIN_AMR) {
  const redirectTo = await provider.interactionResult(req, res, {
    login: { accountId: citizen.sub, amr: [...amr], remember: false },
  }, { mergeWithLastSubmission: false });
  sendJson(req, res, 200, { redirectTo });
}

/**
 * Grants what the client asked for, without a consent screen (registered demo clients only).
 * @param {Req} req
 * @param {Res} res
 * @param {Provider} provider
 * @param {any} interaction
 */
async function autoConsent(req, res, provider, interaction) {
  const { prompt: { details }, params, session } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (!grant) throw new errors.SessionNotFound('grant not found');
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  if (details.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes)) {
      grant.addResourceScope(indicator, /** @type {string[]} */ (scopes).join(' '));
    }
  }
  const grantId = await grant.save();
  /** @type {{ grantId?: string }} */
  const consent = {};
  if (!interaction.grantId) consent.grantId = grantId;
  await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
}

/**
 * Whether a JSON call comes from a page of this server: no `Origin` (same-origin GET-like calls
 * of older browsers) unless the browser says cross-site, or an `Origin` that is one of the
 * server's own (the configured public origin, http or https, and its loopback addresses).
 * @param {Req} req
 * @param {ReadonlySet<string>} origins
 */
function sameOrigin(req, origins) {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site';
  return origins.has(origin);
}

/**
 * One cookie's value from the request.
 * @param {Req} req
 * @param {string} name
 */
function cookieValue(req, name) {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Reads the JSON body of an interaction call; a body that is not a small JSON object is 400/413/415.
 * @param {Req} req
 * @returns {Promise<Record<string, unknown>>}
 */
async function readBody(req) {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(415, 'invalid_request', 'Nội dung phải là JSON (Content-Type: application/json)');
  }
  try {
    return await readJsonBody(req, 4096);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.status, 'invalid_request', err.message);
    throw err;
  }
}

/** The peer's address (server/index.js passes one that reads X-Forwarded-For under TRUST_PROXY). @param {Req} req */
function socketAddress(req) {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * @typedef {object} InteractionOptions
 * @property {Provider} provider
 * @property {Set<string>} trustedClients clients whose consent is granted without a screen
 * @property {boolean} [production] no development outbox: codes go to `sendSms` only
 * @property {Clock} [clock] the sign-in's clock (code expiry, cooldown, rate limits)
 * @property {SmsSender} [sendSms] an SMS gateway; outside production the default is the outbox
 * @property {{ address?: LimitRule, account?: LimitRule }} [limits]
 * @property {(req: Req) => string} [clientAddress] the client's address (default: the socket's peer)
 * @property {(req: Req) => boolean} [secureCookies] whether cookies get `Secure` (behind TLS)
 * @property {string[]} [origins] the server's own origins besides the issuer's
 */

/**
 * The interaction handler and the sign-in's state (OTP store, outbox, clock, limits), which the
 * development tools (server/dev) read and steer.
 * @param {InteractionOptions} options
 */
export function createInteractions({
  provider, trustedClients, production = false, clock = createClock(), sendSms, limits = {},
  clientAddress = socketAddress, secureCookies = () => false, origins = [],
}) {
  const publicOrigin = new URL(provider.issuer).origin;
  const ownOrigins = new Set([publicOrigin, ...origins]);
  const otp = createOtpStore({ clock });
  const outbox = production ? undefined : createOutbox({ clock });
  /** @type {SmsSender | undefined} */
  const deliver = sendSms ?? outbox?.send;
  const byAddress = createRateLimiter({ clock, maxKeys: MAX_KEYS, ...(limits.address ?? RATE_LIMITS.address) });
  const byAccount = createRateLimiter({ clock, maxKeys: MAX_KEYS, ...(limits.account ?? RATE_LIMITS.account) });
  /** `${idNumber}|${device}` of devices on which that ID number's password was right. */
  const knownDevices = createRateLimiter({ clock, limit: 1, windowMs: RATE_LIMITS.knownDeviceMs, maxKeys: MAX_KEYS });
  const deviceKey = randomBytes(32);

  /** @param {string} id */
  const deviceMac = (id) => createHmac('sha256', deviceKey).update(id).digest().subarray(0, 16);

  /**
   * The request's device id, when it carries a device cookie this server signed.
   * @param {Req} req
   */
  function deviceOf(req) {
    const [id, mac] = (cookieValue(req, DEVICE_COOKIE) ?? '').split('.');
    if (!id || !mac || !/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = deviceMac(id);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  /**
   * Gives the browser a device cookie when it has none (the sign-in page), so its failures and
   * successes are its own and not its address's.
   * @param {Req} req
   * @param {Res} res
   */
  function ensureDevice(req, res) {
    if (deviceOf(req)) return;
    const id = randomBytes(16).toString('base64url');
    const value = `${id}.${deviceMac(id).toString('base64url')}`;
    const attributes = ['Path=/interaction', `Max-Age=${Math.floor(RATE_LIMITS.knownDeviceMs / 1000)}`, 'HttpOnly', 'SameSite=Lax'];
    if (secureCookies(req)) attributes.push('Secure');
    res.appendHeader('Set-Cookie', `${DEVICE_COOKIE}=${value}; ${attributes.join('; ')}`);
  }

  /**
   * Sends a code; false when there is no way to send it.
   * @param {string} phone
   * @param {string} code
   * @param {string} uid
   */
  async function send(phone, code, uid) {
    if (!deliver) return false;
    await deliver({ to: phone, code, interaction: uid });
    return true;
  }

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string} uid
   */
  async function credentials(req, res, uid) {
    const body = await readBody(req);
    const { accountType, password } = body;
    const idNumber = typeof body.idNumber === 'string' ? body.idNumber.replace(/\s+/g, '') : '';
    if (typeof accountType !== 'string' || !ACCOUNT_TYPES.includes(accountType)) {
      return fail(req, res, 400, 'invalid_request', MESSAGES.accountType);
    }
    if (!/^\d{12}$/.test(idNumber)) return fail(req, res, 400, 'invalid_request', MESSAGES.idNumber);
    if (typeof password !== 'string' || password === '' || password.length > 256) {
      return fail(req, res, 400, 'invalid_request', MESSAGES.password);
    }

    // Every limit is taken (checked and counted) here, before the first await.
    const address = clientAddress(req);
    const device = deviceOf(req);
    const known = device !== undefined && knownDevices.has(`${idNumber}|${device}`);
    const perAccount = byAccount.take(`${idNumber}|${device ? `device:${device}` : `address:${address}`}`);
    if (!perAccount.ok) return rateLimited(req, res, perAccount.retryAfter, tooMany(perAccount.retryAfter));
    const perAddress = known ? undefined : byAddress.take(address);
    if (perAddress && !perAddress.ok) {
      perAccount.release();
      return rateLimited(req, res, perAddress.retryAfter, tooMany(perAddress.retryAfter));
    }
    const release = () => {
      perAccount.release();
      if (perAddress?.ok) perAddress.release();
    };

    let citizen;
    try {
      citizen = await verifyCredentials(idNumber, password);
    } catch (err) {
      release();
      if (!(err instanceof BusyError)) throw err;
      return fail(req, res, 503, 'busy', busy(err.retryAfter), { retryAfter: err.retryAfter }, { 'Retry-After': String(err.retryAfter) });
    }
    if (!citizen) return fail(req, res, 401, 'invalid_credentials', INVALID_CREDENTIALS);
    // The right password: its attempt does not count, and this device is now known for the number.
    release();
    if (device) knownDevices.hit(`${idNumber}|${device}`);

    // The same account again on this interaction (a second press, or back to step 2): within the
    // resend cooldown the code already sent stands; later a new one replaces it. Wrong tries carry over.
    const existing = otp.get(uid);
    const sameAccount = existing?.sub === citizen.sub;
    if (sameAccount && existing.locked) return fail(req, res, 423, 'otp_locked', MESSAGES.otpLocked);
    if (sameAccount && !existing.superseded && otp.status(existing).resendAfter > 0) {
      return sendJson(req, res, 200, { otp: otp.status(existing) });
    }
    if (!deliver) return fail(req, res, 503, 'unavailable', MESSAGES.smsUnavailable);
    const issued = otp.issue(uid, citizen, accountType);
    if (!issued.ok) return codeLimited(req, res, issued.retryAfter);
    await send(citizen.phone, issued.code, uid);
    return sendJson(req, res, 200, { otp: otp.status(issued.challenge) });
  }

  /**
   * The account has had its codes for the hour.
   * @param {Req} req
   * @param {Res} res
   * @param {number} retryAfter
   */
  function codeLimited(req, res, retryAfter) {
    return fail(req, res, 429, 'too_many_codes', tooManyCodes(retryAfter), { retryAfter }, { 'Retry-After': String(retryAfter) });
  }

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string} uid
   */
  async function checkCode(req, res, uid) {
    const body = await readBody(req);
    const code = typeof body.code === 'string' ? body.code.replace(/[\s-]+/g, '') : '';
    if (!new RegExp(`^\\d{${otp.rules.length}}$`).test(code)) return fail(req, res, 400, 'invalid_request', MESSAGES.code);

    const result = otp.verify(uid, code);
    if (result.ok) {
      const citizen = findAccount(result.challenge.sub);
      if (!citizen) return fail(req, res, 410, 'session_expired', EXPIRED);
      await completeLogin(req, res, provider, citizen);
      return true;
    }
    switch (result.reason) {
      case 'none':
        return fail(req, res, 400, 'invalid_request', MESSAGES.noChallenge);
      case 'locked':
        return fail(req, res, 423, 'otp_locked', MESSAGES.otpLocked);
      case 'expired':
        return fail(req, res, 400, 'otp_expired', MESSAGES.otpExpired);
      case 'superseded':
        return fail(req, res, 400, 'otp_expired', MESSAGES.otpSuperseded, { superseded: true });
      case 'try_limit':
        return fail(req, res, 429, 'too_many_code_attempts', tooManyCodeAttempts(result.retryAfter), {
          retryAfter: result.retryAfter,
        }, { 'Retry-After': String(result.retryAfter) });
      default:
        if (result.locked) return fail(req, res, 423, 'otp_locked', MESSAGES.otpLocked);
        return fail(req, res, 400, 'otp_invalid', MESSAGES.otpInvalid, { attemptsLeft: result.attemptsLeft });
    }
  }

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string} uid
   */
  async function resend(req, res, uid) {
    req.resume(); // no body is needed
    const existing = otp.get(uid);
    if (!existing) return fail(req, res, 400, 'invalid_request', MESSAGES.noChallenge);
    if (existing.locked) return fail(req, res, 423, 'otp_locked', MESSAGES.otpLocked);
    if (!deliver) return fail(req, res, 503, 'unavailable', MESSAGES.smsUnavailable);
    const result = otp.resend(uid);
    if (result.ok) {
      await send(result.challenge.phone, result.code, uid);
      return sendJson(req, res, 200, { otp: otp.status(result.challenge) });
    }
    if (result.reason === 'cooldown') return rateLimited(req, res, result.retryAfter, resendWait(result.retryAfter));
    if (result.reason === 'send_limit') return codeLimited(req, res, result.retryAfter);
    if (result.reason === 'locked') return fail(req, res, 423, 'otp_locked', MESSAGES.otpLocked);
    return fail(req, res, 400, 'invalid_request', MESSAGES.noChallenge);
  }

  /**
   * @param {Req} req
   * @param {Res} res
   * @param {string} pathname
   * @returns {Promise<boolean>}
   */
  async function handle(req, res, pathname) {
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(credentials|otp|otp\/resend|abort))?\/?$/.exec(pathname);
    if (!match) return false;
    const [, uid, action] = match;
    const json = action !== undefined && action !== 'abort';

    if (action && req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      if (json) return fail(req, res, 405, 'invalid_request', 'Phương thức không được hỗ trợ.');
      return methodNotAllowed(res, 'POST');
    }
    if (!action && req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET');
    if (json && !sameOrigin(req, ownOrigins)) return fail(req, res, 403, 'forbidden', MESSAGES.crossOrigin);

    /** @type {any} */
    let interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction uid mismatch');
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        if (json) return fail(req, res, 410, 'session_expired', EXPIRED);
        sendHtml(res, 400, errorPage({ title: 'Phiên đăng nhập đã hết hạn', message: EXPIRED }));
        return true;
      }
      throw err;
    }

    const { prompt, params } = interaction;

    if (!action) {
      if (prompt.name === 'login') {
        ensureDevice(req, res);
        await renderLogin(res, { provider, uid, params });
      } else if (prompt.name === 'consent' && trustedClients.has(String(params.client_id))) {
        await autoConsent(req, res, provider, interaction);
      } else {
        await provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'interaction not supported for this client',
        }, { mergeWithLastSubmission: false });
      }
      return true;
    }

    if (action === 'abort') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'Người dùng đã hủy đăng nhập',
      }, { mergeWithLastSubmission: false });
      return true;
    }

    if (prompt.name !== 'login') return fail(req, res, 410, 'session_expired', EXPIRED);

    try {
      if (action === 'credentials') await credentials(req, res, uid);
      else if (action === 'otp') await checkCode(req, res, uid);
      else await resend(req, res, uid);
      return true;
    } catch (err) {
      if (err instanceof ApiError) return fail(req, res, err.status, err.error, err.message);
      throw err;
    }
  }

  return { handle, otp, outbox, clock, limits: { address: byAddress, account: byAccount, knownDevices } };
}

/**
 * @param {Res} res
 * @param {string} allow
 */
function methodNotAllowed(res, allow) {
  res.setHeader('Allow', allow);
  sendHtml(res, 405, errorPage({ message: 'Phương thức không được hỗ trợ.' }));
  return true;
}
