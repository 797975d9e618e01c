// WebKit (WebKitGTK's MiniBrowser, Debian's webkit2gtk-driver) driven over WebDriver classic, on a
// display of its own: an Xvfb started here, so no test command needs xvfb-run around it.
// Nothing is downloaded; both processes stop with stop().
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_BIN ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_BIN ?? findMiniBrowser();
export const XVFB = process.env.XVFB_BIN ?? '/usr/bin/Xvfb';

function findMiniBrowser() {
  const candidates = ['x86_64-linux-gnu', 'aarch64-linux-gnu'].map((arch) => `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`);
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** Capabilities of a WebKitGTK session: MiniBrowser in automation mode, WebDriver classic (no BiDi). */
export const webkitCapabilities = {
  'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  'wdio:enforceWebDriverClassic': true,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display; resolves with its number. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number on fd 3 once it accepts clients.
    const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not start within 10 s')), 10000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}${err ? `\n${err}` : ''}`));
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Xvfb exited with ${code}`)));
    child.stderr.on('data', (d) => (err += d));
    child.stdio[3].on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, display: `:${out.trim()}` });
    });
  });
}

/** Waits until the driver answers /status. */
async function waitForDriver(port, child) {
  const end = Date.now() + 10000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('WebKitWebDriver did not answer within 10 s');
}

/**
 * Starts Xvfb and WebKitWebDriver on a port of its own. Resolves with the options webdriverio's
 * remote() needs and stop(), which ends both.
 */
export async function startWebKitDriver() {
  const xvfb = await startXvfb();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=local'], {
    env: { ...process.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11', LIBGL_ALWAYS_SOFTWARE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    for (const child of [driver, xvfb.child]) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  try {
    await waitForDriver(port, driver);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    remoteOptions: { hostname: '127.0.0.1', port, path: '/', logLevel: 'error', capabilities: webkitCapabilities },
    stop,
  };
}
