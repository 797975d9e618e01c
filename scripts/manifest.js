// Tidies the Custom Elements Manifest that `cem analyze` writes, then writes the README's element
// reference from it (between the ELEMENTS markers), so the docs come from the elements' JSDoc.
//  - internal reactive state (`state: true` in `static properties`) is not a public attribute;
//  - events the analyzer guesses from `new CustomEvent(...)` calls without a name are dropped;
//  - the shared base class is not an element of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { INTERNAL_METHOD, ORDER, SHARED_ATTRIBUTES } from './elements-manifest.js';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

const stateNames = (path) => {
  const source = readFileSync(path, 'utf8');
  return new Set([...source.matchAll(/(\w+)\s*:\s*\{\s*state\s*:\s*true/g)].map((m) => m[1]));
};
const baseState = stateNames('src/internal/dvc-element.ts');

const elements = [];
for (const mod of manifest.modules) {
  const state = new Set([...baseState, ...stateNames(mod.path)]);
  for (const decl of mod.declarations ?? []) {
    if (decl.kind !== 'class') continue;
    decl.attributes = (decl.attributes ?? []).filter((a) => !state.has(a.fieldName ?? a.name) && /^[a-z][a-z-]*$/.test(a.name));
    decl.members = (decl.members ?? []).filter((m) => !state.has(m.name));
    decl.events = (decl.events ?? []).filter((e) => /^(dvc-|change$|input$)/.test(e.name ?? ''));
    if (decl.customElement && decl.tagName) elements.push(decl);
  }
}
writeFileSync('custom-elements.json', JSON.stringify(manifest, null, 2) + '\n');

// README reference.
const cell = (s = '') => String(s).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
elements.sort((a, b) => ORDER.indexOf(a.tagName) - ORDER.indexOf(b.tagName));
let md = '## Elements\n\nGenerated from the elements\' JSDoc (`custom-elements.json`) by `npm run build`.\n' +
  'Every element also takes the configuration attributes of `<dvc-portal>` when it stands outside one,\n' +
  'and `lang` (`vi` default, `en`), inherited from the nearest ancestor and then `<html lang>`.\n';
const shared = SHARED_ATTRIBUTES;
for (const el of elements) {
  md += `\n### \`<${el.tagName}>\`\n\n${(el.description ?? '').trim()}\n`;
  const attrs = el.attributes.filter((a) => el.tagName === 'dvc-portal' || !shared.has(a.name));
  if (attrs.length) md += `\n| attribute | description |\n| --- | --- |\n${attrs.map((a) => `| \`${a.name}\` | ${cell(a.description)} |`).join('\n')}\n`;
  const methods = (el.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static && !INTERNAL_METHOD.test(m.name));
  if (methods.length) md += `\nMethods: ${methods.map((m) => `\`${m.name}()\``).join(', ')}.\n`;
  const events = [...new Map(el.events.map((e) => [e.name, e])).values()];
  if (events.length) md += `\n| event | detail / when |\n| --- | --- |\n${events.map((e) => `| \`${e.name}\` | ${cell(e.description)} |`).join('\n')}\n`;
  if (el.cssParts?.length) md += `\nParts: ${el.cssParts.map((p) => `\`${p.name}\``).join(', ')}.\n`;
  if (el.cssProperties?.length) md += `\nCSS properties: ${[...new Set(el.cssProperties.map((p) => p.name))].map((p) => `\`${p}\``).join(', ')}.\n`;
  if (el.slots?.length) md += `\nSlots: ${el.slots.map((s) => `\`${s.name || '(default)'}\``).join(', ')}.\n`;
}

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- ELEMENTS:START -->';
const end = '<!-- ELEMENTS:END -->';
if (readme.includes(start)) {
  const next = readme.slice(0, readme.indexOf(start) + start.length) + '\n' + md + readme.slice(readme.indexOf(end));
  if (next !== readme) writeFileSync('README.md', next);
}
console.log(`custom-elements.json: ${elements.length} elements`);
