// node:http and Express: IncomingMessage → Request, Response → ServerResponse.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backend } from './backend.js';

/** The largest body read from a request (the API forwarding refuses more anyway). */
const MAX_BODY_BYTES = 1024 * 1024 + 1;

type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

async function readBody(req: NodeRequest): Promise<Uint8Array | undefined> {
  // Express body parsers may have read the stream already: use what they kept.
  if (req.body !== undefined && req.readableEnded) {
    if (typeof req.body === 'string') return new TextEncoder().encode(req.body);
    if (req.body instanceof Uint8Array) return req.body;
    return new TextEncoder().encode(JSON.stringify(req.body));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A `(req, res, next?)` function for `http.createServer` or `app.use()`. Requests outside the
 * backend's base path go to `next` (Express) or get a 404. Express: mount it with
 * `app.use(toNodeHandler(auth))` (no path: it reads `req.originalUrl`).
 */
export function toNodeHandler(handler: Backend | ((request: Request) => Promise<Response>)) {
  const basePath = 'basePath' in handler ? handler.basePath : undefined;
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    const request = req as NodeRequest;
    const target = request.originalUrl ?? request.url ?? '/';
    // Only the path is taken from the request; the site's origin comes from `redirectUri`.
    const url = new URL(target.startsWith('/') ? target : `/${target}`, 'http://localhost');
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      if (next) {
        next();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      }
      return;
    }
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (name.startsWith(':') || value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const method = request.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
      const response = await handler(new Request(url, { method, headers, ...(body ? { body } : {}) }));
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') out[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out['set-cookie'] = cookies;
      const payload = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
      res.writeHead(response.status, out);
      res.end(payload);
    } catch (error) {
      if (next) {
        next(error);
      } else if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"error":"server_error"}');
      } else {
        res.destroy();
      }
    }
  };
}
