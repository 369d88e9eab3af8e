/* A project's page: its workflow forms are fetched when their fold opens, and the stage form
 * shows a date input only for the stages a forward move skips.
 *
 * A fold [data-zt-lazy="url"] is empty in the page; when it opens (Bootstrap's toggle, a link
 * to its section, app.js unfolding it) the form is asked of its url through htmx, which sends
 * HX-Request and gets the form alone; htmx:load then lets the other scripts (photos.js, app.js)
 * set it up. Without script the toggles are links to each form's own page. A form shown again
 * with its errors is in the page already. The stage form reads the stage order from its
 * data-order ("pursued packaged …") and the current stage from data-current.
 * Plain ES2017, no build step; nothing is made global.
 */
(function () {
  'use strict';

  function load(fold) {
    if (fold.dataset.ztLoaded || !window.htmx) return;
    fold.dataset.ztLoaded = '1';
    fold.setAttribute('aria-busy', 'true');
    window.htmx
      .ajax('GET', fold.dataset.ztLazy, { target: fold, swap: 'innerHTML' })
      .then(
        () => fold.setAttribute('aria-busy', 'false'),
        () => {
          // Asked again at the next opening.
          delete fold.dataset.ztLoaded;
          fold.setAttribute('aria-busy', 'false');
        },
      );
  }

  function opened(fold) {
    return fold.classList.contains('show') || fold.classList.contains('collapsing');
  }

  function watch(fold) {
    if (opened(fold)) load(fold);
    new MutationObserver(() => {
      if (opened(fold)) load(fold);
    }).observe(fold, { attributes: true, attributeFilter: ['class'] });
  }

  function setUpStageForm(form) {
    if (form.dataset.ztReady) return;
    form.dataset.ztReady = '1';
    const order = (form.dataset.order || '').split(' ');
    const select = form.querySelector('[name="stage"]');
    const skipped = form.querySelector('#skipped-dates');
    if (!select || !skipped) return;
    const current = order.indexOf(form.dataset.current);
    function update() {
      const target = order.indexOf(select.value);
      let shown = 0;
      form.querySelectorAll('[data-skipped]').forEach((el) => {
        const at = order.indexOf(el.dataset.skipped);
        const show = current >= 0 && target > current + 1 && at > current && at < target;
        el.hidden = !show && !el.querySelector('.has-error');
        if (!el.hidden) shown += 1;
      });
      skipped.hidden = shown === 0 && !skipped.classList.contains('has-error');
    }
    select.addEventListener('change', update);
    update();
  }

  function setUp(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll('[data-zt-lazy]').forEach((fold) => {
      if (!fold.dataset.ztWatched) {
        fold.dataset.ztWatched = '1';
        watch(fold);
      }
    });
    const forms = Array.from(scope.querySelectorAll('#transition-form'));
    if (scope.matches && scope.matches('#transition-form')) forms.push(scope);
    forms.forEach(setUpStageForm);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => setUp(document));
  } else {
    setUp(document);
  }
  document.addEventListener('htmx:load', (event) => setUp(event.detail && event.detail.elt));
})();
