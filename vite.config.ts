// Two outputs from one source tree:
//  - `dist/dvc-widgets.js`: one minified ES module for the script tag, Lit and jose inside;
//  - `dist/components/…`: one ES module per element for npm users, shared code in chunks,
//    lit / @lit/context / jose left as imports so an app keeps one copy of each.
// `vite build` makes both (the second with `--mode modules`, see package.json).
import { defineConfig } from 'vite';
import { entries } from './scripts/entries.js';

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
          { output: { inlineDynamicImports: true, minify: true, comments: false } },
    },
  };
});
