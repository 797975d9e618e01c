// Who may drive the development switches (/dev/* and /api/dev/*): only pages of this server.
// The Host header is checked for every request by server/index.js (a DNS-rebinding page sends its
// own name and gets 421); here, a request another site's page could make is refused:
// - an `Origin` that is not one of the server's own, or `Sec-Fetch-Site` other than same-origin
//   or none (typed in the address bar), gets 403;
// - a body must be JSON (`Content-Type: application/json`, 415 otherwise): a cross-site form or
//   a `text/plain` fetch cannot send that without a CORS preflight, which these paths never pass.

/**
 * Why a development request is refused, or undefined when it may go on.
 * @param {import('node:http').IncomingMessage} req
 * @param {ReadonlySet<string>} ownOrigins
 * @returns {{ status: number, error: string, message: string } | undefined}
 */
export function devRefusal(req, ownOrigins) {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && !ownOrigins.has(origin)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    return {
      status: 403,
      error: 'forbidden',
      message: 'Công cụ phát triển chỉ dùng được từ trang của chính máy chủ này / Development tools answer this server\'s own pages only',
    };
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (type !== 'application/json' && (method !== 'DELETE' || hasBody || type !== '')) {
      return {
        status: 415,
        error: 'invalid_request',
        message: 'Nội dung phải là JSON (Content-Type: application/json) / The body must be JSON (Content-Type: application/json)',
      };
    }
  }
  return undefined;
}
