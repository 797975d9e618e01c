// The elements as the Custom Elements Manifest describes them (custom-elements.json, written by
// `cem analyze` and tidied by scripts/manifest.js), in the order the docs present them. Read by
// the README reference, the framework types and the gallery, so all three say the same.
import { readFileSync } from 'node:fs';

/** The order of the README reference and of the gallery. */
export const ORDER = ['dvc-portal', 'dvc-login-button', 'dvc-signin', 'dvc-otp-input', 'dvc-profile-sync', 'dvc-dossier-table', 'dvc-stats-donut', 'dvc-process-steps'];

/** The configuration attributes every element takes when it stands outside `<dvc-portal>`. */
export const SHARED_ATTRIBUTES = new Set(['backend', 'issuer', 'client-id', 'redirect-uri', 'post-logout-redirect-uri', 'scope', 'api', 'storage', 'timeout', 'lang']);

/** Lifecycle and handler methods that are not part of an element's public API. */
export const INTERNAL_METHOD = /^(render|update|firstUpdated|updated|willUpdate|connectedCallback|disconnectedCallback|createRenderRoot|handle\w*|form\w+Callback)$/;

/**
 * The element declarations, in ORDER, each with `module` (its source path) added.
 * @param {string} [file]
 */
export function loadElements(file = 'custom-elements.json') {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const elements = [];
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      if (decl.kind === 'class' && decl.customElement && decl.tagName) elements.push({ ...decl, module: mod.path });
    }
  }
  return elements.sort((a, b) => ORDER.indexOf(a.tagName) - ORDER.indexOf(b.tagName));
}

/** Public methods of an element (not lifecycle, handlers, private or static). */
export const publicMethods = (el) => (el.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static && !INTERNAL_METHOD.test(m.name));

/** Public settable fields of an element that are not only an attribute's mirror: set them as properties. */
export const publicFields = (el) =>
  (el.members ?? []).filter((m) => m.kind === 'field' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static && !m.readonly && !m.name.startsWith('#') && m.type?.text && !/=>/.test(m.name));

/** One event per name (an element may document one inherited and one of its own). */
export const uniqueEvents = (el) => [...new Map((el.events ?? []).map((e) => [e.name, e])).values()];
