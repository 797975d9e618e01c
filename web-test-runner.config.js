// Tests run in Debian's Chromium, Firefox ESR and WebKit (WebKitGTK's MiniBrowser through
// webkit2gtk-driver, on an Xvfb display of its own); no browser is downloaded.
// BROWSERS=chromium,firefox,webkit picks engines (default: all three).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { Key } from 'webdriverio';
import { chromiumLaunchOptions, firefoxLaunchOptions, selectedEngines } from './test/browsers.js';
import { startWebKitDriver, webkitCapabilities } from './test/webkit.js';

/** A key as WebDriver's key actions name it: one character, or a name such as 'ArrowLeft'. */
const webdriverKey = (key) => (key.length === 1 ? key : (Key[key] ?? key));

/**
 * The WebDriver launcher, with WebKitWebDriver and its display started for the run and stopped after it.
 *
 * The commands plugin sends keys to a WebDriver browser through webdriverio's keys(), which presses
 * every key of a string down before letting any go: a chord, so the second of two equal characters
 * ("000", "../") is lost, and it refuses `down`/`up`. This launcher therefore answers the commands as
 * puppeteer's launchers do, with a keyboard that sends real W3C key actions (each key down, then up;
 * a key held down stays down across commands). Commands WebDriver classic has no way to do (media
 * emulation, viewport, user agent) fail with a message that names WebKit; tests skip them there.
 */
class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    super({ capabilities: webkitCapabilities });
    this.type = 'puppeteer';
  }

  async initialize(config) {
    await super.initialize(config);
    this.name = 'WebKit';
  }

  getPage() {
    const keys = (actions) => this.driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
    const unsupported = (what) => () => {
      throw new Error(`${what} is not available in WebKit over WebDriver classic`);
    };
    return {
      keyboard: {
        type: (text) => keys([...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }])),
        press: (key) => keys([{ type: 'keyDown', value: webdriverKey(key) }, { type: 'keyUp', value: webdriverKey(key) }]),
        down: (key) => keys([{ type: 'keyDown', value: webdriverKey(key) }]),
        up: (key) => keys([{ type: 'keyUp', value: webdriverKey(key) }]),
      },
      emulateMediaType: unsupported('Media emulation'),
      emulateMediaFeatures: unsupported('Media emulation'),
      setViewport: unsupported('Setting the viewport'),
      setUserAgent: unsupported('Setting the user agent'),
    };
  }

  async createDriverManager() {
    this.webkit = await startWebKitDriver();
    Object.assign(this.options, this.webkit.remoteOptions);
    return super.createDriverManager();
  }

  async stop() {
    await super.stop();
    await this.webkit?.stop();
  }
}

const launchers = {
  chromium: () => puppeteerLauncher({ launchOptions: chromiumLaunchOptions }),
  firefox: () => puppeteerLauncher({ launchOptions: firefoxLaunchOptions }),
  webkit: () => new WebKitLauncher(),
};

export default {
  // test/kit: the testing kit's example test for an agency page, against the built package (npm run build first).
  files: ['src/**/*.test.ts', 'test/kit/**/*.test.js'],
  // Lit's development build, so that its warnings reach the tests; the production build is what
  // the end-to-end tests and the benchmarks load (dist/dvc-widgets.js).
  nodeResolve: { exportConditions: ['development'] },
  plugins: [
    {
      // The browser's whole accessibility tree (Chromium, CDP), what a screen reader is given: the
      // commands' a11ySnapshot keeps only "interesting" nodes, which leaves out tables, rows and cells.
      name: 'a11y-tree',
      async executeCommand({ command, session }) {
        if (command !== 'a11y-tree') return undefined;
        if (session.browser.name !== 'Chromium') throw new Error('the accessibility tree is read through CDP, in Chromium only');
        return session.browser.getPage(session.id).accessibility.snapshot({ interestingOnly: false });
      },
    },
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    {
      name: 'fail-on-lit-warnings',
      transform(context) {
        if (context.path.endsWith('.test.ts')) return { body: `import '/test/setup/lit-warnings.js';\n${context.body}` };
      },
    },
  ],
  browsers: selectedEngines().map((engine) => launchers[engine]()),
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
