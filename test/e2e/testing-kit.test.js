// dvc-widgets/testing is test code: it must add nothing to what a page loads. This proves it on
// the build (npm run build first):
//  - no file of dist/ outside dist/testing/ and the gallery's dist/docs/ (the script-tag bundle
//    dvc-widgets.js, every element's entry, every chunk they load) contains the kit's code;
//  - each element's entry, and the script-tag entry, bundled alone from source as an app's
//    bundler would, has no input from src/testing/.
// It also prints what the kit itself weighs (brotli), for the README.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { elements } from '../../scripts/entries.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
/** Strings only the kit's own modules hold (its fake API host, its fake token, its fault texts). */
const MARKERS = ['api.dvc-testing.invalid', 'fake-access-token', 'dvc-widgets/testing'];

const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return jsFiles(file);
    return file.endsWith('.js') ? [file] : [];
  });
}

describe('dvc-widgets/testing adds nothing to the library', () => {
  it('is built, and exported with its types', () => {
    assert.ok(existsSync(path.join(DIST, 'testing', 'index.js')), 'dist/testing/index.js is missing: npm run build');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const exp = pkg.exports['./testing'];
    assert.ok(existsSync(path.join(ROOT, exp.default)), exp.default);
    assert.ok(existsSync(path.join(ROOT, exp.types)), exp.types);
    assert.match(readFileSync(path.join(ROOT, exp.types), 'utf8'), /export declare function signedIn/);
  });

  it('no file of dist/ outside dist/testing/ holds its code: 0 bytes in dvc-widgets.js and in every element entry', (t) => {
    const kitFile = readFileSync(path.join(DIST, 'testing', 'index.js'), 'utf8');
    for (const marker of MARKERS) assert.ok(kitFile.includes(marker), `the marker ${marker} is not in the kit: the check would prove nothing`);
    // dist/docs is the gallery (it uses the kit for its state switcher), not the library.
    const outside = (dir) => (f) => !f.startsWith(path.join(DIST, dir) + path.sep);
    const files = jsFiles(DIST).filter(outside('testing')).filter(outside('docs'));
    assert.ok(files.some((f) => f.endsWith(`${path.sep}dvc-widgets.js`)), 'dist/dvc-widgets.js is missing');
    const holding = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return MARKERS.filter((m) => text.includes(m)).map((m) => `${path.relative(ROOT, f)}: ${m}`);
    });
    assert.deepEqual(holding, []);
    // What the kit itself weighs: its own file (the chunks it imports are the elements' shared code).
    t.diagnostic(`dist/testing/index.js: ${Buffer.byteLength(kitFile)} B min, ${brotli(Buffer.from(kitFile))} B brotli; files checked: ${files.length}`);
  });

  it('no element entry, nor the script-tag entry, imports anything from src/testing/', async () => {
    const entryPoints = { 'dvc-widgets': 'src/index.ts', ...elements };
    for (const [name, entry] of Object.entries(entryPoints)) {
      const result = await build({
        entryPoints: [path.join(ROOT, entry)],
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        metafile: true,
        format: 'esm',
        target: 'es2022',
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.ok(inputs.length > 5, `${name}: the bundle has too few inputs to mean anything`);
      assert.deepEqual(inputs.filter((i) => i.startsWith('src/testing/')), [], `${name} pulls in the testing kit`);
    }
  });
});
