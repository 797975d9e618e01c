// Tests run in Debian's Chromium, Firefox ESR and WebKit (WebKitGTK's MiniBrowser through
// webkit2gtk-driver, on an Xvfb display of its own); no browser is downloaded.
// BROWSERS=chromium,firefox,webkit picks engines (default: all three).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { chromiumLaunchOptions, firefoxLaunchOptions, selectedEngines } from './test/browsers.js';
import { startWebKitDriver, webkitCapabilities } from './test/webkit.js';

/** The WebDriver launcher, with WebKitWebDriver and its display started for the run and stopped after it. */
class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    super({ capabilities: webkitCapabilities });
  }

  async initialize(config) {
    await super.initialize(config);
    this.name = 'WebKit';
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
  files: ['src/**/*.test.ts'],
  // Lit's development build, so that its warnings reach the tests; the production build is what
  // the end-to-end tests and the benchmarks load (dist/dvc-widgets.js).
  nodeResolve: { exportConditions: ['development'] },
  plugins: [
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
