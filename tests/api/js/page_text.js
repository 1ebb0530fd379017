// Body of a Selenium execute_script: the texts of the page a person reads (tests/api/page_checks.py): visible text,
// every <details> opened, and the attributes a screen reader or a hover shows. Text quoted as written
// ([data-as-written]: a job title, a name, a cited law) and the tooltips that cite sources ([data-cites]) are left out.
document.querySelectorAll('details').forEach((d) => { d.open = true; });
const out = [];
const quoted = (el) => el.closest('[data-as-written], code');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!el || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(el.tagName) || quoted(el)) continue;
  if (el.tagName !== 'OPTION' && (!el.getClientRects().length || el.closest('[hidden]'))) continue;
  if (n.textContent.trim()) out.push(n.textContent.trim());
}
document.querySelectorAll('[title], [aria-label], [placeholder], [alt], optgroup[label]').forEach((el) => {
  if (quoted(el)) return;
  ['title', 'aria-label', 'placeholder', 'alt', 'label'].forEach((a) => {
    if (a === 'title' && el.hasAttribute('data-cites')) return;  // a badge's tooltip cites its sources as published
    const v = el.getAttribute(a); if (v) out.push(v);
  });
});
out.push(document.title);
return out;
