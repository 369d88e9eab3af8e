/* The project page's stage form: show a date input only for the stages a forward move skips.
 * Reads the stage order from <script type="application/json" id="stage-order">. Plain ES2017.
 */
(function () {
  const form = document.getElementById('transition-form');
  if (!form) return;
  const order = JSON.parse(document.getElementById('stage-order').textContent);
  const select = form.querySelector('[name="stage"]');
  const current = order.indexOf(form.dataset.current);
  function update() {
    const target = order.indexOf(select.value);
    let shown = 0;
    form.querySelectorAll('[data-skipped]').forEach(function (el) {
      const at = order.indexOf(el.dataset.skipped);
      const show = current >= 0 && target > current + 1 && at > current && at < target;
      el.hidden = !show && !el.querySelector('.has-error');
      if (!el.hidden) shown += 1;
    });
    document.getElementById('skipped-dates').hidden = shown === 0 && !document.querySelector('#skipped-dates.has-error');
  }
  select.addEventListener('change', update);
  update();
})();
