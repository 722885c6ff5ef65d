// The instruments' scripts load only on the pages that hold an instrument, the first time
// such a page is shown, so the other pages of the book carry none of them. Material's
// document$ replays the page on view to a subscriber that comes late, so each script
// starts its instruments as soon as it has loaded, and again after instant navigation.
// Their words come from BookWords.t, in the language of the page's edition.
(function () {
  "use strict";

  // The instruments' words (assets/words.js, made from the `instruments` section of
  // snippets/words-<lang>.yml): t("playground.pixel", {n: 5, row: 2, column: 2}) is that
  // key's words with each {name} filled in; a {name} not given stays as it is. A key the
  // table lacks is a mistake, said in the console and shown as the key itself.
  function t(key, values = {}) {
    const [group, name] = key.split(".");
    const words = ((window.BOOK_WORDS || {})[group] || {})[name];
    if (typeof words !== "string") {
      const table = `snippets/words-${document.documentElement.lang}.yml`;
      console.error(`words: no "${key}" in the instruments' words (${table})`);
      return key;
    }
    return words.replace(/\{(\w+)\}/g, (whole, slot) => (slot in values ? String(values[slot]) : whole));
  }
  window.BookWords = { t };

  const here = document.currentScript.src; // .../javascripts/instruments.js
  const INSTRUMENTS = {
    // in order: the playground needs Net47 and the trained network before it starts
    ".net47-playground": ["net47.js", "../downloads/playground/network.js", "playground.js"],
    ".cnn69-playground": ["cnn69.js", "../downloads/cnn_playground/cnn-network.js", "cnn-playground.js"],
    ".neuron-sliders": ["neuron-sliders.js"],
    ".descent-explorer": ["descent-explorer.js"],
  };
  const loading = new Map(); // address of a script -> the promise of its load

  function load(name) {
    const address = new URL(name, here).href;
    if (!loading.has(address)) {
      loading.set(address, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = address;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`instruments: could not load ${address}`));
        document.head.append(script);
      }));
    }
    return loading.get(address);
  }

  function loadWhatThePageUses() {
    for (const [selector, scripts] of Object.entries(INSTRUMENTS)) {
      if (!document.querySelector(selector)) continue;
      scripts
        .reduce((loaded, name) => loaded.then(() => load(name)), Promise.resolve())
        .catch((error) => console.error(error.message));
    }
  }

  document$.subscribe(loadWhatThePageUses);
})();
