/**
 * The script tag's entry, `dist/dvc-widgets.js`: defines each `dvc-*` tag when the page shows it.
 *
 * It watches the document, and the shadow roots of the library's own elements (the sign-in form
 * embeds the code entry), for `dvc-*` tags; for each tag it sees it imports that element's module
 * from beside itself, with every chunk the module imports, all at once (no module waits for
 * another to arrive to be requested). Lit and the other shared chunks load once. A tag that is
 * already defined (the script included twice, or an element imported from npm) is left as it is:
 * the element modules define a tag only when nobody has.
 *
 * A module that cannot be downloaded (offline, 404, refused by the page's CSP) leaves the element
 * undefined: the loader shows a message with "Thử lại" inside it and fires `dvc-error`
 * {code: 'network'}; other elements are not affected.
 */
import { DvcErrorEvent } from './events/error.js';
import { keepsSession } from './auth/page-state.js';
import { langOf } from './i18n/lang.js';
import { messages } from './loader.messages.js';

/** Set by the build: the directory of the element modules beside this file, their file names,
 *  element name → indices of its module and every chunk it imports statically, and the chunks of
 *  the sign-in completion (the session, the ID token check and jose). */
declare const __DVC_DIR__: string;
declare const __DVC_FILES__: string[];
declare const __DVC_MODULES__: Record<string, number[]>;
declare const __DVC_COMPLETE__: number[];
/** Set by the build: the chunks of the browser-mode session and its signed-in half (src/auth/session.ts, live.ts). */
declare const __DVC_KEPT__: number[];
/** Set by the build: the chunk of the English strings. */
declare const __DVC_EN__: number[];

const files = (list: number[]) => list.map((i) => `${__DVC_DIR__}${__DVC_FILES__[i]}.js`);
const MODULES: Record<string, string[]> = {};
for (const [name, list] of Object.entries(__DVC_MODULES__)) MODULES[`dvc-${name}`] = files(list);
const TAGS = Object.keys(MODULES);
const SELECTOR = TAGS.join(',');
/** Marks the message the loader puts inside an element whose code failed to load. */
const FALLBACK = 'data-dvc-load-error';
/** Set on an element once its code has loaded and it has drawn for the first time. */
const READY = 'data-dvc-ready';
/** The elements that hold the citizen's session. */
const SESSION_TAGS = 'dvc-portal,dvc-login-button,dvc-profile-sync,dvc-dossier-table[source=mine]';
/** One loader per page, whichever copy of the script came first. */
const RUNNING = Symbol.for('dvc-widgets.loader');

const loading = new Map<string, Promise<boolean>>();
/** Elements seen while their tag was not defined yet, per tag: those to tell if the load fails. */
const waiting = new Map<string, Set<Element>>();
const attempts = new Map<string, number>();
const watchedRoots = new WeakSet<ShadowRoot>();

const url = (file: string, attempt = 0) => {
  const u = new URL(file, import.meta.url);
  if (attempt) u.searchParams.set('retry', String(attempt));
  return u.href;
};

/**
 * Imports the tag's modules. A retry asks for the element's own module under a new URL: Firefox
 * keeps a failed module fetch for the page's lifetime, Chromium fetches it again.
 */
function load(tag: string): Promise<boolean> {
  let pending = loading.get(tag);
  if (pending) return pending;
  const attempt = attempts.get(tag) ?? 0;
  const [entry, ...shared] = MODULES[tag] ?? [];
  const files = [entry!, ...shared].map((file, i) => url(file, i === 0 ? attempt : 0));
  pending = Promise.all(files.map((href) => import(/* @vite-ignore */ href))).then(
    () => {
      for (const el of waiting.get(tag) ?? []) settle(el);
      waiting.delete(tag);
      return true;
    },
    () => {
      loading.delete(tag);
      attempts.set(tag, attempt + 1);
      // An element of this tag defined meanwhile (by another copy of the library) is not a failure.
      if (customElements.get(tag)) return true;
      const seen = waiting.get(tag) ?? new Set();
      for (const el of seen) if (el.isConnected) fail(el);
        else seen.delete(el);
      return false;
    },
  );
  loading.set(tag, pending);
  return pending;
}

