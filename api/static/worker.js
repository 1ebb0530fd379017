/* Layak worker page: reads the form, calls the JSON API, renders recommendation cards.
   Strings, formats, the language switch and the DOM helper are shared (common.js); requests go through
   layakFetch (api.js).
   No framework, no build step. Text from the API is always inserted as text (never as HTML). */
(function () {
  'use strict';

  const L = window.Layak;
  const K = 10;
  const SAFETY_KEYS = ['agency_licensed', 'job_order_verified', 'no_illegal_fee', 'passport_with_worker', 'work_visa'];

  let lang = L.lang;          // kept in step by L.onLanguageChange
  let lastResult = null;      // {data, fromLookup}
  let lastStatus = null;      // {key, vars} for a non-validation failure shown in the results region
  let lastErrors = null;      // FastAPI 422 "detail" list for the profile form
  let lastLookupError = null; // {key, vars}
  let requestSeq = 0;

  const { $, $$, has, t, tx, cite, pick, translate, fmtNumber, fmtMoney, fmtIDR, fmtYears, fmtWeeks, fmtDate, humanise, describeMsg,
    h, icon } = L;

  // ---------- formatting ----------
  function periodWord(period) { return has('pay.' + period) ? t('pay.' + period) : (period || ''); }

  function countryName(code, listing) {
    if (listing && pick(listing, 'country_name')) return pick(listing, 'country_name');
    return has('country.' + code) ? t('country.' + code) : (code || '');
  }

  function langName(code, fallback) {
    if (fallback && pick(fallback, 'label')) return pick(fallback, 'label');
    return has('langname.' + code) ? t('langname.' + code) : code;
  }

  /** A language level rank (0–6) in words, with the JLPT/TOPIK equivalent for Japanese/Korean. */
  function rankText(code, rank, level) {
    const r = Number(rank);
    if (!has('rank.' + r)) return level || String(rank);
    let s = t('rank.' + r);
    if (code === 'ja' && r >= 1 && r <= 5) s += ', ' + t('rank.ja', { level: 'N' + (6 - r) });
    if (code === 'ko' && r >= 1 && r <= 6) s += ', ' + t('rank.ko', { level: r });
    return s;
  }

  // ---------- repeating rows ----------
  function renumber(container, prefix) {
    $$('[data-row]', container).forEach((row, i) => {
      $$('[data-field]', row).forEach((ctrl) => {
        const label = row.querySelector('label[for="' + ctrl.id + '"]');
        ctrl.id = prefix + '-' + i + '-' + ctrl.getAttribute('data-field');
        if (label) label.htmlFor = ctrl.id;
      });
    });
    const max = Number(container.getAttribute('data-max-rows') || 6);
    const add = $('[data-add-row="' + (prefix === 'lang' ? 'language' : 'experience') + '"]');
    if (add) add.hidden = $$('[data-row]', container).length >= max;
  }

  function rowsFor(kind) {
    return kind === 'language'
      ? { container: $('#language-rows'), template: $('#language-row-template'), prefix: 'lang' }
      : { container: $('#experience-rows'), template: $('#experience-row-template'), prefix: 'exp' };
  }

  function addRow(kind) {
    const r = rowsFor(kind);
    const frag = r.template.content.cloneNode(true);
    translate(frag);
    const row = frag.querySelector('[data-row]');
    r.container.append(frag);
    renumber(r.container, r.prefix);
    const first = row.querySelector('[data-field]');
    if (first) first.focus();
  }

  function removeRow(button) {
    const row = button.closest('[data-row]');
    const container = row.parentElement;
    const kind = container.id === 'language-rows' ? 'language' : 'experience';
    const r = rowsFor(kind);
    const rows = $$('[data-row]', container);
    const idx = rows.indexOf(row);
    row.remove();
    renumber(container, r.prefix);
    const left = $$('[data-row]', container);
    const target = left[Math.min(idx, left.length - 1)];
    if (target) target.querySelector('[data-field]').focus();
    else $('[data-add-row="' + kind + '"]').focus();
  }

  // ---------- reading the form ----------
  function splitList(text) {
    return String(text || '').split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
  }

  function value(id) { const el = document.getElementById(id); return el ? el.value.trim() : ''; }

  function numberOrText(raw) {
    if (raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;  // the API names the field if it is not a number
  }

  function collectProfile() {
    const p = {};
    ['gender', 'province', 'education_level', 'summary'].forEach((f) => { if (value(f)) p[f] = value(f); });
    const by = numberOrText(value('birth_year'));
    if (by !== undefined) p.birth_year = by;
    p.skills = splitList(value('skills'));
    p.certificates = splitList(value('certificates'));
    p.languages = $$('#language-rows [data-row]').map((row) => ({
      language: row.querySelector('[data-field="language"]').value.trim(),
      level: row.querySelector('[data-field="level"]').value.trim(),
    })).filter((l) => l.language || l.level).map((l) => (l.level ? l : { language: l.language }));
    p.experience = $$('#experience-rows [data-row]').map((row) => {
      const e = {};
      const occ = row.querySelector('[data-field="occupation"]').value.trim();
      const years = numberOrText(row.querySelector('[data-field="years"]').value.trim());
      const country = row.querySelector('[data-field="country"]').value.trim();
      const informal = row.querySelector('[data-field="informal"]');
      if (occ) e.occupation = occ;
      if (years !== undefined) e.years = years;
      if (country) e.country = country;
      if (informal && informal.checked && Object.keys(e).length) e.informal = true;  // family care counts too
      return e;
    }).filter((e) => Object.keys(e).length > 0);
    const prefs = {
      countries: $$('input[name="countries"]:checked').map((c) => c.value),
      sectors: $$('input[name="sectors"]:checked').map((c) => c.value),
    };
    const salary = numberOrText(value('min_monthly_salary_idr'));
    if (salary !== undefined) prefs.min_monthly_salary_idr = salary;
    p.preferences = prefs;
    return p;
  }

  // ---------- errors ----------
  const ROW_FIELDS = { language: 'field.language', level: 'field.level', occupation: 'field.occupation',
    years: 'field.years', country: 'field.country', informal: 'field.informal' };

  /** Where a FastAPI error location points: a label in the current language, the control, the inline slot. */
  function describeLoc(loc) {
    const parts = (loc || []).filter((p) => p !== 'body');
    if (parts[0] === 'profile') parts.shift();
    if (!parts.length) return { label: t('field.profile'), control: null, slot: null };
    const [head, second, third] = parts;
    if (head === 'languages' || head === 'experience') {
      const idx = Number(second);
      const prefix = head === 'languages' ? 'lang' : 'exp';
      let label = t(head === 'languages' ? 'field.languages' : 'field.experience');
      if (Number.isInteger(idx)) label += ' (' + t('rows.row', { n: idx + 1 }) + ')';
      if (third && ROW_FIELDS[third]) label += ' — ' + t(ROW_FIELDS[third]);
      const sub = third || (head === 'languages' ? 'language' : 'occupation');
      const control = Number.isInteger(idx) ? document.getElementById(prefix + '-' + idx + '-' + sub) : null;
      return { label, control, slot: document.getElementById(head + '-error'), inlineLabel: true };
    }
    if (head === 'preferences') {
      const field = second || 'countries';
      const label = has('field.' + field) ? t('field.' + field) : humanise(field);
      let control = document.getElementById(field);
      if (field === 'countries' || field === 'sectors') {
        control = $('input[name="' + field + '"]:checked') || $('input[name="' + field + '"]');
      }
      return { label, control, slot: document.getElementById(field + '-error') };
    }
    const label = has('field.' + head) ? t('field.' + head) : humanise(head);
    return { label, control: document.getElementById(head), slot: document.getElementById(head + '-error') };
  }

  function clearFieldErrors() {
    $$('#profile-form .field-error').forEach((n) => { n.hidden = true; n.textContent = ''; });
    $$('#profile-form [aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    const box = $('#form-errors');
    box.hidden = true;
    box.replaceChildren();
  }

  function renderFormErrors(focus) {
    clearFieldErrors();
    if (!lastErrors) return;
    const box = $('#form-errors');
    const detail = Array.isArray(lastErrors) ? lastErrors : [{ loc: [], msg: String(lastErrors) }];
    const items = detail.map((d) => {
      const where = describeLoc(d.loc);
      const text = where.label + ': ' + describeMsg(d);
      if (where.slot) {
        const inline = where.inlineLabel ? text : describeMsg(d);  // the label is right above a plain field
        where.slot.textContent = where.slot.textContent ? where.slot.textContent + ' ' + inline : inline;
        where.slot.hidden = false;
      }
      if (where.control) where.control.setAttribute('aria-invalid', 'true');
      const link = where.control
        ? h('a', { href: '#' + where.control.id, 'data-focus': where.control.id }, text)
        : text;
      return h('li', {}, link);
    });
    box.append(h('h3', {}, t('errors.heading')), h('ul', {}, items));
    box.hidden = false;
    if (focus) box.focus();
  }

  function renderLookupError() {
    const slot = $('#worker_ref-error');
    const input = $('#worker_ref');
    if (!lastLookupError) {
      slot.hidden = true;
      slot.textContent = '';
      input.removeAttribute('aria-invalid');
      return;
    }
    slot.textContent = t(lastLookupError.key, lastLookupError.vars);
    slot.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  }

  // ---------- results ----------
  function labelIndex(data) {
    const idx = {};
    (data.matches || []).forEach((m) => {
      const e = m.explanation || {};
      ['matched_skills', 'missing_skills', 'missing_certificates'].forEach((k) => {
        (e[k] || []).forEach((s) => { if (s && s.id) idx[s.id] = s; });
      });
      const occ = (m.listing || {}).occupation;
      if (occ && occ.id) idx[occ.id] = occ;
    });
    return idx;
  }

  function renderReading(r, data) {
    if (!r) return null;
    const labels = labelIndex(data);
    // Items come labelled ({id, label_en, label_id}); bare ids (older servers) fall back to known labels.
    const named = (items) => (items || []).map((x) => (typeof x === 'object' ? pick(x, 'label')
      : (labels[x] ? pick(labels[x], 'label') : humanise(x))));
    const langs = Array.isArray(r.languages)
      ? r.languages.map((x) => pick(x, 'label') + ': ' + rankText(x.lang, x.rank))
      : Object.entries(r.languages || {}).map(([code, rank]) => langName(code) + ': ' + rankText(code, rank));
    const rows = [
      ['reading.skills', named(r.skills)],
      ['reading.occupations', named(r.occupations)],
      ['reading.certificates', named(r.certificates)],
      ['reading.languages', langs],
      ['reading.education', r.education_level ? [has('edu.' + r.education_level) ? t('edu.' + r.education_level) : r.education_level] : []],
      ['reading.countries', (r.preferred_countries || []).map((c) => countryName(c))],
      // years from caring for one's own family or other unpaid work: counted, and said so
      ['reading.informal', Object.entries(r.informal_experience_years || {}).map(([id, years]) => {
        const occ = (r.occupations || []).find((o) => o && o.id === id);
        return (occ ? pick(occ, 'label') : humanise(id)) + ': ' + t('reading.years', { n: fmtNumber(years) });
      })],
      ['reading.sectors', (r.preferred_sectors || []).map((x) => {
        const id = typeof x === 'object' ? x.id : x;
        return has('sector.' + id) ? t('sector.' + id) : (typeof x === 'object' ? pick(x, 'label') : humanise(id));
      })],
    ];
    const dl = h('dl', {});
    rows.forEach(([key, values]) => {
      dl.append(h('dt', {}, t(key)), h('dd', {}, values.length ? values.join(', ') : t('reading.nothing')));
    });
    const out = [h('details', { class: 'reading', 'data-section': 'reading' }, h('summary', {}, h('strong', {}, t('reading.heading'))), dl)];
    if ((r.unknown || []).length) {
      out.push(h('div', { class: 'reading__unknown', 'data-section': 'unknown' },
        h('strong', {}, t('reading.unknown') + ': ', asWritten(r.unknown.join(', '))),
        t('reading.unknown_hint')));
    }
    return out;
  }

  function renderSummary(data, fromLookup) {
    const matches = data.matches || [];
    const box = h('div', { class: 'summary' });
    box.append(h('p', { class: 'summary__count', 'data-count': matches.length },
      matches.length === 1 ? t('results.count_one') : t('results.count', { n: fmtNumber(matches.length, 0) })));
    if (fromLookup && data.worker_ref) box.append(h('p', {}, t('results.for_worker', { ref: data.worker_ref })));
    box.append(h('p', {}, t('results.considered', { n: fmtNumber(data.candidates_considered || 0, 0) })
      + (matches.length ? ' ' + t('results.safe_note') : '')));
    const excluded = Object.entries(data.excluded_by_policy || {}).filter(([, n]) => n > 0);
    if (excluded.length) {
      const head = data.excluded_total ? t('results.excluded_total', { n: fmtNumber(data.excluded_total, 0) })
        : t('results.excluded');
      box.append(h('p', { class: 'summary__excluded' }, head + ' '
        + excluded.map(([k, n]) => (has('excl.' + k) ? t('excl.' + k) : humanise(k)) + ' (' + fmtNumber(n, 0) + ')').join(', ')));
    }
    box.append(...(renderReading(data.profile_reading, data) || []));
    return box;
  }

  function section(key, extraClass, attrs) {
    return h('section', Object.assign({ class: 'card__section' + (extraClass ? ' ' + extraClass : '') }, attrs || {}),
      h('h4', {}, t(key)));
  }

  /** A "why it fits" line: the server's structured reason (code + figures) in this page's words and number
      format, or its own sentence in both languages. */
  function whyText(w) {
    const vars = {};
    if (w.have !== undefined) vars.have = fmtNumber(w.have, 0);
    if (w.need !== undefined) vars.need = fmtNumber(w.need, 0);
    if (w.years !== undefined) vars.years = fmtYears(w.years);
    if (w.informal_years !== undefined) vars.informal = fmtYears(w.informal_years);
    if (w.code && has('why.' + w.code)) return t('why.' + w.code, vars);
    return w[lang] || w.en || w.id || '';
  }

  /** One ranking factor: which way its value lies (in its own words) and which way it moved the job. */
  function factorText(f) {
    const up = f.effect ? f.effect === 'up' : f.contribution > 0;
    const words = pick(f, 'phrase') || pick(f, 'label');
    return (up ? '▲ ' : '▼ ') + words + ' — ' + t(up ? 'factors.up' : 'factors.down');
  }

  function renderWhy(e) {
    const sec = section('why.heading', '', { 'data-section': 'why' });
    const why = e.why || [];
    sec.append(why.length ? h('ul', { class: 'why' }, why.map((w) => h('li', {}, whyText(w)))) : h('p', {}, t('why.none')));
    if ((e.matched_skills || []).length) {
      sec.append(h('p', { class: 'hint' }, t('matched.heading') + ':'),
        h('ul', { class: 'tags' }, e.matched_skills.map((s) => h('li', { class: 'chip' }, pick(s, 'label')))));
    }
    // what moved this job up or down the list most (the ranker's top factors, or the two v0 terms)
    const factors = (e.top_factors || []).filter((f) => f.contribution);
    if (factors.length) {
      sec.append(h('p', { class: 'hint' }, t('factors.heading') + ':'),
        h('ul', { class: 'factors', 'data-factors': '' }, factors.map((f) => h('li', {
          'data-feature': f.feature, 'data-effect': f.effect || (f.contribution > 0 ? 'up' : 'down'),
        }, factorText(f)))));
    }
    return sec;
  }

  function renderPay(p) {
    const sec = section('pay.heading', '', { 'data-section': 'pay' });
    if (!p || p.amount === null || p.amount === undefined) {
      sec.append(h('p', {}, t('pay.unknown')));
      return sec;
    }
    const row = (key, val, cls) => h('div', { class: cls || null }, h('dt', {}, t(key)), h('dd', {}, val));
    const dl = h('dl', { class: 'pay' });
    dl.append(row('pay.offered', fmtMoney(p.amount, p.currency) + ' ' + periodWord(p.period)));
    if (p.period !== 'month' && p.monthly_local !== null && p.monthly_local !== undefined) {
      dl.append(row('pay.monthly_local', fmtMoney(p.monthly_local, p.currency)));
    }
    if (p.monthly_idr !== null && p.monthly_idr !== undefined) dl.append(row('pay.monthly_idr', fmtIDR(p.monthly_idr), 'pay__idr'));
    const fee = Number(p.worker_fee_idr || 0);
    if (fee > 0 && p.net_monthly_idr !== null && p.net_monthly_idr !== undefined) {
      dl.append(row('pay.net', fmtIDR(p.net_monthly_idr), 'pay__net'));
    }
    sec.append(dl);

    const f = p.floor;
    let text;
    let cls;
    if (!f) {
      text = [t('pay.floor_none')];
      cls = 'floor--info';
    } else {
      const vars = { floor: fmtMoney(f.amount, f.currency) + ' ' + periodWord(f.period), source: f.source ? cite(f.source) : '—' };
      const ratio = p.ratio_to_floor;
      if (ratio === null || ratio === undefined) { text = tx('pay.floor_only', vars); cls = 'floor--info'; }
      else if (ratio >= 1.0005) { text = tx('pay.floor_above', vars); cls = 'floor--ok'; }
      else if (ratio >= 0.9995) { text = tx('pay.floor_equal', vars); cls = 'floor--ok'; }
      else { text = tx('pay.floor_below', vars); cls = 'floor--bad'; }
      if (f.uncertain) text.push(' — ' + t('pay.floor_uncertain') + '.');
    }
    sec.append(h('p', { class: 'floor ' + cls, 'data-floor': cls.replace('floor--', '') }, text));
    return sec;
  }

  function safetySources(s, key) {
    const src = s.sources;
    if (src && !Array.isArray(src) && typeof src === 'object') return [].concat(src[key] || []);
    return Array.isArray(src) ? src : [];
  }

  function renderSafety(s) {
    const sec = section('safety.heading', '', { 'data-section': 'safety' });
    s = s || {};
    const badges = h('ul', { class: 'badges' });
    if (s.verdict === 'verified') {
      badges.append(h('li', {}, h('span', { class: 'badge badge--verified', 'data-badge': 'verified' }, icon(true), t('safety.verified'))));
    }
    SAFETY_KEYS.forEach((key) => {
      if (!(key in s)) return;
      const ok = Boolean(s[key]);
      let title = safetySources(s, key).join('; ');
      if (key === 'agency_licensed' && (s.agency_name || s.agency_licence)) {
        title = [s.agency_name, s.agency_licence ? t('safety.licence', { licence: s.agency_licence }) : null]
          .filter(Boolean).join(', ') + (title ? ' — ' + title : '');
      }
      badges.append(h('li', {}, h('span', {
        class: 'badge ' + (ok ? 'badge--ok' : 'badge--bad'), tabindex: 0, 'data-badge': key, 'data-cites': '',
        'data-ok': ok ? 'true' : 'false', title: title ? t('safety.source') + ': ' + title : null,
      }, icon(ok), t('safety.' + key + '.' + (ok ? 'yes' : 'no')))));
    });
    sec.append(badges);
    // The rules behind these checks that apply to this job (the server leaves out other corridors' rules).
    const all = Array.from(new Set(Array.isArray(s.sources) ? s.sources
      : Object.values(s.sources || {}).flat()));
    if (all.length) {
      sec.append(h('details', { class: 'sources' }, h('summary', {}, t('safety.sources')),
        h('ul', { 'data-sources': all.length }, all.map((x) => h('li', {}, cite(x))))));
    }
    return sec;
  }

  const GAP_GROUPS = [['skill', 'gaps.skills'], ['certificate', 'gaps.certificates'], ['language', 'gaps.languages'],
    ['document', 'gaps.documents'], ['experience', 'gaps.experience'], ['eligibility', 'gaps.eligibility']];

  /** How one gap can be closed, in a few words: the course that closes it, the office that issues it, or why
      nothing can. */
  function gapHow(g, tr) {
    if (g.closable === false) return g.why_not ? (g.why_not[lang] || g.why_not.en) : t('gaps.how.none');
    if (g.closed_by === 'course') {
      const taken = (tr.courses || []).find((c) => (g.courses || []).includes(c.course_id));
      return taken ? t('gaps.how.course', { course: pick(taken, 'title') }) : t('gaps.how.some_course');
    }
    const doc = (tr.documents || []).find((d) => d.id === g.id);
    return doc ? t('gaps.how.process', { where: pick(doc, 'authority') }) : t('gaps.how.process_unknown');
  }

  function gapLabel(g) {
    if (g.kind === 'language') {
      return t('gaps.language_item', {
        lang: pick(g, 'label') || langName(g.lang), need: rankText(g.lang, g.required_rank, g.required),
        have: rankText(g.lang, g.current_rank, g.current),
      });
    }
    if (g.kind === 'experience' && g.required_years !== undefined) {
      return pick(g, 'label') + ': ' + t('gaps.experience_item', {
        need: fmtYears(g.required_years), have: fmtYears(g.current_years || 0),
      });
    }
    return pick(g, 'label') || g.id;
  }

  /** Every gap the API returns for this job, grouped: skills, certificates, language, documents (the BNSP
      competency certificate, passport, medical check, BPJS), experience and eligibility. */
  function renderGaps(e) {
    const sec = section('gaps.heading', '', { 'data-section': 'gaps' });
    const tr = e.training;
    const groups = [];
    if (tr && Array.isArray(tr.gaps)) {
      GAP_GROUPS.forEach(([kind, key]) => {
        const mine = tr.gaps.filter((g) => g.kind === kind);
        if (!mine.length) return;
        groups.push(h('li', { 'data-gap-kind': kind }, h('strong', {}, t(key)),
          h('ul', { class: 'gaps__items' }, mine.map((g) => h('li', { 'data-gap': g.id },
            gapLabel(g), h('span', { class: 'gaps__how' }, gapHow(g, tr)))))));
      });
    } else {  // an older server without training paths: what the explanation lists
      const list = (key, arr) => {
        if ((arr || []).length) groups.push(h('li', {}, h('strong', {}, t(key) + ': '), arr.map((x) => pick(x, 'label') || x.id).join(', ')));
      };
      list('gaps.skills', e.missing_skills);
      list('gaps.certificates', e.missing_certificates);
      (e.missing_languages || []).forEach((g) => {
        groups.push(h('li', {}, h('strong', {}, t('gaps.languages') + ': '), t('gaps.language_item', {
          lang: langName(g.lang, g), need: rankText(g.lang, g.required_rank, g.required_level),
          have: rankText(g.lang, g.worker_rank, g.worker_level),
        })));
      });
    }
    if (groups.length) sec.append(h('ul', { class: 'gaps', 'data-gaps': tr && tr.gaps ? tr.gaps.length : groups.length }, groups));
    else sec.append(h('p', { class: 'gaps__none', 'data-gaps': 0 }, t('gaps.none')));
    if ((e.unrecognised_requirements || []).length) {
      sec.append(h('p', { class: 'hint' }, t('gaps.unrecognised') + ': ', asWritten(e.unrecognised_requirements.join(', '))));
    }
    return sec;
  }

  function courseLine(c) {
    return h('li', {}, h('strong', {}, pick(c, 'title') || c.course_id || ''), ' — ',
      t('training.course', { weeks: fmtWeeks(c.weeks), cost: catalogueCost(c.cost_idr) }));
  }

  function catalogueCost(x) { return Number(x || 0) > 0 ? fmtIDR(x) : t('training.free'); }

  /** The Taiwan exception to the zero-cost rule, as visible text (a tooltip cannot be read on a phone). */
  function taiwanWarning(tr, country) {
    const rule = tr && tr.cost_rule;
    if (!rule || !(rule.warning || country === 'TW')) return null;
    const source = rule.warning && rule.warning.source;
    return h('p', { class: 'warning', role: 'note', 'data-warning': 'taiwan-fee' }, icon('warn'),
      h('span', {}, t('cost.taiwan_warning'), source ? [' (' + t('safety.source') + ': ', cite(source), ')'] : null));
  }

  /** Training path: shown only when the API sends explanation.training. */
  function renderTraining(e, country) {
    const tr = e.training;
    const sec = section('training.heading', 'card__section--wide training', { 'data-section': 'training', hidden: !tr });
    if (!tr) return sec;
    const courses = tr.courses || [];
    if (courses.length) {
      sec.append(h('ul', {}, courses.map(courseLine)));
      sec.append(h('p', { class: 'training__total' }, t('training.total', {
        weeks: fmtWeeks(tr.total_weeks), cost: catalogueCost(tr.total_cost_idr),
      })));
      const cheap = tr.cheapest;  // shown when it really costs less than the fastest path
      if (cheap && (cheap.courses || []).length && Number(cheap.total_cost_idr || 0) < Number(tr.total_cost_idr || 0)) {
        const saves = Number(tr.total_cost_idr || 0) - Number(cheap.total_cost_idr || 0);
        const longer = Number(cheap.total_weeks || 0) - Number(tr.total_weeks || 0);
        sec.append(h('div', { class: 'training__cheaper', 'data-path': 'cheapest' },
          h('p', {}, h('strong', {}, t('training.cheaper')), ' ', t('training.cheaper_detail', {
            weeks: fmtWeeks(cheap.total_weeks), cost: catalogueCost(cheap.total_cost_idr),
            saves: fmtIDR(saves), longer: fmtWeeks(longer),
          })),
          h('ul', {}, cheap.courses.map(courseLine))));
      }
    }
    const blocked = (tr.gaps || []).filter((g) => g.closable === false);
    if (tr.ready) sec.append(h('p', { 'data-ready': 'now' }, t('training.ready')));
    else if (blocked.length) {
      sec.append(h('p', { 'data-ready': 'blocked' }, t('training.blocked', {
        what: blocked.map((g) => pick(g, 'label') + (g.why_not ? ' (' + (g.why_not[lang] || g.why_not.en) + ')' : '')).join('; '),
      })));
    } else if (tr.ready_in_weeks !== undefined && tr.ready_in_weeks !== null) {
      sec.append(h('p', { 'data-ready': 'weeks' }, t('training.ready_in', { weeks: fmtWeeks(tr.ready_in_weeks) })));
    } else if (tr.ready !== undefined) sec.append(h('p', {}, t('training.not_ready')));
    return sec;
  }

  /** What this job costs the worker: ONE "you pay" figure (placement fee + training + documents), then each part
      with its catalogue price and who pays it. */
  function renderCost(e, country) {
    const tr = e.training;
    const pay = e.pay || {};
    const sec = section('cost.heading', 'card__section--wide cost', { 'data-section': 'cost' });
    const free = tr && tr.paid_by === 'employer_or_government';
    const parts = [];
    let total = 0;
    const unknown = [];
    const fee = Number(pay.worker_fee_idr || 0);
    total += fee;
    parts.push(h('li', { 'data-cost': 'placement_fee' }, h('span', {}, t('cost.placement_fee')),
      h('span', {}, fee > 0 ? fmtIDR(fee) : t('cost.none'))));
    if (tr && (tr.courses || []).length) {
      const mine = Number(tr.worker_cost_idr || 0);
      total += mine;
      parts.push(h('li', { 'data-cost': 'training' }, h('span', {}, t('cost.training', {
        price: catalogueCost(tr.total_cost_idr),
      })), h('span', {}, free ? t('cost.paid_by_employer') : (mine > 0 ? fmtIDR(mine) : t('cost.none')))));
    }
    const zeroCost = Boolean(tr && tr.cost_rule);  // a zero-cost job: what she does not pay, someone else does
    (tr ? tr.documents || [] : []).forEach((d) => {
      const known = d.worker_cost_idr !== null && d.worker_cost_idr !== undefined;
      if (known) total += Number(d.worker_cost_idr);
      else unknown.push(pick(d, 'label'));
      let who;
      if (!known) who = t('cost.unknown');
      else if (Number(d.worker_cost_idr) === 0 && (zeroCost || Number(d.cost_idr || 0) > 0)) who = t('cost.paid_by_employer');
      else who = Number(d.worker_cost_idr) > 0 ? fmtIDR(d.worker_cost_idr) : t('cost.none');
      const price = d.cost_idr !== null && d.cost_idr !== undefined && Number(d.cost_idr) > 0
        ? ' (' + t('cost.price', { price: fmtIDR(d.cost_idr) }) + ')' : '';
      parts.push(h('li', { 'data-cost': d.id }, h('span', {}, pick(d, 'label') + price), h('span', {}, who)));
    });
    sec.append(h('p', { class: 'cost__total', 'data-you-pay': total }, h('span', {}, t('cost.you_pay')),
      h('strong', {}, fmtIDR(total))));
    if (unknown.length) sec.append(h('p', { class: 'hint' }, t('cost.plus_unknown', { what: unknown.join(', ') })));
    sec.append(h('ul', { class: 'cost__parts' }, parts));
    if (free) sec.append(h('p', { class: 'cost__rule', 'data-paid-by': tr.paid_by }, t('training.you_pay_nothing')));
    const warning = taiwanWarning(tr, country);
    if (warning) sec.append(warning);
    return sec;
  }

  /** Text as an agency or the worker wrote it (a job title, a name, a city): shown verbatim, in whatever language
      it was written, and marked so (data-as-written, translate="no"). */
  function asWritten(text) { return h('span', { 'data-as-written': '', translate: 'no' }, text); }

  function renderCard(m) {
    const L = m.listing || {};
    const E = m.explanation || {};
    const titleId = 'card-title-' + m.listing_id;
    const card = h('li', { class: 'card', 'data-listing-id': m.listing_id, 'data-country': L.country });
    const article = h('article', { 'aria-labelledby': titleId });
    article.append(h('div', { class: 'card__top' }, h('span', { class: 'card__rank' }, t('card.rank', { n: m.rank }))));
    article.append(h('h3', { class: 'card__title', id: titleId }, L.title ? asWritten(L.title) : pick(L.occupation, 'label')));
    if (L.occupation) article.append(h('p', { class: 'card__occupation' }, pick(L.occupation, 'label')));
    const place = [countryName(L.country, L), L.city ? ', ' : null, L.city ? asWritten(L.city) : null];
    const employer = L.employer_type === 'household' ? t('card.household') : (L.employer_type === 'company' ? t('card.company') : null);
    article.append(h('ul', { class: 'card__meta' },
      h('li', { class: 'chip chip--place' }, place),
      employer ? h('li', { class: 'chip', 'data-employer-type': L.employer_type }, employer) : null,
      L.contract_months ? h('li', { class: 'chip' }, t('card.contract', { n: fmtNumber(L.contract_months, 0) })) : null));
    const facts = [];
    if (L.employer_name) facts.push(h('span', { 'data-fact': 'employer' }, t('card.employer') + ': ', asWritten(L.employer_name)));
    if (L.agency_name) facts.push(h('span', {}, t('card.agency') + ': ', asWritten(L.agency_name)));
    if (L.expires_at) facts.push(h('span', {}, t('card.expires', { date: fmtDate(L.expires_at) })));
    if (L.listing_ref) facts.push(h('span', {}, t('card.ref') + ': ', asWritten(L.listing_ref)));
    if (facts.length) article.append(h('p', { class: 'card__facts' }, facts));
    article.append(h('div', { class: 'card__body' },
      renderWhy(E), renderPay(E.pay), renderSafety(E.safety), renderGaps(E), renderTraining(E, L.country),
      renderCost(E, L.country), window.LayakContract.cardSection(m)));
    card.append(article);
    return card;
  }

  /** Jobs outside the countries the worker chose: only in their own, labelled part, with the reason. */
  function renderAlsoConsider(data) {
    const also = data.also_consider;
    if (!also || !(also.matches || []).length) return null;
    const reason = also.code && has('also.' + also.code)
      ? t('also.' + also.code, { n: fmtNumber(also.in_preferred || 0, 0), countries: (also.countries || []).map((c) => countryName(c)).join(', ') })
      : pick(also, 'reason');
    return h('section', { class: 'also-consider', 'data-section': 'also-consider', 'aria-labelledby': 'also-heading' },
      h('h3', { id: 'also-heading' }, t('also.heading')),
      h('p', { class: 'also-consider__reason' }, reason),
      h('ol', { class: 'cards', 'aria-label': t('also.heading') }, also.matches.map(renderCard)));
  }

  function renderResults() {
    const body = $('#results-body');
    body.replaceChildren();
    if (lastStatus) body.append(h('p', { class: 'notice', role: 'alert' }, statusText(lastStatus)));
    if (!lastResult) {
      if (!lastStatus) body.append(h('p', { class: 'results__placeholder' }, t('results.placeholder')));
      return;
    }
    const data = lastResult.data;
    body.append(renderSummary(data, lastResult.fromLookup));
    const matches = data.matches || [];
    if (!matches.length) body.append(h('p', { class: 'notice' }, t('results.none')));
    else body.append(h('ol', { class: 'cards', 'aria-label': t('results.heading') }, matches.map(renderCard)));
    const also = renderAlsoConsider(data);
    if (also) body.append(also);
  }

  /** A failed request in words: the page's own sentence, with the server's reason when it gave one. */
  function statusText(st) {
    const base = t(st.key, st.vars);
    const reason = st.data ? L.serverReason(st.data) : '';
    return reason ? base + ' ' + t('errors.server_reason', { reason }) : base;
  }

  function renderAll() {
    renderResults();
    renderFormErrors(false);
    renderLookupError();
  }

  // ---------- requests ----------
  function setBusy(button, busy) {
    const results = $('#results');
    results.setAttribute('aria-busy', busy ? 'true' : 'false');
    $$('#profile-submit, #lookup-submit').forEach((b) => { b.disabled = busy; });
    if (busy) {
      button.setAttribute('data-i18n', 'submit.busy');
      button.textContent = t('submit.busy');
      $('#results-body').replaceChildren(h('div', { class: 'loading', 'data-loading': 'true' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t('results.loading'))));
    } else {
      const key = button.id === 'lookup-submit' ? 'lookup.submit' : 'submit';
      button.setAttribute('data-i18n', key);
      button.textContent = t(key);
    }
  }

  async function run(request, button, opts) {
    const seq = ++requestSeq;
    setBusy(button, true);
    let response = null;
    let data = null;
    try {
      response = await request();
      data = await response.json().catch(() => null);
    } catch (e) {
      response = null;
    }
    if (seq !== requestSeq) return;  // a newer request is on its way
    setBusy(button, false);
    lastStatus = null;
    if (response && response.ok && data) {
      window.LayakContract.resetCards();
      lastResult = { data, fromLookup: Boolean(opts.lookup) };
      renderResults();
      $('#results-heading').focus({ preventScroll: false });
      return;
    }
    lastResult = null;  // never leave an earlier answer (maybe another worker's) under this request's error
    if (!response) lastStatus = { key: 'errors.network' };
    else if (response.status === 422 && !opts.lookup) {
      lastErrors = (data && data.detail) || [];
      renderResults();
      renderFormErrors(true);
      return;
    } else if (response.status === 404 && opts.lookup) {
      lastLookupError = { key: 'lookup.not_found', vars: { ref: opts.ref } };
      renderResults();
      renderLookupError();
      $('#worker_ref').focus();
      return;
    } else if (response.status === 503) lastStatus = { key: 'errors.not_ready' };
    else if (response.status === 401) lastStatus = { key: 'errors.auth', vars: { code: response.status }, data };
    else if (response.status === 403) lastStatus = { key: 'errors.forbidden', vars: { code: response.status }, data };
    else if (response.status === 422 && opts.lookup) {
      lastLookupError = { key: 'lookup.not_found', vars: { ref: opts.ref } };
      renderLookupError();
    } else lastStatus = { key: 'errors.server', vars: { code: response.status }, data };
    renderResults();
    $('#results-heading').focus();
  }

  function onSubmitProfile(ev) {
    ev.preventDefault();
    lastErrors = null;
    lastLookupError = null;
    renderFormErrors(false);
    renderLookupError();
    const body = JSON.stringify({ profile: collectProfile(), k: K });
    run(() => window.layakFetch('/api/v1/recommendations', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
    }), $('#profile-submit'), {});
  }

  function onSubmitLookup(ev) {
    ev.preventDefault();
    lastLookupError = null;
    renderLookupError();
    const ref = $('#worker_ref').value.trim();
    if (!ref) {
      lastLookupError = { key: 'lookup.empty' };
      renderLookupError();
      $('#worker_ref').focus();
      return;
    }
    lastErrors = null;
    renderFormErrors(false);
    run(() => window.layakFetch('/api/v1/workers/' + encodeURIComponent(ref) + '/recommendations?k=' + K),
      $('#lookup-submit'), { lookup: true, ref });
  }

  // ---------- wiring ----------
  function init() {
    $('#profile-form').addEventListener('submit', onSubmitProfile);
    $('#lookup-form').addEventListener('submit', onSubmitLookup);
    document.addEventListener('click', (ev) => {
      const add = ev.target.closest('[data-add-row]');
      if (add) { addRow(add.getAttribute('data-add-row')); return; }
      const remove = ev.target.closest('[data-remove-row]');
      if (remove) { removeRow(remove); return; }
      const jump = ev.target.closest('a[data-focus]');
      if (jump) {
        ev.preventDefault();
        const target = document.getElementById(jump.getAttribute('data-focus'));
        if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
      }
    });
    renumber($('#language-rows'), 'lang');
    renumber($('#experience-rows'), 'exp');
    L.onLanguageChange((next) => { lang = next; renderAll(); });
    L.start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
