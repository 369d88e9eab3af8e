/* zonetrack cockpit, print view: [data-print] prints the page. Nothing global. */
(function () {
  'use strict';
  function start() {
    document.querySelectorAll('[data-print]').forEach((button) => {
      button.addEventListener('click', () => window.print());
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
