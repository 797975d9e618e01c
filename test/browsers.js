// Debian's browsers, as every test and the benchmark launch them. Nothing is downloaded.
// WebKit (webkit2gtk-driver) lives in test/webkit.js.
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

/** Chromium as root needs --no-sandbox; the rest keep it off the network it cannot reach here. */
export const chromiumLaunchOptions = {
  browser: 'chrome',
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/** Firefox ESR through WebDriver BiDi. */
export const firefoxLaunchOptions = {
  browser: 'firefox',
  executablePath: FIREFOX,
  headless: true,
  protocol: 'webDriverBiDi',
};

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines named in BROWSERS (comma-separated), all three when it is unset. */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value) return ENGINES;
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !ENGINES.includes(n));
  if (unknown.length) throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return names;
}
