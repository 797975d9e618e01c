// Tests run in Debian's Chromium and Firefox ESR; no browser is downloaded.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { chromiumLaunchOptions, firefoxLaunchOptions } from './test/browsers.js';

const only = process.env.BROWSERS?.split(',');

const browsers = [
  puppeteerLauncher({ launchOptions: chromiumLaunchOptions }),
  puppeteerLauncher({ launchOptions: firefoxLaunchOptions }),
].filter((_, i) => !only || only.includes(['chromium', 'firefox'][i]));

export default {
  // test/kit: the testing kit's example test for an agency page, against the built package (npm run build first).
  files: ['src/**/*.test.ts', 'test/kit/**/*.test.js'],
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
  browsers,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
