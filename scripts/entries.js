// The public entry points: the script-tag bundle and one module per element.
// package.json "exports", the size budgets and the module build all read this list.
export const elements = {
  portal: 'src/components/portal/portal.ts',
  'login-button': 'src/components/login-button/login-button.ts',
  signin: 'src/components/signin/signin.ts',
  'otp-input': 'src/components/otp-input/otp-input.ts',
  'profile-sync': 'src/components/profile-sync/profile-sync.ts',
  'dossier-table': 'src/components/dossier-table/dossier-table.ts',
  'stats-donut': 'src/components/stats-donut/stats-donut.ts',
  'process-steps': 'src/components/process-steps/process-steps.ts',
};

/** Entries of the module build: `index` (every element) and `components/<name>`. */
export const entries = {
  index: 'src/index.ts',
  ...Object.fromEntries(Object.entries(elements).map(([name, path]) => [`components/${name}`, path])),
  // dvc-widgets/testing: test code only; no element entry imports it (test/e2e/testing-kit.test.js).
  'testing/index': 'src/testing/index.ts',
};
