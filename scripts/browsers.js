#!/usr/bin/env node
// The browsers `npm test` needs, checked before anything else runs (BROWSERS=chromium,firefox,webkit
// picks engines; all three by default). Run as root on a machine with apt-get, the missing Debian
// packages are installed; otherwise this stops at once and prints the command to run.
// DVC_NO_INSTALL=1 only checks. Nothing here downloads a browser outside the Debian packages.
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CHROMIUM, FIREFOX, selectedEngines } from '../test/browsers.js';
import { MINIBROWSER, WEBKIT_DRIVER, XVFB } from '../test/webkit.js';

/** What each engine needs: the file, the Debian package that ships it, and the variable that points elsewhere. */
const NEEDS = {
  chromium: [{ path: CHROMIUM, pkg: 'chromium', env: 'CHROMIUM_BIN' }],
  firefox: [{ path: FIREFOX, pkg: 'firefox-esr', env: 'FIREFOX_BIN' }],
  webkit: [
    { path: WEBKIT_DRIVER, pkg: 'webkit2gtk-driver', env: 'WEBKIT_DRIVER_BIN' },
    { path: MINIBROWSER, pkg: 'webkit2gtk-driver', env: 'MINIBROWSER_BIN' },
    { path: XVFB, pkg: 'xvfb', env: 'XVFB_BIN' },
  ],
};

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function missing(engines) {
  return engines.flatMap((engine) => NEEDS[engine].filter((need) => !executable(need.path)).map((need) => ({ ...need, engine })));
}

function hasAptGet() {
  return existsSync('/usr/bin/apt-get') || existsSync('/bin/apt-get');
}

function install(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`browsers: installing ${packages.join(' ')} (apt-get, as root)`);
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages, 'fonts-dejavu-core']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (run.status !== 0) return false;
  }
  return true;
}

let engines;
try {
  engines = selectedEngines();
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

let gaps = missing(engines);
const packages = () => [...new Set(gaps.map((g) => g.pkg))];
const isRoot = process.getuid?.() === 0;

if (gaps.length && isRoot && hasAptGet() && process.env.DVC_NO_INSTALL !== '1') {
  if (install(packages())) gaps = missing(engines);
}

if (gaps.length) {
  console.error('The browser tests need browsers that are not installed:');
  for (const gap of gaps) console.error(`  ${gap.engine}: ${gap.path} (Debian package ${gap.pkg}; or set ${gap.env})`);
  const command = `${isRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${packages().join(' ')}`;
  console.error(`\nInstall them with:\n  ${command}\nor run one engine only, e.g. BROWSERS=${engines.find((e) => !gaps.some((g) => g.engine === e)) ?? 'chromium'} npm test`);
  process.exit(1);
}
console.log(`browsers: ${engines.join(', ')} ready`);