/** Takes note of a library element: loads its tag if undefined, then watches its shadow root. */
function see(el: Element): void {
  const tag = el.localName;
  if (customElements.get(tag)) {
    settle(el);
    return;
  }
  let set = waiting.get(tag);
  if (!set) waiting.set(tag, (set = new Set()));
  set.add(el);
  void load(tag);
}

/** The tag is defined: drop any failure message, then watch what the element renders. */
function settle(el: Element): void {
  el.querySelector(`:scope > [${FALLBACK}]`)?.remove();
  const update = (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  void Promise.resolve(update).then(() => {
    if (el.shadowRoot) watch(el.shadowRoot);
    // The first drawing happens inside the shadow root, which the page's own observers of the
    // document (and test drivers waiting for a selector) do not see: this attribute they do.
    el.setAttribute(READY, '');
  });
}

function scan(root: ParentNode): void {
  if (root instanceof Element && TAGS.includes(root.localName)) see(root);
  for (const el of root.querySelectorAll(SELECTOR)) see(el);
}

const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
});

function watch(root: Document | ShadowRoot): void {
  if (root instanceof ShadowRoot) {
    if (watchedRoots.has(root)) return;
    watchedRoots.add(root);
  }
  observer.observe(root, { childList: true, subtree: true });
  scan(root);
}

let sheet: CSSStyleSheet | undefined;
/** The message's look: a constructed sheet, which a strict style-src allows (no <style>, no style=""). */
function adoptStyles(): void {
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(
    `[${FALLBACK}]{display:block;box-sizing:border-box;max-width:100%;padding:.75rem 1rem;border:1px solid #b42318;border-radius:4px;color:#b42318;background:#fff;font:inherit}` +
      `[${FALLBACK}] p{margin:0 0 .5rem}` +
      `[${FALLBACK}] button{min-height:44px;min-width:44px;padding:0 1rem;font:inherit;cursor:pointer}`,
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Shows the failure inside the (undefined) element, in its language, and reports it once per failure. */
function fail(el: Element): void {
  const lang = langOf(el);
  let box = el.querySelector<HTMLElement>(`:scope > [${FALLBACK}]`);
  if (!box) {
    adoptStyles();
    box = document.createElement('div');
    box.setAttribute(FALLBACK, '');
    box.setAttribute('role', 'alert');
    const text = document.createElement('p');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.addEventListener('click', () => {
      if (box!.hasAttribute('aria-busy')) return;
      box!.setAttribute('aria-busy', 'true');
      text.textContent = messages[langOf(el)].retrying;
      void load(el.localName);
    });
    box.append(text, retry);
    el.prepend(box);
  }
  box.removeAttribute('aria-busy');
  box.querySelector('p')!.textContent = messages[lang].failed;
  box.querySelector('button')!.textContent = messages[lang].retry;
  el.dispatchEvent(new DvcErrorEvent({ code: 'network', message: messages[lang].failed }));
}

/** An authorization response in the address bar: the page completes a sign-in (src/auth/callback.ts). */
function completesSignIn(): boolean {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

const page = globalThis as { [RUNNING]?: true };
if (!page[RUNNING]) {
  page[RUNNING] = true;
  // The session's code is imported by the elements that hold it once they run; asking for it now
  // saves the round trips of their modules before it: the ID token check on a page that completes
  // a sign-in, the session with its signed-in half in a tab that keeps one.
  const early = completesSignIn() ? __DVC_COMPLETE__ : keepsSession() ? __DVC_KEPT__ : [];
  if (early.length && document.querySelector(SESSION_TAGS)) for (const file of files(early)) import(/* @vite-ignore */ url(file)).catch(() => undefined);
  // A page (or a part of it) in English: its strings load with the elements, not after them.
  if (document.querySelector(':lang(en)')) for (const file of files(__DVC_EN__)) import(/* @vite-ignore */ url(file)).catch(() => undefined);
  watch(document);
}
