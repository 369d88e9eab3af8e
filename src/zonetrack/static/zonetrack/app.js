/* zonetrack on every page: sizes that come from data, set through the CSS object model.
 *
 * The Content-Security-Policy allows no style="…" attribute, so markup carries the value in a
 * data attribute and this script applies it (also in content swapped in by htmx):
 *   data-zt-width="42"  → width: 42%   (progress bars)
 *   data-zt-depth="3"   → --zt-depth: 3 (indentation of a tree, see app.css .zt-indent)
 * Plain ES2017, no build step; nothing is made global.
 */
(function () {
  'use strict';

  function number(value, max) {
    const n = Number(value);
    return Number.isFinite(n) ? Math.max(0, Math.min(n, max)) : 0;
  }

  function apply(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const nodes = Array.from(scope.querySelectorAll('[data-zt-width], [data-zt-depth]'));
    if (scope.matches && scope.matches('[data-zt-width], [data-zt-depth]')) nodes.push(scope);
    nodes.forEach((el) => {
      if (el.dataset.ztWidth !== undefined) el.style.width = number(el.dataset.ztWidth, 100) + '%';
      if (el.dataset.ztDepth !== undefined) {
        el.style.setProperty('--zt-depth', String(number(el.dataset.ztDepth, 50)));
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => apply(document));
  } else {
    apply(document);
  }
  document.addEventListener('htmx:load', (event) => apply(event.detail && event.detail.elt));
})();
