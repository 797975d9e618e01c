// Sign-in interactions of the reference OpenID provider, served at /interaction/:uid.
//
//   GET  /interaction/:uid         the sign-in form (prompt "login"), or the consent step, which
//                                  is granted without a screen for the registered demo clients
//   POST /interaction/:uid/login   checks the ID number and password (server/auth/accounts.js)
//   POST /interaction/:uid/abort   the citizen cancels: access_denied back to the agency
//
// The page is plain HTML for now; `renderLogin` and `completeLogin` are the seams for a sign-in
// page built from <dvc-signin> and for an OTP step between the password and the login result.

import { errors } from 'oidc-provider';
import { verifyCredentials } from './accounts.js';
import { PAGE_CSP, errorPage, loginPage } from './pages.js';

export const INVALID_CREDENTIALS = 'Số định danh hoặc mật khẩu không đúng';
const ID_FORMAT = 'Vui lòng nhập số CCCD / số định danh gồm 12 chữ số';
const PASSWORD_MISSING = 'Vui lòng nhập mật khẩu';
const EXPIRED = 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng quay lại trang dịch vụ và đăng nhập lại.';

const MAX_FORM_BYTES = 16 * 1024;

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {import('oidc-provider').default} Provider
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
 * Reads an application/x-www-form-urlencoded body.
 * @param {Req} req
 * @returns {Promise<URLSearchParams>}
 */
export async function readForm(req) {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw Object.assign(new Error('unsupported content type'), { status: 415 });
  }
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw Object.assign(new Error('form too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
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
 * Renders the sign-in step. Replace this to serve a page built from <dvc-signin>.
 * @param {Res} res
 * @param {{ provider: Provider, uid: string, params: Record<string, unknown>, idNumber?: string, error?: string, status?: number }} options
 */
export async function renderLogin(res, { provider, uid, params, idNumber, error, status = 200 }) {
  const name = await clientName(provider, params.client_id);
  sendHtml(res, status, loginPage({ uid, clientName: name, idNumber, error }));
}

/**
 * Ends the login step for a citizen whose credentials (and, later, OTP) were accepted.
 * @param {Req} req
 * @param {Res} res
 * @param {Provider} provider
 * @param {{ sub: string }} citizen
 * @param {string[]} [amr] authentication methods used
 */
export async function completeLogin(req, res, provider, citizen, amr = ['pwd']) {
  await provider.interactionFinished(req, res, {
    login: { accountId: citizen.sub, amr, remember: false },
  }, { mergeWithLastSubmission: false });
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
 * @param {{ provider: Provider, trustedClients: Set<string> }} options
 * @returns {(req: Req, res: Res, pathname: string) => Promise<boolean>}
 */
export function createInteractions({ provider, trustedClients }) {
  return async function handleInteraction(req, res, pathname) {
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?\/?$/.exec(pathname);
    if (!match) return false;
    const [, uid, action] = match;

    /** @type {any} */
    let interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction uid mismatch');
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        sendHtml(res, 400, errorPage({ title: 'Phiên đăng nhập đã hết hạn', message: EXPIRED }));
        return true;
      }
      throw err;
    }

    const { prompt, params } = interaction;

    if (!action) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET');
      if (prompt.name === 'login') {
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

    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');

    if (action === 'abort') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'Người dùng đã hủy đăng nhập',
      }, { mergeWithLastSubmission: false });
      return true;
    }

    if (prompt.name !== 'login') {
      sendHtml(res, 400, errorPage({ title: 'Phiên đăng nhập đã hết hạn', message: EXPIRED }));
      return true;
    }

    const form = await readForm(req);
    const idNumber = (form.get('username') ?? '').replace(/\s+/g, '');
    const password = form.get('password') ?? '';

    let error;
    if (!/^\d{12}$/.test(idNumber)) error = ID_FORMAT;
    else if (!password) error = PASSWORD_MISSING;
    if (error) {
      await renderLogin(res, { provider, uid, params, idNumber: idNumber.slice(0, 12), error, status: 400 });
      return true;
    }

    const citizen = await verifyCredentials(idNumber, password);
    if (!citizen) {
      await renderLogin(res, { provider, uid, params, idNumber, error: INVALID_CREDENTIALS, status: 400 });
      return true;
    }
    await completeLogin(req, res, provider, citizen);
    return true;
  };
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
