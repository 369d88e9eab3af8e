/* The article page (articles/article_detail.html).
 *
 * 1. A fact's quote in the cleaned text lights up while the fact's card is pointed at or has
 *    the focus, and while its "#q-N" link is followed. The quote's pieces carry the class
 *    "zt-fN"; the lit ones get "zt-lit" (articles.css).
 * 2. A fact form refused with 400 or 409 swaps its answer in (the card with its field errors or
 *    the newer version) instead of dropping it, as htmx does with error statuses by default.
 * Plain ES2017, no build step; nothing is made global. The Content-Security-Policy allows no
 * inline script, style or hx-on attribute, so this lives here.
 */
(function () {
  'use strict';

  let pointed = null; // pk of the card under the pointer or holding the focus
  let targeted = null; // pk of the quote named in the address (#q-N)

  function factOf(node) {
    const card = node && node.closest ? node.closest('.zt-reader .zt-fact[data-fact]') : null;
    return card ? card.dataset.fact : null;
  }

  function light() {
    document.querySelectorAll('.zt-reader .zt-lit').forEach((el) => el.classList.remove('zt-lit'));
    [pointed, targeted].forEach((pk) => {
      if (!pk || !/^\d+$/.test(pk)) return;
      document.querySelectorAll('.zt-reader .zt-f' + pk).forEach((el) => el.classList.add('zt-lit'));
    });
  }

  function readHash() {
    const match = /^#q-(\d+)$/.exec(window.location.hash);
    targeted = match ? match[1] : null;
    light();
  }

  function setPointed(pk) {
    if (pk === pointed) return;
    pointed = pk;
    light();
  }

  document.addEventListener('mouseover', (event) => setPointed(factOf(event.target)));
  document.addEventListener('focusin', (event) => setPointed(factOf(event.target)));
  document.addEventListener('focusout', (event) => {
    if (!factOf(event.relatedTarget)) setPointed(null);
  });
  window.addEventListener('hashchange', readHash);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', readHash);
  } else {
    readHash();
  }

  document.addEventListener('htmx:beforeSwap', (event) => {
    const elt = event.target;
    const status = event.detail && event.detail.xhr && event.detail.xhr.status;
    if (elt && elt.closest && elt.closest('#facts') && (status === 400 || status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
