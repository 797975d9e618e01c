// Two outputs from one source tree:
//  - the script tag: `dist/dvc-widgets.js`, a small loader (src/loader.ts), and beside it
//    `dist/elements/`: one module per element plus the chunks they share (Lit, the base element,
//    the session...), each loaded once, only by a page that uses an element needing it;
//  - `dist/components/…`: one ES module per element for npm users, shared code in chunks,
//    lit / jose left as imports so an app keeps one copy of each.
// `vite build` makes the first, `vite build --mode modules` the second (see package.json).
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';
import { elements, entries } from './scripts/entries.js';

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

/** The modules holding the English halves of the catalogues, in the script tag's build. */
const ENGLISH_PREFIX = 'virtual:dvc-en/';
/** What the rewritten calls use. */
const ENGLISH_RUNTIME = fileURLToPath(new URL('./src/i18n/english.ts', import.meta.url));

/**
 * Vietnamese first: in the script tag's build the English half of each catalogue (every
 * `localized({vi, en})` call, src/i18n/index.ts) moves into a module of its own, and all of them
 * into one chunk, `elements/en.js`, which only a page that draws an element in English downloads.
 * The call gets the import of its half as a second argument. npm users' modules keep both halves.
 */
const lazyEnglish = (): Plugin => {
  const halves = new Map<string, string>();
  type Node = { type: string; start: number; end: number; [key: string]: unknown };
  const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
  return {
    name: 'dvc-lazy-english',
    resolveId: (id) => (id.startsWith(ENGLISH_PREFIX) ? `\0${id}` : null),
    load: (id) => (id.startsWith(`\0${ENGLISH_PREFIX}`) ? `export default ${halves.get(id.slice(1))};` : null),
    transform(code, id) {
      if (!code.includes('localized(') || !/\/src\/.*\.ts$/.test(id)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!isNode(node)) return;
        const [catalogue] = (node.arguments as Node[] | undefined) ?? [];
        if (node.type === 'CallExpression' && (node.callee as Node).type === 'Identifier' && (node.callee as { name: string }).name === 'localized' && catalogue?.type === 'ObjectExpression') {
          const en = (catalogue.properties as Node[]).find((p) => ((p.key as { name?: string })?.name ?? (p.key as { value?: string })?.value) === 'en');
          const value = en?.value as Node | undefined;
          if (!en || value?.type !== 'ObjectExpression') this.error(`${id}: localized() needs an \`en\` object literal`);
          const name = `${ENGLISH_PREFIX}${id.replace(/.*\/src\//, '')}/${edits.length / 3}`;
          halves.set(name, code.slice(value.start, value.end));
          edits.push({ start: (node.callee as Node).start, end: (node.callee as Node).end, text: '__dvcLazyEnglish' });
          edits.push({ start: value.start, end: value.end, text: '0' });
          edits.push({ start: catalogue.end, end: catalogue.end, text: `, () => import(${JSON.stringify(name)})` });
        }
        for (const [key, child] of Object.entries(node)) if (key !== 'type') visit(child);
      };
      visit(this.parse(code));
      if (edits.length === 0) return null;
      for (const edit of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
      return { code: `import { lazyEnglish as __dvcLazyEnglish } from ${JSON.stringify(ENGLISH_RUNTIME)};\n${code}`, map: null };
    },
  };
};

/** Where the script tag's element modules go, beside the loader. */
export const ELEMENTS_DIR = 'elements';

/**
 * Builds the loader once the element modules are known: for each tag, the element's module and
 * every chunk it imports statically (so the loader fetches them all at once, not one import level
 * after another), and the chunks of the sign-in completion (fetched with the portal when the
 * address bar carries an authorization response). Emitted as `dvc-widgets.js`.
 */
