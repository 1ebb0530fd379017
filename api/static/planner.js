/* Layak training planner page: reads the cohort filters, calls the planner view (k-anonymous), and shows the
   most common gaps and the courses that would make the most workers ready, as bar charts and as tables with
   the same numbers. A suppressed figure (null from the API) is shown as hidden, with the reason in plain words.
   The CSV download goes through layakFetch too (api.js). Strings and helpers come from common.js. */
(function () {
  'use strict';

  const L = window.Layak;
  const { $, $$, has, t, pick, fmtNumber, fmtIDR, humanise, describeMsg, h } = L;
  const VIEW_PATH = '/api/v1/planning/skill-gaps';
  const CSV_PATH = '/api/v1/planning/skill-gaps.csv';
  const FILTERS = ['province', 'sector', 'country', 'top'];
  const COHORT_FIGURES = [
    ['workers', 'planner.fig.workers'], ['workers_reaching_a_listing', 'planner.fig.reaching'],
    ['workers_ready_now', 'planner.fig.ready'], ['workers_trainable', 'planner.fig.trainable'],
    ['listings_in_scope', 'planner.fig.listings'], ['listings_reached', 'planner.fig.listings_reached'],
  ];

  let lastView = null;     // the API's view
  let lastQuery = '';      // its query string
  let lastStatus = null;   // {key, vars}
  let lastErrors = null;   // 422 detail
  let requestSeq = 0;

  // ---------- small parts ----------
  function hiddenFigure() {
    return h('span', { class: 'suppressed', 'data-suppressed': 'true', title: t('planner.hidden_title') },
      t('planner.hidden'));
  }

  function count(x) { return x === null || x === undefined ? hiddenFigure() : fmtNumber(x, 0); }

  function pct(share) { return share === null || share === undefined ? '' : fmtNumber(share * 100, 0) + '%'; }

  function sectorName(id) { return has('sector.' + id) ? t('sector.' + id) : humanise(id); }

  function countryName(code, row) {
    return has('country.' + code) ? t('country.' + code) : (pick(row, 'label') || code);
  }

  function scopeText(view) {
    const f = view.filters || {};
    return [f.province || t('planner.all_provinces'), f.sector ? sectorName(f.sector) : t('planner.all_sectors'),
      f.country ? countryName(f.country) : t('planner.all_countries')].join(' · ');
  }

  /** A horizontal bar chart in plain HTML/CSS. The table under it has the same numbers for screen readers. */
  function barChart(id, titleKey, rows, label, value, tone) {
    const max = Math.max(1, ...rows.map(value));
    const list = h('ol', { class: 'bars', 'aria-hidden': 'true' });
    rows.forEach((r) => {
      const bar = h('span', { class: 'bars__bar bars__bar--' + tone });
      bar.style.width = Math.max(1, (100 * value(r)) / max).toFixed(2) + '%';  // CSSOM: allowed by the CSP
      list.append(h('li', { class: 'bars__row' },
        h('span', { class: 'bars__label' }, label(r)),
        h('span', { class: 'bars__track' }, h('span', { class: 'bars__area' }, bar),
          h('span', { class: 'bars__value' }, fmtNumber(value(r), 0)))));
    });
    return h('figure', { class: 'chart', id, 'data-chart': id },
      h('figcaption', { class: 'chart__caption' }, t(titleKey)), list);
  }

  function table(id, captionKey, headKeys, rows, numeric) {
    const head = h('tr', {}, headKeys.map((k, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, t(k))));
    const body = rows.map((cells) => h('tr', {}, cells.map((c, i) => (i === 0
      ? h('th', { scope: 'row' }, c)
      : h('td', { class: numeric[i] ? 'num' : null, 'data-label': t(headKeys[i]) }, c)))));
    return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t(captionKey) },
      h('table', { class: 'data-table', id }, h('caption', {}, t(captionKey)), h('thead', {}, head),
        h('tbody', {}, body)));
  }

  function leftOut(n) {
    return n > 0 ? h('p', { class: 'hint', 'data-left-out': n }, t('planner.left_out', { n: fmtNumber(n, 0) })) : null;
  }

  function closedBy(g) {
    if (g.closed_by === 'course') return t('planner.closed.course');
    if (g.closed_by === 'process') return t('planner.closed.process');
    return t('planner.closed.none');
  }

  function gapKind(kind) { return has('gapkind.' + kind) ? t('gapkind.' + kind) : humanise(kind || ''); }

  // ---------- sections ----------
  function renderCohort(view) {
    const c = view.cohort || {};
    const dl = h('dl', { class: 'figures' });
    COHORT_FIGURES.forEach(([key, label]) => {
      dl.append(h('div', { class: 'figures__item', 'data-figure': key }, h('dt', {}, t(label)), h('dd', {}, count(c[key]))));
    });
    return dl;
  }

  function renderGaps(view) {
    const gaps = view.top_gaps || [];
    const sec = h('section', { class: 'panel planner-part', 'data-part': 'gaps', 'aria-labelledby': 'gaps-heading' },
      h('h3', { id: 'gaps-heading' }, t('planner.gaps_heading')),
      h('p', { class: 'hint' }, t('planner.gaps_hint')));
    if (!gaps.length) {
      sec.append(h('p', { class: 'notice notice--info' }, view.suppressed ? t('planner.part_hidden') : t('planner.nothing')));
      return sec;
    }
    sec.append(barChart('chart-gaps', 'planner.chart_gaps', gaps, (g) => pick(g, 'label'), (g) => g.workers, 'gap'));
    sec.append(table('table-gaps', 'planner.table_gaps',
      ['planner.col.gap', 'planner.col.kind', 'planner.col.workers', 'planner.col.share', 'planner.col.listings',
        'planner.col.closed_by'],
      gaps.map((g) => [pick(g, 'label'), gapKind(g.kind), count(g.workers), pct(g.share_of_cohort),
        fmtNumber(g.listings, 0), closedBy(g)]),
      [false, false, true, true, true, false]));
    const gapsLeftOut = leftOut((view.rows_left_out || {}).top_gaps || 0);
    if (gapsLeftOut) sec.append(gapsLeftOut);  // append(null) would print "null"
    return sec;
  }

  function renderCourses(view) {
    const courses = view.courses || [];
    const sec = h('section', { class: 'panel planner-part', 'data-part': 'courses', 'aria-labelledby': 'courses-heading' },
      h('h3', { id: 'courses-heading' }, t('planner.courses_heading')),
      h('p', { class: 'hint' }, t('planner.courses_hint')));
    if (!courses.length) {
      sec.append(h('p', { class: 'notice notice--info' }, view.suppressed ? t('planner.part_hidden') : t('planner.nothing')));
      return sec;
    }
    sec.append(barChart('chart-courses', 'planner.chart_courses', courses, (c) => pick(c, 'title'),
      (c) => c.workers_unlocked, 'course'));
    const cost = (x) => (Number(x || 0) > 0 ? fmtIDR(x) : t('training.free'));
    sec.append(table('table-courses', 'planner.table_courses',
      ['planner.col.course', 'planner.col.workers_ready', 'planner.col.listings_unlocked', 'planner.col.weeks',
        'planner.col.cost'],
      courses.map((c) => {
        const pre = c.with_prerequisites || {};
        const chain = (pre.courses || []).length > 1
          ? t('planner.prereq', { weeks: fmtNumber(pre.weeks), cost: cost(pre.cost_idr) }) : null;
        return [h('span', {}, pick(c, 'title'), h('span', { class: 'cell-note' }, c.provider_type || ''),
          chain ? h('span', { class: 'cell-note', 'data-prereq': 'true' }, chain) : null),
        count(c.workers_unlocked), fmtNumber(c.listings_unlocked, 0), fmtNumber(c.weeks), cost(c.cost_idr)];
      }),
      [false, true, true, true, true]));
    const coursesLeftOut = leftOut((view.rows_left_out || {}).courses || 0);
    if (coursesLeftOut) sec.append(coursesLeftOut);
    return sec;
  }

  function renderDocuments(view) {
    const docs = view.documents || [];
    if (!docs.length) return null;
    return h('section', { class: 'panel planner-part', 'data-part': 'documents', 'aria-labelledby': 'docs-heading' },
      h('h3', { id: 'docs-heading' }, t('planner.docs_heading')),
      table('table-documents', 'planner.docs_heading', ['planner.col.document', 'planner.col.workers_missing'],
        docs.map((d) => [pick(d, 'label'), count(d.workers_missing)]), [false, true]));
  }

  function renderDemand(view) {
    const d = view.demand || {};
    const sec = h('section', { class: 'panel planner-part', 'data-part': 'demand', 'aria-labelledby': 'demand-heading' },
      h('h3', { id: 'demand-heading' }, t('planner.demand_heading')),
      h('p', { class: 'hint' }, t('planner.demand_hint')));
    const grid = h('div', { class: 'grid-tables' });
    grid.append(table('table-demand-country', 'planner.demand_country', ['planner.col.country', 'planner.col.listings'],
      (d.by_country || []).map((r) => [countryName(r.id, r), fmtNumber(r.listings, 0)]), [false, true]));
    grid.append(table('table-demand-sector', 'planner.demand_sector', ['planner.col.sector', 'planner.col.listings'],
      (d.by_sector || []).map((r) => [has('sector.' + r.id) ? t('sector.' + r.id) : pick(r, 'label'),
        fmtNumber(r.listings, 0)]), [false, true]));
    sec.append(grid);
    return sec;
  }

  function renderSummary(view) {
    const box = h('div', { class: 'summary' });
    box.append(h('p', { class: 'summary__count', 'data-scope': 'true' }, t('planner.scope') + ': ' + scopeText(view)));
    box.append(h('p', { class: 'hint' }, t('planner.as_of', { date: L.fmtDate(view.as_of), k: view.k_anonymity })));
    if (view.suppressed) {
      box.append(h('div', { class: 'notice notice--suppressed', 'data-suppressed-cohort': 'true', role: 'note' },
        h('strong', {}, t('planner.suppressed_heading')), ' ', t('planner.suppressed_text', { k: view.k_anonymity })));
    }
    box.append(renderCohort(view));
    const link = h('a', { id: 'csv-download', class: 'button button--secondary', href: CSV_PATH + lastQuery,
      download: 'layak-planner-view.csv', 'data-state': 'idle' }, t('planner.download_csv'));
    box.append(h('p', { class: 'download' }, link, h('span', { class: 'hint', id: 'csv-status', role: 'status' })));
    return box;
  }

  function renderResults() {
    const body = $('#results-body');
    body.replaceChildren();
    if (lastStatus) {
      const reason = lastStatus.data ? L.serverReason(lastStatus.data) : '';
      body.append(h('p', { class: 'notice', role: 'alert' }, t(lastStatus.key, lastStatus.vars)
        + (reason ? ' ' + t('errors.server_reason', { reason }) : '')));
    }
    if (!lastView) {
      if (!lastStatus) body.append(h('p', { class: 'results__placeholder' }, t('planner.placeholder')));
      return;
    }
    body.append(renderSummary(lastView), renderGaps(lastView), renderCourses(lastView));
    const docs = renderDocuments(lastView);
    if (docs) body.append(docs);
    body.append(renderDemand(lastView));
  }

  // ---------- errors ----------
  function renderFormErrors(focus) {
    $$('#planner-form .field-error').forEach((n) => { n.hidden = true; n.textContent = ''; });
    $$('#planner-form [aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    const box = $('#form-errors');
    box.hidden = true;
    box.replaceChildren();
    if (!lastErrors) return;
    const items = (Array.isArray(lastErrors) ? lastErrors : [{ loc: [], msg: String(lastErrors) }]).map((d) => {
      const field = (d.loc || []).filter((p) => p !== 'query')[0] || '';
      const labelNode = field ? $('label[for="' + field + '"]') : null;
      const label = labelNode ? labelNode.textContent : humanise(field);
      const control = field ? document.getElementById(field) : null;
      const slot = field ? document.getElementById(field + '-error') : null;
      if (slot) { slot.textContent = describeMsg(d); slot.hidden = false; }
      if (control) control.setAttribute('aria-invalid', 'true');
      return h('li', {}, label + ': ' + describeMsg(d));
    });
    box.append(h('h3', {}, t('errors.heading')), h('ul', {}, items));
    box.hidden = false;
    if (focus) box.focus();
  }

  // ---------- requests ----------
  function query() {
    const params = new URLSearchParams();
    FILTERS.forEach((f) => { const v = $('#' + f).value.trim(); if (v) params.set(f, v); });
    const q = params.toString();
    return q ? '?' + q : '';
  }

  function setBusy(busy) {
    $('#results').setAttribute('aria-busy', busy ? 'true' : 'false');
    const button = $('#planner-submit');
    button.disabled = busy;
    button.setAttribute('data-i18n', busy ? 'planner.busy' : 'planner.submit');
    button.textContent = t(busy ? 'planner.busy' : 'planner.submit');
    if (busy) {
      $('#results-body').replaceChildren(h('div', { class: 'loading', 'data-loading': 'true' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t('planner.loading'))));
    }
  }

  async function onSubmit(ev) {
    ev.preventDefault();
    const seq = ++requestSeq;
    const q = query();
    lastErrors = null;
    renderFormErrors(false);
    setBusy(true);
    let response = null;
    let data = null;
    try {
      response = await window.layakFetch(VIEW_PATH + q);
      data = await response.json().catch(() => null);
    } catch (e) {
      response = null;
    }
    if (seq !== requestSeq) return;
    setBusy(false);
    lastStatus = null;
    if (!response || !response.ok || !data) lastView = null;  // no earlier cohort's figures under this error
    if (response && response.ok && data) {
      lastView = data;
      lastQuery = q;
    } else if (response && response.status === 422) {
      lastErrors = (data && data.detail) || [];
      renderResults();
      renderFormErrors(true);
      return;
    } else if (!response) lastStatus = { key: 'errors.network' };
    else if (response.status === 503) lastStatus = { key: 'errors.not_ready' };
    else if (response.status === 401) lastStatus = { key: 'errors.auth', vars: { code: response.status }, data };
    else if (response.status === 403) lastStatus = { key: 'errors.forbidden', vars: { code: response.status }, data };
    else lastStatus = { key: 'errors.server', vars: { code: response.status }, data };
    renderResults();
    $('#results-heading').focus();
  }

  /** The download link works on its own; with scripts it goes through layakFetch (common.js download). */
  async function onDownload(ev) {
    const link = ev.target.closest('#csv-download');
    if (!link) return;
    ev.preventDefault();
    const ok = await L.download(link);
    $('#csv-status').textContent = t(ok ? 'planner.download_done' : 'planner.download_failed');
  }

  function init() {
    $('#planner-form').addEventListener('submit', onSubmit);
    $('#results-body').addEventListener('click', onDownload);
    L.onLanguageChange(() => { renderResults(); renderFormErrors(false); });
    L.start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
