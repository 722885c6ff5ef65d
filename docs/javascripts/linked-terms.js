// Linked terms: in a formula pair, a term marked \class{term-<name>}{...} on one side and
// what it becomes on the other side light up together when the reader points at one, taps
// it or tabs to it (see scripts/hooks/linked_terms.py for the markup). Escape clears.
//
// MathJax draws a formula when it comes into view, and again when the playground fills in new
// numbers, so terms are found as MathJax adds them to the page. What a screen reader says for
// a term comes from the page: the build writes it into the formula's data-terms (the
// playground into its own), and this script only puts it on the term.
(function () {
  "use strict";

  const PREFIX = "term-";
  const LIT = "term--lit";   // every term of the pair with the name
  const SOURCE = "term--source"; // the one the reader points at
  let pinned = null;         // the term a tap or a click holds lit
  let lit = null;            // {pair, name} lit now: a term of it drawn later lights too

  function nameOf(term) {
    const mark = [...term.classList].find((c) => c.startsWith(PREFIX));
    return mark ? mark.slice(PREFIX.length) : null;
  }

  // The pair a term belongs to, and every term in it with the same name
  function partners(term) {
    const pair = term.closest("figure.pair");
    const name = nameOf(term);
    return pair ? [...pair.querySelectorAll(`mjx-math .${CSS.escape(PREFIX + name)}`)] : [term];
  }

  function clear() {
    lit = null;
    for (const term of document.querySelectorAll(`.${LIT}`)) term.classList.remove(LIT, SOURCE);
  }

  function light(term) {
    clear();
    for (const partner of partners(term)) partner.classList.add(LIT);
    term.classList.add(SOURCE);
    lit = { pair: term.closest("figure.pair"), name: nameOf(term) };
  }

  // After the pointer or the focus leaves: back to the pinned term, or to nothing
  function rest() {
    if (pinned && document.contains(pinned)) light(pinned);
    else { pinned = null; clear(); }
  }

  // A term that MathJax has just drawn: focusable, named, and lit by pointer, touch and keys.
  // The formula's drawing is hidden from screen readers (they read MathJax's MathML copy);
  // a term is the exception, so that it is no focusable element inside a hidden one.
  function prepare(math) {
    const terms = [...math.querySelectorAll(`[class*="${PREFIX}"]`)].filter(nameOf);
    if (terms.length === 0) return;
    const holder = math.closest(".arithmatex");
    let said = [];
    try { said = JSON.parse((holder && holder.dataset.terms) || "[]"); } catch (error) { said = []; }
    math.removeAttribute("aria-hidden");
    hideAllBut(math, new Set(terms));
    // what each term is called, by name, in the order the terms of that name come
    const queues = new Map();
    for (const [name, words] of said) queues.set(name, [...(queues.get(name) || []), words]);
    terms.forEach((term) => {
      if (term.classList.contains("term")) { queues.get(nameOf(term))?.shift(); return; } // ready
      term.classList.add("term");
      term.setAttribute("tabindex", "0");
      term.setAttribute("role", "img");
      const words = (queues.get(nameOf(term)) || []).shift();
      if (words) term.setAttribute("aria-label", words);
      term.addEventListener("pointerenter", () => light(term));
      term.addEventListener("pointerleave", rest);
      term.addEventListener("focus", () => light(term));
      term.addEventListener("blur", rest);
      term.addEventListener("click", (event) => {
        event.stopPropagation(); // MathJax's own menu and explorer stay out of it
        pinned = pinned === term ? null : term;
        rest();
      });
    });
  }

  // aria-hidden on every part of the drawing that holds no term; terms show only their label
  function hideAllBut(math, terms) {
    for (const child of math.children) {
      if (terms.has(child)) {
        for (const inner of child.querySelectorAll("*")) if (!terms.has(inner)) inner.setAttribute("aria-hidden", "true");
      } else if ([...terms].some((term) => child.contains(term))) {
        hideAllBut(child, terms);
      } else {
        child.setAttribute("aria-hidden", "true");
      }
    }
  }

  function scan() {
    // a formula whose terms are not all ready: MathJax may add to a drawing after a scan saw it
    for (const math of document.querySelectorAll("figure.pair mjx-math")) {
      if (!math.querySelector(`[class*="${PREFIX}"]:not(.term)`)) continue;
      math.setAttribute("data-terms-ready", "");
      prepare(math);
      // MathJax drew it after the reader lit its name (the playground redraws as it computes)
      if (lit && lit.pair && lit.pair.contains(math)) {
        for (const term of math.querySelectorAll(`.${CSS.escape(PREFIX + lit.name)}`)) term.classList.add(LIT);
      }
    }
  }

  // One scan for a burst of changes. A timeout, not an animation frame: a browser runs no
  // frames for a page it does not show (a tab in the background), and its terms must be
  // ready when the reader comes back to it.
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    setTimeout(() => { queued = false; scan(); }, 0);
  }).observe(document.body, { childList: true, subtree: true });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !document.querySelector(`.${LIT}`)) return;
    pinned = null;
    clear();
    const focused = document.activeElement;
    if (focused && focused.classList.contains("term")) focused.blur();
  });
  // A tap elsewhere lets go of the pinned term
  document.addEventListener("click", () => { if (pinned) { pinned = null; clear(); } });

  // The playground lights a term from outside its formulas (the pixel the reader toggles)
  window.LinkedTerms = { light, clear, rest, scan };
  // Formulas MathJax drew before this script watched the page: scan once its typesetting is done
  function afterTypesetting() {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) startup.promise.then(scan);
    else setTimeout(afterTypesetting, 50);
  }
  scan();
  afterTypesetting();
  if (window.document$) window.document$.subscribe(() => { pinned = null; scan(); afterTypesetting(); });
})();
