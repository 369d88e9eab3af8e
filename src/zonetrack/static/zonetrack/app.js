/* zonetrack on every page: sizes that come from data, set through the CSS object model.
 *
 * The Content-Security-Policy allows no style="…" attribute, so markup carries the value in a
 * data attribute and this script applies it (also in content swapped in by htmx):
 *   data-zt-width="42"  → width: 42%   (progress bars)
 *   data-zt-depth="3"   → --zt-depth: 3 (indentation of a tree, see app.css .zt-indent)
 * It also carries the page behaviour that inline scripts would (the CSP forbids them):
 *   data-confirm="…" on a form or its submit button asks before the form is sent;
 *   a page shown again with errors opens, scrolls to and focuses the first field in error;
 *   a link to a section (#reports) opens the folded form inside it;
 *   a [data-zt-more="id"] button shows the page's actions folded on a phone (app.css).
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

  // Open a folded (.collapse) block and tell its toggles it is open.
  function unfold(block) {
    if (!block.classList.contains('show')) block.classList.add('show');
    document.querySelectorAll('[data-bs-target="#' + block.id + '"]').forEach((toggle) => {
      toggle.setAttribute('aria-expanded', 'true');
      toggle.classList.remove('collapsed');
    });
  }

  function reveal(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (node.classList.contains('collapse') && node.id !== 'navbar-menu') unfold(node);
      if (node.tagName === 'DETAILS') node.open = true;
    }
  }

  function firstError() {
    const field = document.querySelector('[aria-invalid="true"], .zt-field.has-error');
    if (!field) return;
    reveal(field);
    const input = field.matches('input, select, textarea')
      ? field
      : field.querySelector('input, select, textarea');
    field.scrollIntoView({ block: 'center' });
    if (input) input.focus({ preventScroll: true });
  }

  function openTarget() {
    if (!window.location.hash || window.location.hash.length < 2) return;
    let target = null;
    try {
      target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    } catch (error) {
      return;
    }
    if (!target) return;
    const folded = target.classList.contains('collapse') ? target : target.querySelector('.collapse');
    if (folded) {
      unfold(folded);
      target.scrollIntoView({ block: 'start' });
    }
  }

  // Asked once per submit, in the capture phase so htmx and other handlers see no refused send.
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      const button = event.submitter;
      const question =
        (button && button.dataset && button.dataset.confirm) || (form.dataset && form.dataset.confirm);
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  // The page's actions on a phone: the first two are buttons, "more" unfolds the rest.
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-zt-more]');
    if (!button) return;
    const menu = document.getElementById(button.dataset.ztMore);
    if (!menu) return;
    const open = menu.classList.toggle('zt-open');
    button.setAttribute('aria-expanded', String(open));
  });

  function ready() {
    apply(document);
    openTarget();
    firstError();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('htmx:load', (event) => apply(event.detail && event.detail.elt));
})();

/* ---- Project choosers: projects/widgets/project_picker.html ----
 * The select of projects works without script; here its search box appears, and what is typed
 * (after a short pause) asks the search endpoint for projects by name or code. The answers
 * replace the choices not chosen yet (chosen ones stay, so a multiple choice keeps building);
 * a single choice opens as a list to pick from. Enter in the box never sends the form.
 */
(function () {
  'use strict';

  function setUp(picker) {
    if (picker.dataset.ztReady) return;
    const box = picker.querySelector('.zt-project-search');
    const select = picker.querySelector('select');
    if (!box || !select) return;
    picker.dataset.ztReady = '1';
    box.hidden = false;
    let timer = null;
    let asked = 0;

    async function search() {
      const text = box.value.trim();
      const ticket = ++asked;
      if (!text) return;
      let answer;
      try {
        const url = picker.dataset.ztProjectSearch + '?q=' + encodeURIComponent(text);
        const response = await fetch(url, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        if (!response.ok) return;
        answer = await response.json();
      } catch (error) {
        return;
      }
      if (ticket !== asked) return; // a later search has been sent meanwhile
      Array.from(select.options).forEach((option) => {
        if (!option.selected && option.value !== '') option.remove();
      });
      const present = new Set(Array.from(select.options).map((option) => option.value));
      answer.results.forEach((project) => {
        if (!present.has(String(project.id))) select.add(new Option(project.label, project.id));
      });
      if (!select.multiple) select.size = Math.min(Math.max(select.options.length, 2), 8);
    }

    box.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        window.clearTimeout(timer);
        search();
      }
    });
  }

  function setUpAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll('[data-zt-project-search]').forEach(setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => setUpAll(document));
  } else {
    setUpAll(document);
  }
  document.addEventListener('htmx:load', (event) => setUpAll(event.detail && event.detail.elt));
})();
