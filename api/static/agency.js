/* Layak agency page: screens a listing CSV (one verdict per row) or one listing typed into the form, without
   storing anything. Each verdict shows every reason in the chosen language with the rule's source; a bad row
   shows its row number, the column and what was expected. Requests go through layakFetch (api.js); strings
   and helpers come from common.js. */
(function () {
  'use strict';

  const L = window.Layak;
  const { $, $$, has, t, pick, fmtNumber, humanise, describeMsg, h, icon } = L;
  const BULK_PATH = '/api/v1/screening/bulk';
  const ONE_PATH = '/api/v1/screening';
  const STATUSES = ['verified', 'needs_review', 'rejected', 'error'];
  const STATUS_ICON = { verified: true, needs_review: 'warn', rejected: false, error: false };
  const LIST_FIELDS = ['required_skills', 'required_certificates', 'required_languages'];
  const BOOL_FIELDS = ['job_order_verified', 'accommodation_provided'];

  let lastReport = null;    // {kind: 'csv'|'one', data, file}
  let lastStatus = null;    // {key, vars}
  let lastErrors = null;    // 422 detail of the one-listing form
  let lastFileError = null; // {key, vars}
  let requestSeq = 0;

  function colName(field) { return has('col.' + field) ? t('col.' + field) : humanise(field || ''); }

  /** A CSV column's own name, as the file's header must write it (the same in both languages). */
  function columnId(field) { return h('code', { 'data-as-written': '', translate: 'no' }, field); }

  // ---------- verdicts ----------
  function statusBadge(status) {
    return h('span', { class: 'verdict verdict--' + status, 'data-status': status },
      icon(STATUS_ICON[status] === undefined ? false : STATUS_ICON[status]), t('verdict.' + status));
  }

  function renderReasons(row) {
    if (row.status === 'error') {
      // The server says what is wrong in both languages (message_id, message_en); the column name and, where
      // there is one, an example of what to write come from this page's dictionary.
      return h('ul', { class: 'row-errors' }, (row.errors || []).map((e) => h('li', { 'data-field': e.field },
        h('strong', {}, e.field === '(row)' ? t('agency.whole_row') : L.tx('agency.column', { name: colName(e.field), id: columnId(e.field) })),
        ': ', pick(e, 'message'),
        has('hint.col.' + e.field) ? h('span', { class: 'row-errors__hint' }, t('hint.col.' + e.field)) : null)));
    }
    const reasons = row.reasons || [];
    if (!reasons.length) return h('p', { class: 'reasons__none' }, t('agency.no_problem'));
    return h('ul', { class: 'reasons' }, reasons.map((r) => h('li', {
      class: 'reason reason--' + r.severity, 'data-rule': r.rule_id, 'data-severity': r.severity,
    },
    h('span', { class: 'reason__text' }, pick(r, 'reason')),
    h('span', { class: 'reason__severity' }, ' (' + (has('severity.' + r.severity) ? t('severity.' + r.severity) : r.severity) + ')'),
    h('span', { class: 'reason__source' }, t('agency.source') + ': ', L.cite(r.source)),
    pick(r, 'detail') ? h('span', { class: 'reason__detail' }, t('agency.detail') + ': ' + pick(r, 'detail')) : null)));
  }

  function renderRows(rows) {
    const head = h('tr', {}, ['agency.col.row', 'agency.col.ref', 'agency.col.verdict', 'agency.col.reasons']
      .map((k) => h('th', { scope: 'col' }, t(k))));
    const body = rows.map((r) => h('tr', { 'data-row': r.row === null || r.row === undefined ? 'one' : r.row,
      'data-status': r.status },
    h('th', { scope: 'row', 'data-label': t('agency.col.row') },
      r.row === null || r.row === undefined ? '—' : fmtNumber(r.row, 0)),
    h('td', { class: 'verdict-table__ref', 'data-label': t('agency.col.ref') },
      r.listing_ref ? h('span', { 'data-as-written': '' }, r.listing_ref) : '—'),
    h('td', { 'data-label': t('agency.col.verdict') }, statusBadge(r.status)),
    h('td', { 'data-label': t('agency.col.reasons') }, renderReasons(r))));
    return h('table', { class: 'verdict-table', id: 'verdicts' }, h('caption', {}, t('agency.table_caption')),
      h('thead', {}, head), h('tbody', {}, body));
  }

  function renderCounts(counts) {
    const items = STATUSES.filter((s) => counts[s]).map((s) => h('li', {}, statusBadge(s), ' ', fmtNumber(counts[s], 0)));
    return h('div', { class: 'summary', 'data-counts': JSON.stringify(counts) },
      h('p', { class: 'summary__count' }, t('agency.rows_checked', { n: fmtNumber(counts.rows || 0, 0) })),
      h('ul', { class: 'counts' }, items),
      h('p', { class: 'hint' }, t('agency.nothing_stored')));
  }

  function renderResults() {
    const body = $('#results-body');
    body.replaceChildren();
    if (lastStatus) body.append(h('p', { class: 'notice', role: 'alert', 'data-status-code': lastStatus.vars ? lastStatus.vars.code : null }, statusText(lastStatus)));
    if (!lastReport) {
      if (!lastStatus) body.append(h('p', { class: 'results__placeholder' }, t('agency.placeholder')));
      return;
    }
    const data = lastReport.data;
    if (lastReport.kind === 'csv') {
      body.append(h('p', { class: 'hint', 'data-file': lastReport.file },
        L.tx('agency.for_file', { file: h('span', { 'data-as-written': '', translate: 'no' }, lastReport.file) })));
      body.append(renderCounts(data.counts || {}));
      body.append(renderRows(data.rows || []));
    } else {
      const row = Object.assign({ row: null }, data);
      body.append(h('p', { class: 'hint' }, t('agency.one_checked')), renderRows([row]));
    }
  }

  /** A failed request in words: the page's own sentence, then the server's reason (e.g. why a key may not do
      this) when it gave one. */
  function statusText(st) {
    const base = t(st.key, st.vars);
    const reason = st.data ? L.serverReason(st.data) : '';
    return reason ? base + ' ' + t('errors.server_reason', { reason }) : base;
  }

  // ---------- errors ----------
  function renderFileError() {
    const slot = $('#csv-file-error');
    const input = $('#csv-file');
    if (!lastFileError) { slot.hidden = true; slot.textContent = ''; input.removeAttribute('aria-invalid'); return; }
    const vars = Object.assign({}, lastFileError.vars || {});
    if (lastFileError.detail) vars.msg = lastFileError.detail.map(describeMsg).join('; ');
    slot.textContent = t(lastFileError.key, vars);
    slot.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  }

  function renderFormErrors(focus) {
    $$('#listing-form .field-error').forEach((n) => { n.hidden = true; n.textContent = ''; });
    $$('#listing-form [aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    const box = $('#form-errors');
    box.hidden = true;
    box.replaceChildren();
    if (!lastErrors) return;
    const items = (Array.isArray(lastErrors) ? lastErrors : [{ loc: [], msg: String(lastErrors) }]).map((d) => {
      const field = String((d.loc || []).filter((p) => p !== 'body')[0] || '');
      const control = field ? document.getElementById('f-' + field) : null;
      const slot = field ? document.getElementById('f-' + field + '-error') : null;
      if (slot) { slot.textContent = describeMsg(d); slot.hidden = false; }
      if (control) control.setAttribute('aria-invalid', 'true');
      const text = (field ? colName(field) : t('agency.one_heading')) + ': ' + describeMsg(d);
      return h('li', {}, control ? h('a', { href: '#' + control.id, 'data-focus': control.id }, text) : text);
    });
    box.append(h('h3', {}, t('errors.heading')), h('ul', {}, items));
    box.hidden = false;
    if (focus) box.focus();
  }

  // ---------- reading the form ----------
  function collectListing() {
    const out = {};
    $$('#listing-form [data-col]').forEach((el) => {
      const name = el.getAttribute('data-col');
      const raw = el.value.trim();
      if (!raw) return;
      if (LIST_FIELDS.includes(name)) out[name] = raw.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
      else if (BOOL_FIELDS.includes(name)) out[name] = raw === 'true';
      else if (el.type === 'number') out[name] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
      else out[name] = raw;
    });
    return out;
  }

  // ---------- requests ----------
  function setBusy(button, busy, key) {
    $('#results').setAttribute('aria-busy', busy ? 'true' : 'false');
    $$('#csv-submit, #listing-submit').forEach((b) => { b.disabled = busy; });
    button.setAttribute('data-i18n', busy ? 'agency.busy' : key);
    button.textContent = t(busy ? 'agency.busy' : key);
    if (busy) {
      $('#results-body').replaceChildren(h('div', { class: 'loading', 'data-loading': 'true' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t('agency.loading'))));
    }
  }

  async function send(path, options, button, key) {
    const seq = ++requestSeq;
    setBusy(button, true, key);
    let response = null;
    let data = null;
    try {
      response = await window.layakFetch(path, options);
      data = await response.json().catch(() => null);
    } catch (e) {
      response = null;
    }
    if (seq !== requestSeq) return null;
    setBusy(button, false, key);
    lastStatus = null;
    if (!response || !response.ok) lastReport = null;  // an error never sits above an earlier, unrelated result
    if (!response) lastStatus = { key: 'errors.network' };
    else if (response.status === 503) lastStatus = { key: 'errors.not_ready' };
    else if (response.status === 401) lastStatus = { key: 'errors.auth', vars: { code: response.status }, data };
    else if (response.status === 403) lastStatus = { key: 'errors.forbidden', vars: { code: response.status }, data };
    else if (!response.ok && response.status !== 422) lastStatus = { key: 'errors.server', vars: { code: response.status }, data };
    return { response, data };
  }

  async function onSubmitCsv(ev) {
    ev.preventDefault();
    const file = $('#csv-file').files[0];
    lastFileError = null;
    renderFileError();
    if (!file) {
      lastFileError = { key: 'agency.no_file' };
      renderFileError();
      $('#csv-file').focus();
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    const out = await send(BULK_PATH, { method: 'POST', body: form }, $('#csv-submit'), 'agency.csv_submit');
    if (!out) return;
    if (out.response && out.response.status === 422) {
      const detail = (out.data && out.data.detail) || [];
      lastFileError = { key: 'agency.file_unreadable', detail: Array.isArray(detail) ? detail : [{ msg: String(detail) }] };
      renderResults();
      renderFileError();
      $('#csv-file').focus();
      return;
    }
    if (out.response && out.response.ok && out.data) lastReport = { kind: 'csv', data: out.data, file: file.name };
    renderResults();
    $('#results-heading').focus();
  }

  async function onSubmitOne(ev) {
    ev.preventDefault();
    lastErrors = null;
    renderFormErrors(false);
    const body = JSON.stringify(collectListing());
    const out = await send(ONE_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body },
      $('#listing-submit'), 'agency.one_submit');
    if (!out) return;
    if (out.response && out.response.status === 422) {
      lastErrors = (out.data && out.data.detail) || [];
      renderResults();
      renderFormErrors(true);
      return;
    }
    if (out.response && out.response.ok && out.data) lastReport = { kind: 'one', data: out.data };
    renderResults();
    $('#results-heading').focus();
  }

  function init() {
    $('#csv-form').addEventListener('submit', onSubmitCsv);
    $('#listing-form').addEventListener('submit', onSubmitOne);
    // The contract check (issue 17): before a listing's workers sign, by listing reference.
    $('#agency-contract-slot').append(window.LayakContract.form({
      id: 'agency-contract', askRef: true, intro: 'contract.intro_agency',
    }));
    $('#template-link').addEventListener('click', async (ev) => {
      ev.preventDefault();
      const ok = await L.download(ev.currentTarget);
      $('#template-status').textContent = ok ? '' : t('agency.download_failed');
    });
    document.addEventListener('click', (ev) => {
      const jump = ev.target.closest('a[data-focus]');
      if (!jump) return;
      ev.preventDefault();
      const target = document.getElementById(jump.getAttribute('data-focus'));
      if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
    });
    L.onLanguageChange(() => { renderResults(); renderFormErrors(false); renderFileError(); });
    L.start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
