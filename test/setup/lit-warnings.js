// Loaded before every browser test file (see web-test-runner.config.js): tests run Lit in
// development mode, and any warning Lit gives there (an update scheduled after update, a
// property shadowed by a class field, …) fails the test that caused it.
globalThis.litIssuedWarnings ??= new Set(['dev-mode']);

const warnings = [];
const warn = console.warn.bind(console);
console.warn = (...args) => {
  const text = args.map(String).join(' ');
  if (text.includes('lit.dev/msg/')) warnings.push(text);
  warn(...args);
};

afterEach(function failOnLitWarning() {
  if (warnings.length) {
    const found = warnings.splice(0);
    // Lit reports each warning once per page; forget them so the next test is judged on its own.
    globalThis.litIssuedWarnings = new Set(['dev-mode']);
    throw new Error(`Lit warned during this test:\n${found.join('\n')}`);
  }
});
