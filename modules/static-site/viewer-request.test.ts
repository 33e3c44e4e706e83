import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { VIEWER_REQUEST_SOURCE_PATH, viewerRequestSource } from './viewer-request-source';

// Events follow the CloudFront Functions event structure:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
// Header names are lowercase; a repeated query key keeps its first value in `value` and every value,
// in order, in `multiValue`; a key without a value (`?flag`) has `value: ''`; `querystring` is an
// empty object when there is none. The page says the `request` object "represents the actual
// request that CloudFront received from the viewer": `uri` and query keys and values keep the
// viewer's percent-encoding (AWS's own normalize-query-string example joins `key=value` back
// without encoding, which only works because of that), so fixtures are written encoded.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-normalize-query-string.html

interface Field {
  value: string;
  multiValue?: { value: string }[];
}

interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, Field>;
  headers: Record<string, Field>;
  cookies: Record<string, Field>;
}

interface CfEvent {
  version: '1.0';
  context: {
    distributionDomainName: string;
    distributionId: string;
    eventType: string;
    requestId: string;
  };
  viewer: { ip: string };
  request: CfRequest;
}

interface CfResponse {
  statusCode: number;
  statusDescription: string;
  headers: Record<string, { value: string }>;
}

type Handler = (event: CfEvent) => CfRequest | CfResponse;

const source = viewerRequestSource();

// A fresh context has the ECMAScript built-ins (and V8's own console) but no require, module,
// Buffer or URL; the source check below keeps console out as well.
const context = vm.createContext({});

/** Runs the file exactly as uploaded, so any use of a Node API fails here as it would at the edge. */
function loadHandler(): Handler {
  return new vm.Script(`${source}\n;handler`, {
    filename: VIEWER_REQUEST_SOURCE_PATH,
  }).runInContext(context) as Handler;
}

const handler = loadHandler();

/** Parses a query string the way CloudFront does, keeping the viewer's encoding. */
function querystring(raw: string): Record<string, Field> {
  const result: Record<string, Field> = {};
  for (const pair of raw.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    const existing = result[key];
    if (!existing) {
      result[key] = { value };
    } else {
      existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
    }
  }
  return result;
}

function event(uri: string, options: { host?: string | null; query?: string } = {}): CfEvent {
  const host = options.host === undefined ? 'example.com' : options.host;
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri,
      querystring: querystring(options.query ?? ''),
      headers: {
        ...(host === null ? {} : { host: { value: host } }),
        accept: {
          value: 'text/html',
          multiValue: [{ value: 'text/html' }, { value: 'application/xhtml+xml' }],
        },
      },
      cookies: { consent: { value: 'true' } },
    },
  };
}

function redirect(location: string): CfResponse {
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: { location: { value: location }, 'cache-control': { value: 'max-age=3600' } },
  };
}

/** The uri CloudFront will fetch from S3, after checking the request came back otherwise intact. */
function rewrittenUri(uri: string, query = ''): string {
  const input = event(uri, { query });
  const expected = structuredClone(input.request);
  const result = handler(input) as CfRequest;
  expect(result).toBe(input.request);
  expect({ ...result, uri: expected.uri }).toEqual(expected);
  return result.uri;
}

describe('viewer-request.js source', () => {
  it('is the file at VIEWER_REQUEST_SOURCE_PATH, well under the 10 KB CloudFront limit', () => {
    expect(source).toBe(readFileSync(VIEWER_REQUEST_SOURCE_PATH, 'utf8'));
    expect(Buffer.byteLength(source, 'utf8')).toBeLessThan(10240);
  });

  it('defines a top-level handler without module syntax or Node APIs', () => {
    expect(typeof handler).toBe('function');
    expect(source).toMatch(/^function handler\(event\) \{$/m);
    expect(source).not.toMatch(/\b(require|module|exports|Buffer|URL|URLSearchParams|console)\b/);
  });

  it('runs in a context without Node globals', () => {
    const globals = vm.runInContext(
      '[typeof require, typeof module, typeof Buffer, typeof URL].join()',
      context,
    ) as string;
    expect(globals).toBe('undefined,undefined,undefined,undefined');
  });

  // AWS lists the ES6+ features cloudfront-js-2.0 supports; trailing commas in calls (ES2017) are
  // not among them, and Prettier adds one whenever a call breaks over several lines.
  it('has no trailing comma in a call or parameter list', () => {
    expect(source).not.toMatch(/,\s*\)/);
  });

  it('starts with a comment naming this test file', () => {
    expect(source.startsWith('//')).toBe(true);
    expect(source.slice(0, source.indexOf('\n\n'))).toContain('viewer-request.test.ts');
  });
});

