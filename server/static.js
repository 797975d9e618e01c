// Static files of the reference server: the demo pages (demo/) and the built library (dist/).
// Paths are decoded once, must stay inside their root (no traversal, no dot-files, no NUL),
// and are served with their MIME type and `nosniff`.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** @type {Record<string, string>} */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
};

/**
 * @param {string} file
 */
export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path below a root directory, or undefined when it is not allowed.
 * @param {string} root absolute directory
 * @param {string} urlPath path relative to the mount point, starting with '/'
 */
export function resolveSafe(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || (s.startsWith('.') && s.length > 0))) return undefined;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (full !== base && !full.startsWith(base + path.sep)) return undefined;
  return full;
}

/**
 * A handler that serves files below `root` (directories serve their index.html).
 * Returns false when there is no such file, so the caller can answer 404.
 * @param {string} root
 * @param {{ headers?: Record<string, string>, html?: (text: string) => string }} [options]
 *   html: rewrites every .html file before it is sent (the server puts its origin in the demo pages)
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, urlPath: string) => Promise<boolean>}
 */
export function createStatic(root, { headers = {}, html } = {}) {
  return async function serveStatic(req, res, urlPath) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let file = resolveSafe(root, urlPath);
    if (!file) return false;
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { Location: `${(req.url ?? '').split('?')[0]}/` });
        res.end();
        return true;
      }
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return false;

    if (html && path.extname(file).toLowerCase() === '.html') {
      const body = Buffer.from(html(await readFile(file, 'utf8')), 'utf8');
      res.writeHead(200, {
        'Content-Type': mimeType(file),
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }

    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': info.size,
      'Last-Modified': info.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise((resolve, reject) => {
      const stream = createReadStream(file);
      stream.on('error', reject);
      res.on('close', () => {
        stream.destroy();
        resolve(undefined);
      });
      stream.on('end', () => resolve(undefined));
      stream.pipe(res);
    });
    return true;
  };
}
