/**
 * Which engine a browser test runs in, and a named skip for what one engine cannot do. Every skip
 * says why; the README lists them all. Test code only.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

export const engine: Engine = navigator.userAgent.includes('Firefox/')
  ? 'firefox'
  : /Chrom(e|ium)\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/** Skips the running test in the engines named, saying why in the browser's log. */
export function skipIn(test: Mocha.Context, engines: Engine[], reason: string): void {
  if (!engines.includes(engine)) return;
  console.info(`skipped in ${engine}: ${test.test?.fullTitle() ?? ''}: ${reason}`);
  test.skip();
}