describe('www -> apex redirect', () => {
  it('redirects to the apex over https, path unchanged, no "?" without a query string', () => {
    expect(handler(event('/about', { host: 'www.example.com' }))).toEqual(
      redirect('https://example.com/about'),
    );
    expect(handler(event('/', { host: 'www.example.com' }))).toEqual(
      redirect('https://example.com/'),
    );
  });

  it('keeps repeated keys in order and the encoding as received (no double encoding)', () => {
    expect(handler(event('/', { host: 'www.example.com', query: 'a=1&a=2&b=x%20y' }))).toEqual(
      redirect('https://example.com/?a=1&a=2&b=x%20y'),
    );
  });

  it('keeps encoded keys, reserved characters and UTF-8 escapes verbatim', () => {
    const query = 'q=%E5%AE%B6&next=%2Fa%3Fb%3D1%26c&x%5B%5D=1&x%5B%5D=2&plus=a+b';
    expect(handler(event('/search', { host: 'www.example.com', query }))).toEqual(
      redirect(`https://example.com/search?${query}`),
    );
  });

  it('keeps a key without a value bare, alone or among others and repeated', () => {
    expect(handler(event('/', { host: 'www.example.com', query: 'flag' }))).toEqual(
      redirect('https://example.com/?flag'),
    );
    expect(handler(event('/', { host: 'www.example.com', query: 'a=1&flag&a&b=' }))).toEqual(
      redirect('https://example.com/?a=1&a&flag&b'),
    );
  });

  it('matches www. case-insensitively and lowercases the apex host', () => {
    expect(handler(event('/About', { host: 'WWW.Example.com' }))).toEqual(
      redirect('https://example.com/About'),
    );
  });

  // Chosen: the www hop keeps the uri exactly, so /about/ takes two hops (www -> apex, then
  // /about/ -> /about). Each rule stays one simple, separately testable job.
  it('keeps a trailing slash for the apex to redirect next', () => {
    const first = handler(event('/about/', { host: 'www.example.com', query: 'a=1' }));
    expect(first).toEqual(redirect('https://example.com/about/?a=1'));
    expect(handler(event('/about/', { query: 'a=1' }))).toEqual(
      redirect('https://example.com/about?a=1'),
    );
  });

  it('ignores hosts that merely contain www', () => {
    expect(handler(event('/', { host: 'wwwexample.com' }))).toMatchObject({ uri: '/index.html' });
    expect(handler(event('/', { host: 'shop.www.example.com' }))).toMatchObject({
      uri: '/index.html',
    });
  });
});

describe('trailing-slash redirect', () => {
  it.each([
    ['/about/', 'https://example.com/about'],
    ['/about//', 'https://example.com/about'],
    ['/projects/skyport/', 'https://example.com/projects/skyport'],
    ['/caf%C3%A9/', 'https://example.com/caf%C3%A9'],
    ['/favicon.ico/', 'https://example.com/favicon.ico'],
    ['//', 'https://example.com/'],
  ])('redirects %s to %s', (uri, location) => {
    expect(handler(event(uri))).toEqual(redirect(location));
  });

  it('keeps the query string as received', () => {
    expect(handler(event('/about/', { query: 'a=1&a=2&b=x%20y&flag' }))).toEqual(
      redirect('https://example.com/about?a=1&a=2&b=x%20y&flag'),
    );
  });

  it('falls back to a relative location without a Host header', () => {
    expect(handler(event('/about/', { host: null, query: 'a=1' }))).toEqual(redirect('/about?a=1'));
  });

  it('never turns a relative location into a protocol-relative one', () => {
    expect(handler(event('//evil.example/', { host: null }))).toEqual(redirect('/evil.example'));
    expect(handler(event('/\\evil.example/', { host: null }))).toEqual(redirect('/evil.example'));
    expect(handler(event('///', { host: null }))).toEqual(redirect('/'));
  });
});

describe('static export rewrite', () => {
  it.each([
    ['/', '/index.html'],
    ['/about', '/about.html'],
    ['/projects', '/projects.html'],
    ['/projects/skyport', '/projects/view.html'],
    ['/projects/a-b-2', '/projects/view.html'],
    ['/projects/view', '/projects/view.html'],
    ['/projects/skyport.txt', '/projects/skyport.txt'],
    ['/projects/a/b', '/projects/a/b.html'],
    ['/v1.2/notes', '/v1.2/notes.html'],
    ['/caf%C3%A9', '/caf%C3%A9.html'],
    ['/_next/static/chunks/app.js', '/_next/static/chunks/app.js'],
    ['/favicon.ico', '/favicon.ico'],
    ['/report.v2', '/report.v2'],
    ['/404.html', '/404.html'],
    ['/index.html', '/index.html'],
  ])('serves %s from %s', (uri, expected) => {
    expect(rewrittenUri(uri)).toBe(expected);
  });

  it('leaves the query string, method, headers and cookies untouched', () => {
    expect(rewrittenUri('/about', 'a=1&a=2&b=x%20y&flag')).toBe('/about.html');
  });

  it('does not need a Host header', () => {
    const result = handler(event('/about', { host: null })) as CfRequest;
    expect(result.uri).toBe('/about.html');
    expect(result.headers).not.toHaveProperty('host');
  });

  it('tolerates a request without headers or querystring objects', () => {
    const input = event('/about/');
    const bare = { ...input, request: { ...input.request } } as unknown as {
      request: Partial<CfRequest>;
    };
    delete bare.request.headers;
    delete bare.request.querystring;
    expect(handler(bare as unknown as CfEvent)).toEqual(redirect('/about'));
  });
});
