/* Layak contract check (issue 17), shared by the worker page (a panel in each match card, "Periksa kontrak saya")
   and the agency page (a form before a listing's workers sign). Builds the form (file or pasted text, and the notice
   that nothing is stored), sends it to POST /api/v1/contracts/check through layakFetch, and shows the result:
   the three worst findings first with what to do and whom to call, then every clause checked, each with the
   contract's sentence, the job order's value, the rule and its source, and the money at stake.
   Nothing is kept: the last result lives in memory only, and is written to a file only when the user presses
   "save to my device". Text from the API is always inserted as text (never as HTML). */
(function () {
  'use strict';

  const L = window.Layak;
  const { t, pick, fmtNumber, fmtMoney, fmtIDR, humanise, has, h, icon } = L;
  const PATH = '/api/v1/contracts/check';
  const MAX_BYTES = 10 * 1000 * 1000;  // features/contracts/document.py MAX_CONTRACT_BYTES
  const KIND_ICON = { unlawful: false, mismatch: 'warn', missing: 'warn', ok: true };
  const KINDS = ['unlawful', 'mismatch', 'missing', 'ok'];
  const panels = [];  // {root, state}: redrawn when the language changes

  function topicName(topic) { return has('contract.topic.' + topic) ? t('contract.topic.' + topic) : humanise(topic); }

  function kindBadge(kind) {
    return h('span', { class: 'finding__kind finding__kind--' + kind, 'data-kind-badge': kind },
      icon(KIND_ICON[kind] === undefined ? 'warn' : KIND_ICON[kind]), t('contract.kind.' + kind));
  }

  function money(m) {
    if (!m || m.amount === null || m.amount === undefined || Number(m.amount) <= 0) return null;
    const local = fmtMoney(m.amount, m.currency);
    return m.currency === 'IDR' || m.idr === null || m.idr === undefined ? local : local + ' (' + fmtIDR(m.idr) + ')';
  }

  function advertValue(f) {
    if (f.advert_field === null || f.advert_field === undefined) return '—';
    const v = f.advert_value;
    const label = has('col.' + f.advert_field) ? t('col.' + f.advert_field) : humanise(f.advert_field);
    if (v === null || v === undefined || v === '') return label + ': —';
    if (v === true || v === false) return label + ': ' + t(v ? 'choice.yes' : 'choice.no');
    return label + ': ' + (typeof v === 'number' ? fmtNumber(v, 2) : String(v));
  }

  function renderFinding(f, worst) {
    const notes = pick(f, 'notes') || [];
    const stake = money(f.money_at_stake);
    return h('li', { class: 'finding finding--' + f.kind + (worst ? ' finding--worst' : ''), 'data-finding': f.topic,
      'data-kind': f.kind, 'data-rule': f.rule_id, 'data-worst': worst ? 'true' : null },
    h('p', { class: 'finding__head' }, kindBadge(f.kind), ' ', h('strong', {}, topicName(f.topic))),
    h('p', { class: 'finding__message' }, pick(f, 'message')),
    notes.length ? h('ul', { class: 'finding__notes' }, notes.map((n) => h('li', {}, n))) : null,
    h('dl', { class: 'finding__facts' },
      f.contract_sentence ? [h('dt', {}, t('contract.says')),
        h('dd', { class: 'finding__sentence', lang: f.contract_language === 'en' ? 'en' : (f.contract_language === 'id' ? 'id' : null) },
          '“' + f.contract_sentence + '”')] : null,
      [h('dt', {}, t('contract.advert')), h('dd', {}, advertValue(f))],
      [h('dt', {}, t('contract.rule')), h('dd', {}, pick(f.rule, 'text'))],
      [h('dt', {}, t('contract.source')), h('dd', { class: 'finding__source' }, f.rule.source)],
      stake ? [h('dt', {}, t('contract.at_stake')), h('dd', { 'data-money': f.money_at_stake.idr }, stake)] : null),
    worst && f.advice ? h('p', { class: 'finding__advice' }, f.advice[L.lang] || f.advice.en) : null);
  }

  function renderHelp(data) {
    const help = data.help || {};
    const contacts = help.contacts || [];
    return h('section', { class: 'contract__help', 'data-contract-help': '' },
      h('h4', {}, t('contract.todo')),
      h('p', {}, (help.advice || {})[L.lang] || (help.advice || {}).en || ''),
      h('h4', {}, t('contract.call')),
      h('ul', { class: 'contacts' }, contacts.map((c) => h('li', { 'data-contact': c.country },
        h('strong', {}, pick(c, 'organisation')), ': ', c.contact,
        h('span', { class: 'contacts__what' }, ' — ' + pick(c, 'what')),
        h('span', { class: 'contacts__source' }, ' (' + t('contract.source') + ': ' + c.source + ')')))));
  }

  function renderResult(state) {
    const data = state.data;
    const s = data.summary || {};
    const m = data.money_at_stake || {};
    const findings = data.findings || [];
    const bad = findings.filter((f) => f.kind !== 'ok');
    const out = h('div', { class: 'contract__result', 'data-contract-result': '', tabindex: '-1' });
    out.append(h('p', { class: 'contract__summary', 'data-summary': JSON.stringify(s) }, t('contract.summary', {
      unlawful: fmtNumber(s.unlawful || 0, 0), mismatch: fmtNumber(s.mismatch || 0, 0),
      missing: fmtNumber(s.missing || 0, 0), ok: fmtNumber(s.ok || 0, 0),
    })));
    if (Number(m.idr || 0) > 0) {
      out.append(h('p', { class: 'contract__money', 'data-contract-money': m.idr }, t('contract.money', {
        months: fmtNumber(m.months, 0), idr: fmtIDR(m.idr), local: fmtMoney(m.amount, m.currency),
      })));
    }
    if (bad.length) {
      out.append(h('h4', {}, t('contract.worst')),
        h('ol', { class: 'findings findings--worst' }, bad.slice(0, 3).map((f) => renderFinding(f, true))));
    } else {
      out.append(h('p', { class: 'contract__clean', 'data-contract-clean': '' }, t('contract.none_bad')));
    }
    out.append(renderHelp(data));
    const sorted = findings.slice().sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
    out.append(h('details', { class: 'contract__all' }, h('summary', {}, t('contract.all', { n: fmtNumber(findings.length, 0) })),
      h('ul', { class: 'findings' }, sorted.map((f) => renderFinding(f, false)))));
    const save = h('button', { type: 'button', class: 'button button--secondary', 'data-contract-save': '' }, t('contract.save'));
    save.addEventListener('click', () => saveToDevice(state));
    out.append(h('p', { class: 'contract__save' }, save,
      state.saved ? h('span', { class: 'hint', role: 'status', 'data-contract-saved': '' }, ' ' + t('contract.saved')) : null));
    return out;
  }

  /** The result as a JSON file on the user's own device (the only way anything of the check is kept). */
  function saveToDevice(state) {
    const blob = new Blob([JSON.stringify(state.data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: 'layak-contract-check-' + (state.data.listing_ref || 'result') + '.json', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    state.saved = true;
    draw(state);
  }

  function errorText(state) {
    const e = state.error;
    if (!e) return null;
    if (e.detail) {
      return e.detail.map((d) => (L.lang === 'id' && d.msg_id ? d.msg_id : L.describeMsg(d))).join(' ');
    }
    return t(e.key, e.vars);
  }

  function draw(state) {
    const slot = state.results;
    slot.replaceChildren();
    const err = errorText(state);
    if (err) slot.append(h('p', { class: 'notice notice--error', role: 'alert', 'data-contract-error': '' }, err));
    if (state.busy) {
      slot.append(h('div', { class: 'loading', 'data-loading': 'true' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', {}, t('contract.busy'))));
    } else if (state.data) {
      slot.append(renderResult(state));
    }
    state.submit.textContent = t(state.busy ? 'contract.busy' : 'contract.submit');
    state.submit.disabled = state.busy;
  }

  async function send(state) {
    const file = state.file.files && state.file.files[0];
    const text = state.text.value.trim();
    const ref = state.ref ? state.ref.value.trim() : state.opts.listingRef;
    state.error = null;
    if (state.ref && !ref) state.error = { key: 'contract.err.listing_ref' };
    else if (!file && !text) state.error = { key: 'contract.err.choose' };
    else if (file && text) state.error = { key: 'contract.err.both' };
    else if (file && file.size > MAX_BYTES) state.error = { key: 'contract.err.too_large' };
    if (state.error) { state.data = null; draw(state); (state.ref && !ref ? state.ref : state.file).focus(); return; }
    let init;
    if (file) {
      const body = new FormData();
      body.append('file', file, file.name);
      if (ref) body.append('listing_ref', ref);
      if (state.opts.listingId) body.append('listing_id', String(state.opts.listingId));
      init = { method: 'POST', body };
    } else {
      const payload = { text };
      if (ref) payload.listing_ref = ref;
      if (state.opts.listingId) payload.listing_id = state.opts.listingId;
      init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
    }
    const seq = ++state.seq;
    state.busy = true;
    state.data = null;
    state.saved = false;
    draw(state);
    let response = null;
    let data = null;
    try {
      response = await window.layakFetch(PATH, init);
      data = await response.json().catch(() => null);
    } catch (e) {
      response = null;
    }
    if (seq !== state.seq) return;
    state.busy = false;
    if (response && response.ok && data) state.data = data;
    else if (!response) state.error = { key: 'errors.network' };
    else if (response.status === 422 && data && Array.isArray(data.detail)) state.error = { detail: data.detail };
    else if (response.status === 413) state.error = { key: 'contract.err.too_large' };
    else if (response.status === 404) state.error = { key: 'contract.err.no_listing' };
    else if (response.status === 401 || response.status === 403) state.error = { key: 'errors.auth', vars: { code: response.status } };
    else state.error = { key: 'errors.server', vars: { code: response.status } };
    draw(state);
    const focus = state.results.querySelector('[data-contract-result], [data-contract-error]');
    if (focus) focus.focus({ preventScroll: false });
  }

  function field(id, labelKey, control, hintKey) {
    return h('div', { class: 'field' }, h('label', { for: id, 'data-i18n': labelKey }, t(labelKey)),
      hintKey ? h('p', { class: 'hint', id: id + '-hint', 'data-i18n': hintKey }, t(hintKey)) : null, control);
  }

  /** A contract-check form. opts: {id, listingRef, listingId, askRef (agency: type the listing_ref), intro}. */
  function form(opts) {
    const id = opts.id;
    const file = h('input', { id: id + '-file', type: 'file', accept: '.pdf,.txt,application/pdf,text/plain',
      'data-contract-file': '', 'aria-describedby': id + '-file-hint' });
    const text = h('textarea', { id: id + '-text', rows: 5, maxlength: 300000, 'data-contract-text': '' });
    const ref = opts.askRef ? h('input', { id: id + '-ref', autocomplete: 'off', spellcheck: 'false', maxlength: 64,
      'data-contract-ref': '', value: opts.listingRef || null }) : null;
    const submit = h('button', { type: 'submit', class: 'button button--primary', 'data-contract-submit': '' }, t('contract.submit'));
    const results = h('div', { class: 'contract__results', 'aria-live': 'polite', 'data-contract-results': '' });
    const root = h('form', { class: 'contract', id: id, novalidate: true, 'data-contract-form': '' },
      opts.intro ? h('p', { 'data-i18n': opts.intro }, t(opts.intro)) : null,
      h('p', { class: 'contract__not-stored', 'data-not-stored': '', 'data-i18n': 'contract.not_stored' }, t('contract.not_stored')),
      ref ? field(id + '-ref', 'contract.listing_ref', ref) : null,
      field(id + '-file', 'contract.file', file, 'contract.file_hint'),
      field(id + '-text', 'contract.text', text),
      h('div', { class: 'actions' }, submit), results);
    const state = { opts, file, text, ref, submit, results, data: null, error: null, busy: false, saved: false, seq: 0 };
    root.addEventListener('submit', (ev) => { ev.preventDefault(); send(state); });
    panels.push({ root, state });
    draw(state);
    return root;
  }

  const contractPanels = new Map(); // listing_id -> {root, open}: kept across redraws (language switch), never sent

  /** "Periksa kontrak saya": a panel under the card that checks a contract against this job's verified job order
      (the form above). The panel and its result stay in memory while the page is open; nothing is sent until asked. */
  function cardSection(m) {
    const listing = m.listing || {};
    const panelId = 'contract-panel-' + m.listing_id;
    const state = contractPanels.get(m.listing_id) || { root: null, open: false };
    contractPanels.set(m.listing_id, state);
    const sec = h('section', { class: 'card__section card__section--wide card__contract', 'data-section': 'contract' });
    const button = h('button', { type: 'button', class: 'button button--secondary', 'data-contract-open': m.listing_id,
      'aria-expanded': state.open ? 'true' : 'false', 'aria-controls': panelId }, t(state.open ? 'contract.close' : 'contract.open'));
    const panel = h('div', { id: panelId, class: 'card__contract-panel', hidden: !state.open });
    if (state.root) panel.append(state.root);
    button.addEventListener('click', () => {
      state.open = !state.open;
      if (state.open && !state.root) {
        state.root = form({ id: 'contract-' + m.listing_id, listingId: m.listing_id,
          listingRef: listing.listing_ref, intro: 'contract.intro_worker' });
        panel.append(state.root);
      }
      panel.hidden = !state.open;
      button.setAttribute('aria-expanded', state.open ? 'true' : 'false');
      button.textContent = t(state.open ? 'contract.close' : 'contract.open');
      if (state.open) {
        const first = state.root.querySelector('[data-contract-file]');
        if (first) first.focus();
      }
    });
    sec.append(h('h4', {}, t('contract.heading')), button, panel);
    return sec;
  }

  L.onLanguageChange(() => {
    panels.forEach((p) => { if (p.root.isConnected) { L.translate(p.root); draw(p.state); } });
  });

  window.LayakContract = { form, cardSection, resetCards() { contractPanels.clear(); } };
}());
