// HTML of the provider's own pages (sign-in form, logout, errors). Plain, accessible,
// Vietnamese, and free of inline script and style so they work under a strict CSP.

/**
 * Content-Security-Policy of every provider page: scripts and styles from this origin only, no
 * framing, and Trusted Types: the only HTML that reaches a sink is Lit's own templates.
 */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types lit-html";

/** The name in the header of every page of the shared auth endpoint. */
export const PORTAL_NAME = 'Cổng Dịch vụ công tỉnh Quảng Trị';

/** The script-tag build of the library (one ES module that defines every element). */
export const LIBRARY = '/dist/dvc-widgets.js';

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A whole page. `body` is trusted HTML (escape every value before putting it in).
 * `scripts` are classic scripts (deferred), `modules` ES modules; both are files of this origin.
 * @param {{ title: string, body: string, scripts?: string[], modules?: string[], bodyAttrs?: string, wide?: boolean }} page
 */
export function layout({ title, body, scripts = [], modules = [], bodyAttrs = '', wide = false }) {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – ${PORTAL_NAME}</title>
<link rel="stylesheet" href="/oidc-assets/auth.css">
${scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
${modules.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`).join('\n')}
</head>
<body${bodyAttrs ? ` ${bodyAttrs}` : ''}>
<header class="brand"><p>${PORTAL_NAME}</p><p class="tagline">Đăng nhập một lần</p></header>
<main id="main" class="card${wide ? ' wide' : ''}">
${body}
</main>
</body>
</html>`;
}

/**
 * The sign-in page of an interaction: <dvc-signin> from the built library does the steps (account
 * type, ID number and password, OTP) against the JSON endpoints under `action`. Cancelling is a
 * plain form, so it works before the script arrives and without it.
 * @param {{ uid: string, clientName?: string }} options
 */
export function signinPage({ uid, clientName }) {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return layout({
    title: 'Đăng nhập',
    modules: [LIBRARY],
    body: `<h1>Đăng nhập</h1>
${clientName ? `<p class="lead">để tiếp tục tới <strong>${escapeHtml(clientName)}</strong></p>` : ''}
<dvc-signin action="${escapeHtml(action)}"></dvc-signin>
<noscript><p class="error">Trang đăng nhập cần JavaScript. Vui lòng bật JavaScript trong trình duyệt rồi tải lại trang.</p></noscript>
<form method="post" action="${escapeHtml(action)}/abort" class="secondary-form">
  <button type="submit" class="link">Hủy và quay lại trang dịch vụ</button>
</form>`,
  });
}

/**
 * An error page (expired interaction, bad request to the provider...).
 * @param {{ title?: string, message: string, detail?: string }} options
 */
export function errorPage({ title = 'Đã có lỗi xảy ra', message, detail }) {
  return layout({
    title,
    body: `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${detail ? `<p class="detail"><code>${escapeHtml(detail)}</code></p>` : ''}
<p><a href="/">Về trang chủ</a></p>`,
  });
}

/**
 * RP-initiated logout page. With a valid `id_token_hint` the citizen is not asked: a script
 * file submits the form at once (the buttons stay as the no-script fallback).
 * @param {{ form: string, auto: boolean, clientName?: string }} options form is oidc-provider's own hidden form
 */
export function logoutPage({ form, auto, clientName }) {
  return layout({
    title: 'Đăng xuất',
    scripts: ['/oidc-assets/logout.js'],
    bodyAttrs: auto ? 'data-auto-logout="yes"' : '',
    body: `<h1>Đăng xuất</h1>
<p role="status">${auto
    ? 'Đang đăng xuất…'
    : `Bạn có muốn đăng xuất khỏi Cổng Dịch vụ công${clientName ? ` và ${escapeHtml(clientName)}` : ''} không?`}</p>
${form}
<div class="actions">
  <button type="submit" form="op.logoutForm" name="logout" value="yes" class="primary">Đăng xuất</button>
  ${auto ? '' : '<button type="submit" form="op.logoutForm" class="secondary">Không, giữ đăng nhập</button>'}
</div>`,
  });
}

/** Shown after logout when no post_logout_redirect_uri applies. */
export function loggedOutPage() {
  return layout({
    title: 'Đã đăng xuất',
    body: `<h1>Bạn đã đăng xuất</h1>
<p role="status">Bạn đã đăng xuất khỏi Cổng Dịch vụ công. Để bảo vệ thông tin cá nhân, hãy đóng trình duyệt nếu dùng máy tính chung.</p>
<p><a href="/">Về trang chủ</a></p>`,
  });
}
