// Body of a Selenium execute_script: what does not fit on the page at its current width (tests/api/page_checks.py).
// Returns a list of sentences; an empty list means every select holds its longest choice, every placeholder and
// button its text, and no word is wider than the box it is in.
const problems = [];
const ctx = document.createElement('canvas').getContext('2d');
const fontOf = (el) => { const s = getComputedStyle(el); return `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`; };
const textWidth = (el, text) => { ctx.font = fontOf(el); return ctx.measureText(text).width; };
const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
const srOnly = (el) => { for (; el && el !== document.body; el = el.parentElement) {
  if (el.getBoundingClientRect().width <= 1) return true; } return false; };
const px = (v) => parseFloat(v) || 0;
const contentWidth = (el) => { const s = getComputedStyle(el); return el.clientWidth - px(s.paddingLeft) - px(s.paddingRight); };
const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const ARROW = 20;  // the drop-down arrow of a select takes this much of its content box in Chromium
document.querySelectorAll('select').forEach((el) => {
  if (!visible(el)) return;
  const s = getComputedStyle(el);
  const room = el.clientWidth - px(s.paddingLeft) - px(s.paddingRight) - ARROW;
  Array.from(el.options).forEach((o) => {
    const w = textWidth(el, o.text);
    if (w > room + 1) problems.push(`${name(el)}: the choice "${o.text}" needs ${w.toFixed(0)} px, the select shows ${room.toFixed(0)} px`);
  });
});
document.querySelectorAll('input, textarea').forEach((el) => {
  if (!visible(el) || ['checkbox', 'radio', 'file', 'hidden'].includes(el.type)) return;
  const text = el.getAttribute('placeholder');
  const room = contentWidth(el);
  if (text && el.tagName === 'TEXTAREA') {
    // a textarea's placeholder wraps at word boundaries: it is cut off only if it needs more lines than are shown
    const s = getComputedStyle(el);
    const lineHeight = px(s.lineHeight) || px(s.fontSize) * 1.2;
    const shown = Math.max(1, Math.floor((el.clientHeight - px(s.paddingTop) - px(s.paddingBottom) + 1) / lineHeight));
    let lines = 1; let line = '';
    text.split(/\s+/).forEach((word) => {
      const next = line ? line + ' ' + word : word;
      if (line && textWidth(el, next) > room + 1) { lines += 1; line = word; } else line = next;
    });
    if (lines > shown) problems.push(`${name(el)}: its placeholder "${text}" needs ${lines} lines, it shows ${shown}`);
  } else if (text && textWidth(el, text) > room + 1) {
    problems.push(`${name(el)}: its placeholder "${text}" is cut off (${room.toFixed(0)} px)`);
  }
  if (['number', 'date', 'password', 'text', ''].includes(el.type) && room < 48) problems.push(`${name(el)} is only ${room.toFixed(0)} px wide`);
});
document.querySelectorAll('button, a.button, .lang-switch').forEach((el) => {
  if (visible(el) && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} "${el.textContent.trim().slice(0, 30)}" overflows its box`);
});
const blockOf = (el) => { for (; el && el !== document.body; el = el.parentElement) {
  const d = getComputedStyle(el).display; if (!d.startsWith('inline') || d !== 'inline') return el; } return document.body; };
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const parent = n.parentElement;
  if (!parent || ['SCRIPT', 'STYLE', 'OPTION', 'TEMPLATE', 'TEXTAREA'].includes(parent.tagName) || !visible(parent) || srOnly(parent)) continue;
  const words = n.textContent.split(/\s+|(?<=\/)/).filter(Boolean);
  if (!words.length) continue;
  const box = blockOf(parent);
  const room = contentWidth(box);
  let widest = '', most = 0;
  words.forEach((w) => { const x = textWidth(parent, w); if (x > most) { most = x; widest = w; } });
  const key = name(box) + widest;
  if (most > room + 1 && !seen.has(key)) {
    seen.add(key);
    problems.push(`${name(box)} is ${room.toFixed(0)} px wide but the word "${widest}" needs ${most.toFixed(0)} px`);
  }
}
return problems;
