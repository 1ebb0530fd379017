/* Layak worker page: "Tell us in your own words". The worker writes her story; the API reads it
   (POST /api/v1/story) and each reading comes back as a ticked line she can untick. "Put these in the form"
   fills the profile form with the ticked readings, where she can still correct anything before asking for jobs.
   Text from the API is always inserted as text (never as HTML). Shared helpers: common.js, layakFetch: api.js. */
(function () {
  'use strict';

  const L = window.Layak;
  const { $, $$, t, has, pick, h, fmtNumber, describeMsg } = L;
  const SIMPLE = { 1: 'basic', 2: 'basic', 3: 'intermediate', 4: 'intermediate', 5: 'fluent', 6: 'native' };
  let last = null;  // the last story reading, re-rendered when the language changes

  function fieldLabel(field) { return t('story.field.' + field); }

  /** One reading in words, in the page's language. */
  function describe(r) {
    const v = r.value;
    if (r.field === 'education_level') return has('edu.' + v) ? t('edu.' + v) : pick(r, 'label');
    if (r.field === 'preferred_country') return has('country.' + v) ? t('country.' + v) : pick(r, 'label');
    if (r.field === 'language') {
      const name = has('langname.' + v.code) ? t('langname.' + v.code) : pick(r, 'label');
      return name + ' — ' + (has('level.' + v.level) ? t('level.' + v.level) : v.level);
    }
    if (r.field === 'experience') {
      return t('story.experience_item', { job: pick(r, 'label'), years: fmtNumber(v.years) })
        + (v.country ? ' (' + (has('country.' + v.country) ? t('country.' + v.country) : v.country) + ')' : '');
    }
    return pick(r, 'label');
  }

  function render() {
    const box = $('#story-readings');
    box.replaceChildren();
    if (!last) { box.hidden = true; return; }
    const items = last.readings.map((r, i) => {
      const id = 'story-reading-' + i;
      const label = h('label', { for: id }, h('strong', {}, fieldLabel(r.field) + ': '), describe(r));
      if (r.informal) label.append(' ', h('span', { class: 'chip chip--informal', 'data-informal': '' }, t('story.informal')));
      label.append(' ', h('span', { class: 'hint' }, '“' + r.text + '”'));
      return h('li', { class: 'story__reading', 'data-reading': r.field },
        h('input', { type: 'checkbox', id, checked: true, 'data-index': i }), label);
    });
    box.append(h('h3', { id: 'story-readings-heading', tabindex: -1 }, t('story.readings_heading')),
      h('p', { class: 'hint' }, t(items.length ? 'story.readings_hint' : 'story.nothing')));
    if (items.length) box.append(h('ul', { class: 'story__list' }, items));
    if ((last.unknown || []).length) {
      box.append(h('p', { class: 'reading__unknown', 'data-section': 'story-unknown' },
        t('story.unknown') + ': ' + last.unknown.join('; ')));
    }
    if (items.length) {
      box.append(h('button', { type: 'button', class: 'button button--secondary', id: 'story-apply' }, t('story.apply')));
    }
    box.hidden = false;
  }

  function showError(text) {
    const slot = $('#story-error');
    slot.textContent = text || '';
    slot.hidden = !text;
    if (text) $('#story').setAttribute('aria-invalid', 'true');
    else $('#story').removeAttribute('aria-invalid');
  }

  async function onSubmit(ev) {
    ev.preventDefault();
    const text = $('#story').value.trim();
    if (!text) { showError(t('story.empty')); return; }
    showError('');
    const button = $('#story-submit');
    button.disabled = true;
    try {
      const res = await window.layakFetch('/api/v1/story', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }),
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        const detail = Array.isArray(data.detail) ? data.detail.map(describeMsg).join(' ') : (data.detail || res.status);
        showError(t('story.failed', { detail: String(detail) }));
        return;
      }
      last = data;
      render();
      $('#story-readings-heading').focus();
    } catch (e) {
      showError(t('story.failed', { detail: String(e.message || e) }));
    } finally {
      button.disabled = false;
    }
  }

  // ---------- filling the profile form ----------
  function appendToList(id, value) {
    const el = document.getElementById(id);
    const items = el.value.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
    if (!items.some((x) => x.toLowerCase() === value.toLowerCase())) items.push(value);
    el.value = items.join(', ');
  }

  function freeRow(kind, key) {
    const container = $(kind === 'language' ? '#language-rows' : '#experience-rows');
    const empty = $$('[data-row]', container).find((row) => !row.querySelector('[data-field="' + key + '"]').value);
    if (empty) return empty;
    const add = $('[data-add-row="' + kind + '"]');
    if (!add || add.hidden) return null;
    add.click();
    const rows = $$('[data-row]', container);
    return rows[rows.length - 1];
  }

  function setSelect(select, value) {
    if (!select || !Array.from(select.options).some((o) => o.value === value)) return false;
    select.value = value;
    return true;
  }

  /** Put one ticked reading in the form. A job named without years ("occupation") needs no row: it is read
      again from the summary, which receives the story. */
  function apply(r) {
    const v = r.value;
    if (r.field === 'education_level') setSelect($('#education_level'), v);
    else if (r.field === 'skill') appendToList('skills', pick(r, 'label'));
    else if (r.field === 'certificate') appendToList('certificates', pick(r, 'label'));
    else if (r.field === 'preferred_country') {
      const box = document.getElementById('country-' + v);
      if (box) box.checked = true;
    } else if (r.field === 'language') {
      const row = freeRow('language', 'language');
      if (!row) return;
      setSelect(row.querySelector('[data-field="language"]'), v.code);
      const level = row.querySelector('[data-field="level"]');
      if (!setSelect(level, v.level)) setSelect(level, SIMPLE[v.rank] || 'basic');
    } else if (r.field === 'experience') {
      const row = freeRow('experience', 'occupation');
      if (!row) return;
      row.querySelector('[data-field="occupation"]').value = pick(r, 'label');
      row.querySelector('[data-field="years"]').value = String(v.years);
      if (v.country) setSelect(row.querySelector('[data-field="country"]'), v.country);
      const informal = row.querySelector('[data-field="informal"]');
      if (informal) informal.checked = Boolean(v.informal);
    }
  }

  function onApply() {
    if (!last) return;
    $$('#story-readings input[type="checkbox"]').forEach((box) => {
      if (box.checked) apply(last.readings[Number(box.getAttribute('data-index'))]);
    });
    if (!$('#summary').value.trim()) $('#summary').value = last.text;
    const status = $('#story-applied');
    status.textContent = t('story.applied');
    status.hidden = false;
    $('#form-heading').setAttribute('tabindex', '-1');
    $('#form-heading').focus();
  }

  function init() {
    if (!$('#story-form')) return;
    $('#story-form').addEventListener('submit', onSubmit);
    document.addEventListener('click', (ev) => {
      if (ev.target && ev.target.id === 'story-apply') onApply();
    });
    L.onLanguageChange(() => render());
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
