// Two repairs to what Material builds, redone on every page, the first one and each one
// that instant navigation swaps in (document$):
//
// 1. Material 9.8.1 marks its search box role="dialog" (partials/search.html) and gives
//    it no name: it takes the name of its search field, in the language Material speaks.
// 2. A box that scrolls must be reachable from the keyboard, or what it cuts off is out
//    of reach without a mouse. Material makes its code blocks focusable while they
//    overflow; the same is done here for the boxes it leaves out, while they overflow
//    and only then: a table wider than its column (Material wraps each in
//    .md-typeset__scrollwrap), named after the heading above it, and a lesson's code cell,
//    named by scripts/hooks/lessons.py (data-scroll-label). Each becomes a focusable
//    region with that name; the arrow keys scroll it.

(() => {
  const SCROLLERS = ".md-typeset .md-typeset__scrollwrap, .jupyter-wrapper .highlight-ipynb";
  let observer = null;

  function nameSearch() {
    const dialog = document.querySelector('.md-search[role="dialog"]');
    const field = document.querySelector(".md-search__input");
    if (dialog && field && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
    }
  }

  // The text of the last heading before the box, without its permalink.
  function headingAbove(box) {
    const headings = [...document.querySelectorAll("article :is(h1, h2, h3, h4, h5, h6)")]
      .filter((heading) => heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING);
    const heading = headings.pop();
    if (!heading) return "";
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.trim();
  }

  function update(box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    const name = box.dataset.scrollLabel || headingAbove(box);
    if (scrolls && name) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    } else if (scrolls) {
      box.setAttribute("tabindex", "0");
    } else {
      ["tabindex", "role", "aria-label"].forEach((attribute) => box.removeAttribute(attribute));
    }
  }

  function watchScrollers() {
    if (observer) observer.disconnect();
    // A box's overflow changes when it is resized, or when what it holds is (a formula
    // typeset in a table, a <details> opened): both are watched.
    const owner = new Map();
    observer = new ResizeObserver((entries) => {
      new Set(entries.map((entry) => owner.get(entry.target))).forEach(update);
    });
    for (const box of document.querySelectorAll(SCROLLERS)) {
      for (const watched of [box, ...box.querySelectorAll(":scope > *, :scope > * > table")]) {
        owner.set(watched, box);
        observer.observe(watched);
      }
    }
  }

  document$.subscribe(() => {
    nameSearch();
    watchScrollers();
  });
})();