const loader: Plugin = {
  name: 'dvc-loader',
  async generateBundle(_, bundle) {
    const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
    // DEBUG_CHUNKS=1 vite build: which modules went into which file, and their sizes before minification.
    if (process.env.DEBUG_CHUNKS) for (const c of chunks) console.log(c.fileName, Object.entries(c.modules).map(([id, m]) => `${id.replace(/.*node_modules\/|.*src\//, '')}:${m.renderedLength}`).filter((x) => !x.endsWith(':0')).join(' '));
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const closure = (file: string, seen = new Set<string>()): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      return [file, ...(byFile.get(file)?.imports ?? []).flatMap((dep) => closure(dep, seen))];
    };
    // Tag → indices into one list of file names: the loader is on every page, so it stays short.
    const files: string[] = [];
    const index = (list: string[]) =>
      list.map((f) => {
        const name = f.slice(`${ELEMENTS_DIR}/`.length, -'.js'.length);
        return files.includes(name) ? files.indexOf(name) : files.push(name) - 1;
      });
    const modules: Record<string, number[]> = {};
    for (const name of Object.keys(elements)) {
      const entry = chunks.find((c) => c.isEntry && c.name === `${ELEMENTS_DIR}/${name}`);
      if (!entry) this.error(`no module for element ${name}`);
      modules[name] = index(closure(entry.fileName));
    }
    // Modules of src/auth/ with every chunk they import.
    const closureOf = (names: string[]) => {
      const seen = new Set<string>();
      return index(names.flatMap((name) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/auth/${name}.ts`));
        if (!chunk) this.error(`no chunk for src/auth/${name}.ts`);
        return closure(chunk.fileName, seen);
      }));
    };
    // The sign-in's completion: the browser-mode session, the token half and the session's
    // signed-in half (which keeps the new tokens). A tab that keeps a session: the session and its
    // signed-in half.
    const completeFiles = closureOf(['session', 'complete', 'live']);
    const keptFiles = closureOf(['session', 'live']);
    // The English strings (lazyEnglish), for a page in English.
    const english = chunks.find((c) => c.fileName === `${ELEMENTS_DIR}/en.js`);
    if (!english) this.error('no chunk for the English strings');
    const englishFiles = index([english.fileName]);
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      define: {
        __DVC_DIR__: JSON.stringify(`./${ELEMENTS_DIR}/`),
        __DVC_FILES__: JSON.stringify(files),
        __DVC_MODULES__: JSON.stringify(modules),
        __DVC_COMPLETE__: JSON.stringify(completeFiles),
        __DVC_KEPT__: JSON.stringify(keptFiles),
        __DVC_EN__: JSON.stringify(englishFiles),
      },
      build: {
        target: 'es2022',
        write: false,
        minify: true,
        lib: { entry: 'src/loader.ts', formats: ['es'], fileName: () => 'dvc-widgets.js' },
        rolldownOptions: { output: { minify: true, comments: false } },
      },
    });
    const output = (Array.isArray(result) ? result[0] : result) as { output: { fileName: string; code?: string }[] };
    const code = output.output.find((o) => o.fileName === 'dvc-widgets.js')?.code;
    if (!code) this.error('the loader build produced no dvc-widgets.js');
    this.emitFile({ type: 'asset', fileName: 'dvc-widgets.js', source: code });
  },
};

/**
 * The script tag's shared chunks. Each file a page fetches compresses on its own, so a few
 * larger chunks cost less than many small ones: what every element needs (Lit, the base element,
 * the strings, the request helper), what the elements that hold the sign-in need, and what the
 * elements that fetch data need. The rest goes where rolldown puts it (an element's own file, or a
 * chunk of what two elements share).
 */
const inChunk = (patterns: RegExp[]) => (id: string) => patterns.some((p) => p.test(id.replace(/\\/g, '/')));
const chunkGroups = [
  {
    name: 'core',
    test: inChunk([
      /node_modules\/(lit\/index\.js$|lit-element\/|@lit\/reactive-element\/)/,
      /node_modules\/lit-html\/lit-html\.js$/,
      /src\/(internal\/(dvc-element|styles|errors|http|templates|data-config)|i18n\/(index|lang|english)|events\/error|controllers\/portal-context)\.ts$/,
    ]),
    priority: 4,
  },
  {
    name: 'account',
    test: inChunk([
      /src\/auth\/(page-session|page-state|config|token-half|transaction)\.ts$/,
      /src\/(internal\/(session-events|on-demand)|events\/(login|logout)|controllers\/session-controller)\.ts$/,
    ]),
    priority: 3,
  },
  // Every catalogue's English, for a page in English (see lazyEnglish).
  { name: 'en', test: (id: string) => id.startsWith(`\0${ENGLISH_PREFIX}`), priority: 5 },
  { name: 'data', test: inChunk([/src\/(api\/(client|shapes)|controllers\/fetch-controller|i18n\/dates)\.ts$/]), priority: 1 },
];

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
        : { entry: Object.fromEntries(Object.entries(elements).map(([name, path]) => [`${ELEMENTS_DIR}/${name}`, path])), formats: ['es'] },
      rolldownOptions: modules
        ? {
            external: [/^lit($|\/)/, /^@lit\//, /^jose($|\/)/],
            output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
          }
        : // Lib mode keeps whitespace and /*#__PURE__*/ comments in ES output for downstream
          // tree-shaking; nothing tree-shakes the script tag's modules, so minify them fully.
          // Names without a hash: the README's modulepreload hints name them (the release's
          // directory versions them).
          {
            output: {
              entryFileNames: '[name].js',
              chunkFileNames: `${ELEMENTS_DIR}/[name].js`,
              minify: true,
              comments: false,
              codeSplitting: { groups: chunkGroups },
            },
            // An element module may hold code it shares with another element (the sign-in form and
            // the code entry) instead of re-exporting it from a chunk: one request fewer.
            preserveEntrySignatures: 'allow-extension',
            plugins: [lazyEnglish(), minifyStyles, collapseTemplateIndentation, loader],
          },
    },
  };
});
