// The pages `npm run size`, `npm run bench` and the loader's tests load: each one the elements of
// a real page, with the script tag an agency pastes, and a test of "all its data is shown" that
// runs in the page. Served by request interception on the reference server's origin, so every
// script, API and provider request is a real one.

/** @param {string} origin the reference server's origin */
const portal = (origin, inner) =>
  `<dvc-portal issuer="${origin}/oidc" client-id="dvc-demo" api="${origin}/api">${inner}</dvc-portal>`;

export const PAGES = {
  home: {
    title: 'portal home (steps, public results, donut, login button)',
    tags: ['dvc-portal', 'dvc-login-button', 'dvc-process-steps', 'dvc-dossier-table', 'dvc-stats-donut'],
    body: (origin) =>
      portal(
        origin,
        `<dvc-login-button></dvc-login-button><dvc-process-steps></dvc-process-steps>
        <dvc-dossier-table source="public-results" page-size="10"></dvc-dossier-table><dvc-stats-donut year="2023"></dvc-stats-donut>`,
      ),
  },
  agency: {
    title: 'agency page (login button, "mine" table, profile panel)',
    tags: ['dvc-portal', 'dvc-login-button', 'dvc-dossier-table', 'dvc-profile-sync'],
    body: (origin) =>
      portal(origin, `<dvc-login-button></dvc-login-button><dvc-dossier-table source="mine"></dvc-dossier-table><dvc-profile-sync></dvc-profile-sync>`),
  },
  signin: {
    title: 'provider sign-in page (<dvc-signin> with its code entry)',
    tags: ['dvc-signin', 'dvc-otp-input'],
    body: () => `<dvc-signin action="/interaction/size-check"></dvc-signin>`,
  },
  donut: {
    title: 'donut alone',
    tags: ['dvc-stats-donut'],
    body: (origin) => `<dvc-stats-donut api="${origin}/api" year="2023"></dvc-stats-donut>`,
  },
  steps: {
    title: 'process steps alone (no data to fetch)',
    tags: ['dvc-process-steps'],
    body: () => `<dvc-process-steps current="1"></dvc-process-steps>`,
  },
  all: {
    title: 'every element',
    tags: ['dvc-portal', 'dvc-login-button', 'dvc-signin', 'dvc-otp-input', 'dvc-profile-sync', 'dvc-dossier-table', 'dvc-stats-donut', 'dvc-process-steps'],
    body: (origin) =>
      portal(
        origin,
        `<dvc-login-button></dvc-login-button><dvc-process-steps current="1"></dvc-process-steps>
        <dvc-dossier-table source="public-results" page-size="20"></dvc-dossier-table><dvc-stats-donut year="2023"></dvc-stats-donut>
        <dvc-profile-sync></dvc-profile-sync><dvc-otp-input></dvc-otp-input>`,
      ) + `<dvc-signin action="/interaction/size-check"></dvc-signin>`,
  },
};

/** The page's HTML: the one script tag in the head, then the elements; `lang` the page's language. */
export function pageHtml(name, origin, script = '/dist/dvc-widgets.js', head = '', lang = 'vi') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}
    <script type="module" src="${script}"></script></head><body>${PAGES[name].body(origin)}</body></html>`;
}

/**
 * Runs in the page: performance.now() once every dvc element in it shows what it must (its data,
 * or the sign-in prompt where it needs a citizen), else false.
 */
export function allShown() {
  const text = (el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
  const checks = {
    'dvc-portal': (el) => customElements.get('dvc-portal') && el.shadowRoot,
    'dvc-login-button': (el) => el.shadowRoot?.querySelector('button:not([disabled])'),
    'dvc-process-steps': (el) => el.shadowRoot?.querySelectorAll('li').length === 5,
    'dvc-dossier-table': (el) =>
      el.getAttribute('source') === 'mine' ? /Vui lòng đăng nhập/.test(text(el)) : el.shadowRoot?.querySelectorAll('tbody tr').length > 0,
    'dvc-stats-donut': (el) => /3[.,]788/.test(text(el)) && /%/.test(text(el)),
    'dvc-profile-sync': (el) => /Vui lòng đăng nhập/.test(text(el)),
    'dvc-signin': (el) => /Chọn loại tài khoản/.test(text(el)),
    'dvc-otp-input': (el) => el.shadowRoot?.querySelector('input'),
  };
  const els = [...document.body.querySelectorAll('*')].filter((el) => el.localName.startsWith('dvc-'));
  return els.length > 0 && els.every((el) => checks[el.localName]?.(el)) ? performance.now() : false;
}
