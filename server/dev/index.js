// Development-only tools of the reference server, mounted at /dev by server/index.js, which never
// loads this module in production (NODE_ENV=production or startServer({ production: true })):
// there every /dev path answers 404.
//
//   GET    /dev/            what is here
//   GET    /dev/sms         the SMS outbox as a page: the codes the sign-in "sent", newest first
//   GET    /dev/sms.json    the same as JSON: [{to, code, text, sentAt, interaction}]
//   GET    /dev/clock       the sign-in's clock: {now, offsetMs}
//   POST   /dev/clock       JSON {offsetMs}: run that many milliseconds ahead of real time (code
//                           expiry, resend cooldown and rate limits follow it; oidc-provider's own
//                           interactions, sessions and tokens keep real time)
//   DELETE /dev/clock       back to real time
//   GET/POST/DELETE /dev/provider-clock   the same for the OpenID provider's own clock: token,
//                           session and refresh token expiries (the 30-minute idle and 8-hour
//                           limits) and the API's token checks follow it
//
// Other modules answer their own /dev paths (the dossier API has /api/dev/*).

import { readJsonBody, sendJson, ApiError } from '../api/http.js';
import { sendHtml } from '../auth/interactions.js';
import { escapeHtml, layout } from '../auth/pages.js';

/** Clock offsets beyond a week are refused: nothing the sign-in does lasts that long. */
const MAX_OFFSET_MS = 7 * 24 * 60 * 60_000;

/**
 * dd/MM/yyyy HH:mm:ss in Asia/Ho_Chi_Minh, as the widgets show times.
 * @param {string} iso
 */
export function formatVietnamTime(iso) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * @param {import('../auth/otp.js').SmsMessage[]} messages
 */
function smsPage(messages) {
  const rows = messages.map((m) => `<tr>
  <td><time datetime="${escapeHtml(m.sentAt)}">${escapeHtml(formatVietnamTime(m.sentAt))}</time></td>
  <td>${escapeHtml(m.to)}</td>
  <td class="code">${escapeHtml(m.code)}</td>
  <td>${escapeHtml(m.text)}</td>
</tr>`).join('\n');
  return layout({
    title: 'Hộp thư SMS (phát triển)',
    wide: true,
    body: `<h1>Hộp thư SMS (môi trường phát triển)</h1>
<p>Mã OTP của trang đăng nhập được gửi vào đây thay cho điện thoại. Trang này không có khi máy chủ chạy ở chế độ production.</p>
<p><a href="/dev/sms">Làm mới</a> · <a href="/dev/sms.json">Dạng JSON</a></p>
${messages.length ? `<table>
<caption>Tin nhắn gần đây, mới nhất trước</caption>
<thead><tr><th scope="col">Thời gian</th><th scope="col">Số điện thoại</th><th scope="col">Mã</th><th scope="col">Nội dung</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>` : '<p role="status">Chưa có tin nhắn nào.</p>'}`,
  });
}

function indexPage() {
  return layout({
    title: 'Công cụ phát triển',
    body: `<h1>Công cụ phát triển</h1>
<ul>
  <li><a href="/dev/sms">Hộp thư SMS</a> (<a href="/dev/sms.json">JSON</a>): mã OTP đã gửi</li>
  <li><a href="/dev/clock">Đồng hồ của bước đăng nhập</a>: <code>POST /dev/clock {"offsetMs": 300000}</code> để chạy nhanh 5 phút, <code>DELETE /dev/clock</code> để trở về giờ thật</li>
</ul>`,
  });
}

/**
 * @param {{ auth: { signin: ReturnType<typeof import('../auth/interactions.js').createInteractions>, providerClock?: import('../auth/otp.js').Clock } }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>}
 */
export function createDev({ auth }) {
  const { outbox } = auth.signin;

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} allow
   */
  function notAllowed(req, res, allow) {
    res.setHeader('Allow', allow);
    sendJson(req, res, 405, { error: 'method_not_allowed', message: 'Phương thức không được hỗ trợ' });
    return true;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {import('../auth/otp.js').Clock} [clock] the sign-in's clock, or the provider's
   */
  async function clockRoute(req, res, clock = auth.signin.clock) {
    if (req.method === 'POST') {
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        sendJson(req, res, 415, { error: 'invalid_request', message: 'Nội dung phải là JSON' });
        return true;
      }
      let body;
      try {
        body = await readJsonBody(req, 1024);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        sendJson(req, res, err.status, { error: 'invalid_request', message: err.message });
        return true;
      }
      const { offsetMs } = body;
      if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs) || Math.abs(offsetMs) > MAX_OFFSET_MS) {
        sendJson(req, res, 400, {
          error: 'invalid_request',
          message: `offsetMs phải là số mili giây trong khoảng ±${MAX_OFFSET_MS}`,
        });
        return true;
      }
      clock.offsetMs = offsetMs;
    } else if (req.method === 'DELETE') {
      clock.offsetMs = 0;
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      return notAllowed(req, res, 'GET, POST, DELETE');
    }
    sendJson(req, res, 200, { now: new Date(clock.now()).toISOString(), offsetMs: clock.offsetMs });
    return true;
  }

  return async function dev(req, res) {
    const pathname = (req.url ?? '/').split('?')[0];
    switch (pathname) {
      case '/dev':
      case '/dev/':
        if (req.method !== 'GET' && req.method !== 'HEAD') return notAllowed(req, res, 'GET');
        sendHtml(res, 200, indexPage());
        return true;
      case '/dev/sms':
        if (!outbox) return false;
        if (req.method !== 'GET' && req.method !== 'HEAD') return notAllowed(req, res, 'GET');
        sendHtml(res, 200, smsPage(outbox.list()));
        return true;
      case '/dev/sms.json':
        if (!outbox) return false;
        if (req.method !== 'GET' && req.method !== 'HEAD') return notAllowed(req, res, 'GET');
        sendJson(req, res, 200, outbox.list());
        return true;
      case '/dev/clock':
        return clockRoute(req, res);
      case '/dev/provider-clock':
        return auth.providerClock ? clockRoute(req, res, auth.providerClock) : false;
      default:
        return false;
    }
  };
}
