// Two outputs from one source tree:
//  - `dist/dvc-widgets.js`: one minified ES module for the script tag, Lit and jose inside;
//  - `dist/components/…`: one ES module per element for npm users, shared code in chunks,
//    lit / @lit/context / jose left as imports so an app keeps one copy of each.
// `vite build` makes both (the second with `--mode modules`, see package.json).
import { defineConfig, type Plugin } from 'vite';
import { entries } from './scripts/entries.js';

/**
 * Minifies the css`` templates of the style modules. They interpolate nothing but other style
 * sheets by name (`${stacked}`), which the minified text keeps as they are.
 */
const minifyStyles: Plugin = {
  name: 'minify-styles',
  transform(code, id) {
    if (!/styles\.ts$/.test(id)) return null;
    return code.replace(/css`((?:[^`$]|\$\{\w+\})*)`/g, (_, text: string) => {
      const min = text
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/ ?([{};,>]) ?/g, '$1')
        .replace(/: /g, ':')
        .replace(/;}/g, '}')
        .trim();
      return `css\`${min}\``;
    });
  },
};

/**
 * After minification the only line breaks left are inside template literals: the indentation of
 * Lit's html`` and css`` templates. A break followed by spaces becomes one space, which HTML and
 * CSS read the same way (no template uses <pre>, <textarea> or white-space: pre).
 */
const collapseTemplateIndentation: Plugin = {
  name: 'collapse-template-indentation',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\n +/g, ' ');
  },
};

export default defineConfig(({ mode }) => {
  const modules = mode === 'modules';
  return {
    build: {
      target: 'es2022',
      emptyOutDir: !modules,
      outDir: 'dist',
      minify: true,
      sourcemap: modules,
      reportCompressedSize: false,
      lib: modules
        ? { entry: entries, formats: ['es'] }
        : { entry: { 'dvc-widgets': 'src/index.ts' }, formats: ['es'], fileName: () => 'dvc-widgets.js' },
      rolldownOptions: modules
        ? {
            external: [/^lit($|\/)/, /^@lit\//, /^jose($|\/)/],
            output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
          }
        : // Lib mode keeps whitespace and /*#__PURE__*/ comments in ES output for downstream
          // tree-shaking; nothing tree-shakes the script-tag bundle, so minify it fully.
          { output: { inlineDynamicImports: true, minify: true, comments: false }, plugins: [minifyStyles, collapseTemplateIndentation] },
    },
  };
});
