// The instruments' scripts load only on the pages that hold an instrument, the first time
// such a page is shown, so the other pages of the book carry none of them. Material's
// document$ replays the page on view to a subscriber that comes late, so each script
// starts its instruments as soon as it has loaded, and again after instant navigation.
(function () {
  "use strict";

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
