/* Layak: the one function every page uses to call the JSON API (and to download files from it).
   Keep every request here, so that what each request needs (headers, credentials) is added in one place. */
(function () {
  'use strict';

  /** Like window.fetch, for a same-origin Layak API path (`options` as for it). Asks for JSON unless told otherwise. */
  function layakFetch(path, options) {
    const opts = Object.assign({}, options || {});
    const headers = new Headers(opts.headers || {});
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    opts.headers = headers;
    opts.credentials = 'same-origin';
    return window.fetch(path, opts);
  }

  window.layakFetch = layakFetch;
}());
