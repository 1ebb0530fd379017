/* Layak: the one function every page uses to call the JSON API (and to download files from it).
   Keep every request here, so that what each request needs (headers, credentials) is added in one place.
   Every /api/v1 call needs an API key (issue 7): it comes from the "API key" field in the page header, is kept in
   this tab's sessionStorage (never a cookie, never the URL), and is sent as the X-API-Key header. */
(function () {
  'use strict';

  const KEY_STORE = 'layak.apiKey';

  function apiKey() {
    const field = document.getElementById('api-key');
    const typed = field ? field.value.trim() : '';
    if (typed) return typed;
    try { return sessionStorage.getItem(KEY_STORE) || ''; } catch (e) { return ''; }
  }

  function initKeyField() {
    const field = document.getElementById('api-key');
    if (!field) return;
    try { if (!field.value) field.value = sessionStorage.getItem(KEY_STORE) || ''; } catch (e) { /* no storage */ }
    field.addEventListener('change', () => {
      try { sessionStorage.setItem(KEY_STORE, field.value.trim()); } catch (e) { /* typed key is still used */ }
    });
  }

  /** Like window.fetch, for a same-origin Layak API path (`options` as for it). Asks for JSON unless told otherwise. */
  function layakFetch(path, options) {
    const opts = Object.assign({}, options || {});
    const headers = new Headers(opts.headers || {});
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    // Messages from the server (validation, CSV rows, screening details, refusals) come in the page's language.
    if (!headers.has('Accept-Language')) headers.set('Accept-Language', window.Layak && window.Layak.lang === 'en' ? 'en' : 'id');
    const key = apiKey();
    if (key && !headers.has('X-API-Key')) headers.set('X-API-Key', key);
    opts.headers = headers;
    opts.credentials = 'same-origin';
    return window.fetch(path, opts);
  }

  window.layakFetch = layakFetch;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initKeyField);
  else initKeyField();
}());
