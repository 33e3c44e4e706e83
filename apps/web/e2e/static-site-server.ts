import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The exported site served the way CloudFront serves it: every request goes through the edge's
 * own viewer-request function (run in a bare context like the edge runs it), then the object is read from the export; a missing object is the 404 page with
 * status 404; each answer carries the CSP header the edge's response-headers policy sets.
 */
export interface StaticSiteServer {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

type Handler = (event: {
  request: {
    uri: string;
    headers: Record<string, { value: string }>;
    querystring: Record<string, unknown>;
  };
}) => { uri?: string; statusCode?: number; headers?: Record<string, { value: string }> };

export async function startStaticSiteServer(
  root: string,
  edge: { readonly viewerRequestSource: string; readonly contentSecurityPolicy: string },
): Promise<StaticSiteServer> {
  const source = edge.viewerRequestSource;
  const headerCsp = edge.contentSecurityPolicy;
  const handler = new vm.Script(`${source}\n;handler`).runInContext(
    vm.createContext({}),
  ) as Handler;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site.local');
    const result = handler({
      request: {
        uri: url.pathname,
        headers: { host: { value: request.headers.host ?? '' } },
        querystring: {},
      },
    });
    if (result.statusCode) {
      response.writeHead(result.statusCode, { location: result.headers?.location?.value ?? '/' });
      response.end();
      return;
    }
    const file = path.join(
      root,
      path.normalize(decodeURIComponent(result.uri ?? '/')).replace(/^(\.\.[/\\])+/, ''),
    );
    let status = 200;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      status = 404;
      body = readFileSync(path.join(root, '404.html'));
    }
    const type =
      status === 404 ? TYPES['.html'] : (TYPES[path.extname(file)] ?? 'application/octet-stream');
    response.writeHead(status, {
      'content-type': type ?? 'application/octet-stream',
      'content-security-policy': headerCsp,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
