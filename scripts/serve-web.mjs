// A small static server for dist/web (npm run demo:web), on 127.0.0.1 only.
// Sends correct MIME types (application/wasm for streaming compilation) and the
// cross-origin isolation headers (COOP same-origin + COEP require-corp), so
// SharedArrayBuffer is available to the page. PORT from the environment, default 8080;
// port 0 picks a free one. `serveWeb()` is also used by test/browser.test.ts.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** The file a URL path maps to inside `root`, or null when it would leave it. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(root, '.' + (path.endsWith('/') ? path + 'index.html' : path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * Starts the server. Resolves to { server, url, close } once it listens; `url` ends with '/'.
 * Options: root (default dist/web), port (default PORT env or 8080), host (127.0.0.1), log.
 */
export function serveWeb({ root = join(ROOT, 'dist', 'web'), port = Number(process.env.PORT ?? 8080), host = '127.0.0.1', log = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    let file = fileFor(base, req.url ?? '/');
    if (file === null) return send(res, 403, 'forbidden\n');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const body = await readFile(file);
      res.writeHead(200, {
        ...ISOLATION_HEADERS,
        'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`200 ${req.url}`);
    } catch {
      send(res, 404, 'not found\n');
      if (log) console.log(`404 ${req.url}`);
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const url = `http://${host}:${addr.port}/`;
      resolveStart({ server, url, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  serveWeb({ log: process.env.LOG === '1' })
    .then(({ url }) => console.log(`xmom demo: ${url}  (Ctrl+C to stop)`))
    .catch((e) => {
      console.error(`cannot start the server: ${e.message}`);
      process.exit(1);
    });
}
