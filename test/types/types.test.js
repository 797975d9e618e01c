// The framework types (dist/frameworks, generated from custom-elements.json by npm run build)
// checked by the native tsc as an app would: a React 19 component using every element and the
// Vue props compile; the fixture of deliberately wrong attribute types fails, on each wrong line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tsc = (project) => spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { cwd: ROOT, encoding: 'utf8' });

describe('framework types', () => {
  it('a React 19 page using every element, and the Vue props, type-check', () => {
    const result = tsc('test/types/tsconfig.json');
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('wrong attribute and event types fail tsc --noEmit, each on its own line', () => {
    const result = tsc('test/types/tsconfig.wrong.json');
    assert.notEqual(result.status, 0, 'the wrong fixture compiled');
    const fixture = readFileSync(new URL('react-wrong-attribute.tsx', import.meta.url), 'utf8').split('\n');
    const wrongLines = fixture.flatMap((line, i) => (/\{\/\* wrong:/.test(line) ? [i + 1] : []));
    assert.ok(wrongLines.length >= 5, 'the fixture lost its wrong lines');
    const errorLines = [...new Set([...result.stdout.matchAll(/react-wrong-attribute\.tsx\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])))];
    assert.deepEqual(errorLines, wrongLines, result.stdout);
  });
});
