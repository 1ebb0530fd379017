/* Layak pages: what every page shares. The bilingual dictionary embedded in the page (api/static/i18n.json),
   the language switch in the header (remembered in localStorage and in ?lang=), number and money formats,
   and a small DOM builder. Each page script registers what to redraw with Layak.onLanguageChange and then
   calls Layak.start(). Text from the API is always inserted as text (never as HTML). */
(function () {
  'use strict';

  const STR = JSON.parse(document.getElementById('layak-strings').textContent);
  const LANGS = ['id', 'en'];
  const STORE_KEY = 'layak.lang';
  const listeners = [];
  let lang = document.documentElement.lang === 'en' ? 'en' : 'id';

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // ---------- strings ----------
  function has(key) { return Object.prototype.hasOwnProperty.call(STR, key); }

  function t(key, vars) {
    const entry = STR[key];
    let s = entry ? (entry[lang] || entry.id || entry.en) : key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined && vars[k] !== null ? String(vars[k]) : m));
    return s;
  }

  /** t() whose variables may be DOM nodes (e.g. a <cite>): returns the sentence as a list of strings and nodes. */
  function tx(key, vars) {
    const entry = STR[key];
    const s = entry ? (entry[lang] || entry.id || entry.en) : key;
    return s.split(/(\{\w+\})/).filter((p) => p !== '').map((part) => {
      const m = part.match(/^\{(\w+)\}$/);
      if (!m || !vars || vars[m[1]] === undefined || vars[m[1]] === null) return part;
      return vars[m[1]] instanceof Node ? vars[m[1]] : String(vars[m[1]]);
    });
  }

  /** A cited source (a law, a regulation, a ministry's announcement) as published: a <cite>, never translated. */
  function cite(text) {
    const node = document.createElement('cite');
    node.setAttribute('data-as-written', '');
    node.setAttribute('translate', 'no');
    node.textContent = String(text);
    return node;
  }

  /** t() for a sentence about a count: English uses "<key>_one" when n is 1 ("1 week", "2 weeks"). */
  function tn(key, n, vars) {
    const one = key + '_one';
    return t(lang === 'en' && Number(n) === 1 && has(one) ? one : key, vars);
  }

  /** obj.label_id / obj.label_en (or title_*, reason_*, message_*, detail_*) in the current language; then obj[base]. */
  function pick(obj, base) {
    if (!obj) return '';
    const plain = typeof obj[base] === 'string' ? obj[base] : '';
    return obj[base + '_' + lang] || obj[base + '_en'] || obj[base + '_id'] || plain;
  }

  function translate(root) {
    $$('[data-i18n]', root).forEach((n) => { n.textContent = t(n.getAttribute('data-i18n')); });
    ['placeholder', 'aria-label', 'title', 'label'].forEach((attr) => {
      $$('[data-i18n-' + attr + ']', root).forEach((n) => {
        n.setAttribute(attr, t(n.getAttribute('data-i18n-' + attr)));
      });
    });
  }

  // ---------- formatting ----------
  function locale() { return lang === 'en' ? 'en-GB' : 'id-ID'; }

  function fmtNumber(x, digits) {
    if (x === null || x === undefined || Number.isNaN(Number(x))) return '';
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits === undefined ? 1 : digits }).format(Number(x));
  }

  function fmtMoney(amount, currency) {
    if (amount === null || amount === undefined) return '';
    const value = Number(amount);
    const cur = (currency || 'IDR').toUpperCase();
    const digits = cur === 'IDR' || Number.isInteger(value) ? 0 : 2;
    const loc = cur === 'IDR' ? 'id-ID' : locale();  // Rupiah always in the Indonesian way: Rp 9.500.000
    try {
      return new Intl.NumberFormat(loc, {
        style: 'currency', currency: cur, minimumFractionDigits: digits, maximumFractionDigits: digits,
      }).format(cur === 'IDR' ? Math.round(value) : value);
    } catch (e) {
      return cur + ' ' + fmtNumber(value, digits);
    }
  }

  function fmtIDR(amount) { return fmtMoney(amount, 'IDR'); }

  /** "3,5 tahun" / "3.5 years", "1 year". */
  function fmtYears(x) { return tn('unit.years', x, { n: fmtNumber(x) }); }

  /** "1 minggu" / "1 week", "13 weeks". */
  function fmtWeeks(x) { return tn('unit.weeks', x, { n: fmtNumber(x) }); }

  function fmtDate(iso) {
    if (!iso) return '';
    const d = new Date(String(iso).slice(0, 10) + 'T00:00:00');
    if (Number.isNaN(d.getTime())) return String(iso);
    return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  }

  function humanise(id) { return String(id).replace(/_/g, ' '); }

  /** A pydantic/FastAPI validation error ({type, msg, ctx}) in plain words of the current language. The server
      sends its own wording in both languages (msg_id, msg_en): that comes first. */
  function describeMsg(d) {
    if (d && (d.msg_id || d.msg_en)) return pick(d, 'msg');
    const ctx = d.ctx || {};
    const type = String(d.type || '');
    if (type === 'greater_than_equal') return t('err.greater_than_equal', { ge: ctx.ge });
    if (type === 'greater_than') return t('err.greater_than', { gt: ctx.gt });
    if (type === 'less_than_equal') return t('err.less_than_equal', { le: ctx.le });
    if (type === 'less_than') return t('err.less_than', { lt: ctx.lt });
    if (/^(int|float|decimal)_/.test(type) || type === 'finite_number') return t('err.number');
    if (type === 'string_too_long' || type === 'too_long') return t('err.too_long', { max_length: ctx.max_length });
    if (type === 'string_too_short') return t('err.too_short');
    if (type === 'missing') return t('err.missing');
    if (type === 'string_pattern_mismatch') return t('err.pattern');
    if (type === 'literal_error' || type === 'enum') return t('err.choice');
    return t('err.invalid');
  }

  /** The reason a server gave for refusing a request ({detail, detail_id, detail_en}), in the current language. */
  function serverReason(data) {
    if (!data || typeof data !== 'object') return '';
    return typeof data.detail === 'string' || data.detail_id || data.detail_en ? pick(data, 'detail') : '';
  }

  // ---------- DOM helper ----------
  function h(tag, attrs) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    for (let i = 2; i < arguments.length; i += 1) {
      [].concat(arguments[i]).forEach((c) => {
        if (c === null || c === undefined || c === false || c === '') return;
        node.append(c instanceof Node ? c : String(c));
      });
    }
    return node;
  }

  const ICON_PATHS = { ok: 'M3 8.5l3.2 3.2L13 4.8', bad: 'M4 4l8 8M12 4l-8 8', warn: 'M8 2.5v7M8 12.6v.9' };

  /** A small stroke icon: icon(true) a tick, icon(false) a cross, icon('warn') an exclamation mark. */
  function icon(kind) {
    const name = kind === true ? 'ok' : (kind === false ? 'bad' : kind);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICON_PATHS[name] || ICON_PATHS.bad);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2.4');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    svg.append(path);
    return svg;
  }

  /** Download a link's file through layakFetch (so a request never misses what the API needs), as a blob.
      Resolves true when the file was handed to the browser. The link's href still works without scripts. */
  async function download(link) {
    link.setAttribute('data-state', 'busy');
    try {
      const response = await window.layakFetch(link.getAttribute('href'), { headers: { Accept: 'text/csv' } });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: link.getAttribute('download') || 'layak.csv', hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      link.setAttribute('data-state', 'done');
      return true;
    } catch (e) {
      link.setAttribute('data-state', 'failed');
      return false;
    }
  }

  // ---------- language switch (shared by every page) ----------
  function setLang(next, save) {
    if (!LANGS.includes(next)) return;
    lang = next;
    document.documentElement.lang = next;
    translate(document);
    const other = next === 'id' ? 'en' : 'id';
    const sw = $('#lang-switch');
    if (sw) {
      sw.setAttribute('lang', other);
      sw.setAttribute('hreflang', other);
      sw.setAttribute('href', '?lang=' + other);
      sw.setAttribute('data-lang-target', other);
    }
    // The other pages open in the chosen language.
    $$('a[data-nav]').forEach((a) => { a.setAttribute('href', a.getAttribute('data-nav') + '?lang=' + next); });
    if (save) {
      try { localStorage.setItem(STORE_KEY, next); } catch (e) { /* private mode: the URL still carries it */ }
    }
    try {
      const url = new URL(window.location.href);
      url.searchParams.set('lang', next);
      window.history.replaceState(null, '', url);
    } catch (e) { /* ignore */ }
    listeners.forEach((fn) => fn(next));
  }

  function initialLang() {
    const fromUrl = new URLSearchParams(window.location.search).get('lang');
    if (LANGS.includes(fromUrl)) return { lang: fromUrl, save: true };
    let stored = null;
    try { stored = localStorage.getItem(STORE_KEY); } catch (e) { stored = null; }
    return { lang: LANGS.includes(stored) ? stored : 'id', save: false };
  }

  /** Wire the switch, apply the remembered language, and mark the page ready (body[data-ready]). */
  function start() {
    const sw = $('#lang-switch');
    if (sw) {
      sw.addEventListener('click', (ev) => {
        ev.preventDefault();
        setLang(ev.currentTarget.getAttribute('data-lang-target'), true);
      });
    }
    const first = initialLang();
    if (first.lang !== lang || first.save) setLang(first.lang, first.save);
    else $$('a[data-nav]').forEach((a) => { a.setAttribute('href', a.getAttribute('data-nav') + '?lang=' + lang); });
    document.body.setAttribute('data-ready', 'true');
  }

  window.Layak = {
    get lang() { return lang; },
    $, $$, has, t, tn, tx, cite, pick, translate, locale, fmtNumber, fmtMoney, fmtIDR, fmtYears, fmtWeeks, fmtDate, humanise,
    describeMsg, serverReason, h, icon, download, setLang, start,
    onLanguageChange(fn) { listeners.push(fn); },
  };
}());
