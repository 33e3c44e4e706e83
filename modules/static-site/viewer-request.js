// Viewer-request CloudFront Function (cloudfront-js-2.0), uploaded verbatim: www -> apex 301,
// /path/ -> /path 301 (as Next.js does), /about -> /about.html, and every /projects/<slug> ->
// /projects/view.html (the site's one project page, which reads the slug in the browser). Tested by viewer-request.test.ts
// in a bare vm (no Node APIs). One-line calls: Prettier's trailing comma there is ES2017.

function redirect(location) {
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: {
      location: { value: location },
      // A bare 301 may be cached forever; an hour bounds a mistake.
      'cache-control': { value: 'max-age=3600' },
    },
  };
}

// Keys and values arrive percent-encoded: join verbatim (no %2520).
function queryString(qs) {
  const parts = [];
  Object.keys(qs || {}).forEach((key) => {
    // Only a repeated key has multiValue; it holds every value.
    (qs[key].multiValue || [qs[key]]).forEach((item) => {
      parts.push(item.value === '' ? key : key + '=' + item.value);
    });
  });
  return parts.length > 0 ? '?' + parts.join('&') : '';
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by CloudFront
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  // An HTTP/1.0 request may lack Host: no throw (a 503).
  const host = request.headers && request.headers.host ? request.headers.host.value : '';

  // Path as is: the apex hop strips any trailing slash.
  if (/^www\./i.test(host)) {
    const apex = host.slice(4).toLowerCase();
    return redirect('https://' + apex + uri + queryString(request.querystring));
  }

  if (uri.length > 1 && uri.charAt(uri.length - 1) === '/') {
    const path = uri.replace(/\/+$/, '') || '/';
    // A relative //x or /\x would leave the site.
    const target = host ? 'https://' + host + path : path.replace(/^[/\\]+/, '/');
    return redirect(target + queryString(request.querystring));
  }

  // Only the last segment counts: /favicon.ico is a file, /v1.2/notes a page.
  if (uri === '/') {
    request.uri = '/index.html';
  } else if (/^\/projects\/[^/.]+$/.test(uri)) {
    request.uri = '/projects/view.html';
  } else if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = uri + '.html';
  }
  return request;
}
