// Gradient descent on the bowl f(x, y) = a x^2 + b y^2, one step at a time.
//
// The page owns the markup (docs/toolkit/gradient-descent.md): a, b, the plot's range and
// contour levels, the fields, the buttons and every message, as data- attributes and
// elements. This script draws the contours, walks the path and fills the table with the
// same arithmetic as snippets/gradient_descent.py:
//   df/dx = 2 a x,  df/dy = 2 b y,  x <- x - eta df/dx,  y <- y - eta df/dy.
// Material's instant navigation swaps pages without reloading scripts: every page load
// starts the explorers not yet started and stops those whose page has gone.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const S = 100; // SVG units per unit of x and y: the plot keeps the bowl's true shape
  const PAD = 22;
  const running = new Set();

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  const pair = (text, fallback) => {
    const parsed = (text || "").trim().split(/\s+/).map(Number);
    return parsed.length === 2 && parsed.every(Number.isFinite) && parsed[0] < parsed[1] ? parsed : fallback;
  };
  const number = (text, fallback) => (Number.isFinite(Number(text)) && text !== "" ? Number(text) : fallback);

  // What a reader types: "0.1", " 0,1 " (a decimal comma) or "-2"; NaN for anything else.
  function parse(text) {
    const t = (text || "").trim().replace(",", ".");
    return t === "" ? NaN : Number(t);
  }

  const fill = (template, values) =>
    (template || "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  const show = (v) => (Object.is(v, -0) ? 0 : v).toFixed(4); // as snippets/gradient_descent.py prints

  function start(root) {
    root.dataset.deReady = "";
    const d = root.dataset;
    const a = number(d.a, 1);
    const b = number(d.b, 3);
    const [xmin, xmax] = pair(d.xRange, [-2.6, 2.6]);
    const [ymin, ymax] = pair(d.yRange, [-1.9, 1.9]);
    const fMax = number(d.fMax, 1e6);
    const fMin = number(d.fMin, 1e-10);
    const maxSteps = number(d.maxSteps, 200);
    const interval = number(d.interval, 400);
    const levels = (d.levels || "0.25 1 2 4 6 9").trim().split(/\s+/).map(Number).filter((c) => c > 0);
    const find = (name) => root.querySelector(`[data-de="${name}"]`);
    const fields = { x0: find("x0"), y0: find("y0"), eta: find("eta") };
    const buttons = { step: find("step"), play: find("play"), reset: find("reset") };
    const svg = root.querySelector("svg");
    const tbody = root.querySelector("tbody");
    const message = find("message");
    if (!(svg && tbody && message && Object.values(fields).every(Boolean) && Object.values(buttons).every(Boolean))) {
      console.warn("descent-explorer: the markup lacks a field, button, svg, tbody or message");
      return;
    }
    const playText = buttons.play.textContent;

    const f = (x, y) => a * x * x + b * y * y;
    const grad = (x, y) => [2 * a * x, 2 * b * y];

    // --- the plot ---------------------------------------------------------------------
    const W = (xmax - xmin) * S + 2 * PAD;
    const H = (ymax - ymin) * S + 2 * PAD;
    const sx = (x) => PAD + (x - xmin) * S;
    const sy = (y) => PAD + (ymax - y) * S;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const clip = `de-clip-${Math.random().toString(36).slice(2)}`;
    el("rect", { x: sx(xmin), y: sy(ymax), width: (xmax - xmin) * S, height: (ymax - ymin) * S },
      el("clipPath", { id: clip }, el("defs", {}, svg)));
    el("rect", { class: "de-frame", x: sx(xmin), y: sy(ymax), width: (xmax - xmin) * S, height: (ymax - ymin) * S }, svg);
    const inside = el("g", { "clip-path": `url(#${clip})` }, svg);
    el("line", { class: "de-axis", x1: sx(xmin), y1: sy(0), x2: sx(xmax), y2: sy(0) }, inside);
    el("line", { class: "de-axis", x1: sx(0), y1: sy(ymin), x2: sx(0), y2: sy(ymax) }, inside);
    for (const c of levels) {
      // a x^2 + b y^2 = c is an ellipse with half-axes sqrt(c / a) and sqrt(c / b)
      el("ellipse", { class: "de-contour", cx: sx(0), cy: sy(0), rx: Math.sqrt(c / a) * S, ry: Math.sqrt(c / b) * S }, inside);
    }
    el("path", { class: "de-minimum", d: `M${sx(0) - 5},${sy(0)}h10M${sx(0)},${sy(0) - 5}v10` }, inside);
    for (let t = Math.ceil(xmin); t <= xmax; t++) {
      el("text", { x: sx(t), y: H - 6, "text-anchor": "middle" }, svg).textContent = String(t).replace("-", "\u2212");
    }
    for (let t = Math.ceil(ymin); t <= ymax; t++) {
      el("text", { x: PAD - 5, y: sy(t) + 4, "text-anchor": "end" }, svg).textContent = String(t).replace("-", "\u2212");
    }
    el("text", { class: "de-name", x: sx(xmax) - 4, y: sy(0) - 5, "text-anchor": "end" }, svg).textContent = "x";
    el("text", { class: "de-name", x: sx(0) + 5, y: sy(ymax) + 14 }, svg).textContent = "y";
    const path = el("polyline", { class: "de-path", "data-de": "path" }, inside);
    const dots = el("g", {}, inside);
    const startMark = el("circle", { class: "de-start", r: 6, "data-de": "start-mark" }, inside);

    // --- the walk ----------------------------------------------------------------------
    let points = []; // [x, y] of every step so far, the start first
    let done = false; // the walk has stopped: diverged, arrived or too long
    let timer = null;

    function say(text) {
      message.textContent = text;
    }

    function error(field, text) {
      const slot = document.getElementById(field.getAttribute("aria-describedby"));
      if (slot) slot.textContent = text || "";
      field.setAttribute("aria-invalid", text ? "true" : "false");
    }

    function cell(row, value, text) {
      const td = document.createElement("td");
      td.textContent = text;
      if (value !== null) td.dataset.value = String(value);
      row.appendChild(td);
    }

    function addRow(n, x, y) {
      const [dfdx, dfdy] = grad(x, y);
      const row = document.createElement("tr");
      cell(row, n, String(n));
      // a true minus sign (U+2212) in the table, as in the book's formulas
      for (const v of [x, y, f(x, y), dfdx, dfdy]) cell(row, v, show(v).replace("-", "\u2212"));
      tbody.appendChild(row);
      const box = tbody.closest(".de-table");
      if (box) box.scrollTop = box.scrollHeight;
    }

    function draw() {
      path.setAttribute("points", points.map(([x, y]) => `${sx(x)},${sy(y)}`).join(" "));
      dots.replaceChildren();
      for (const [x, y] of points.slice(1)) el("circle", { class: "de-point", cx: sx(x), cy: sy(y), r: 3 }, dots);
      const [x0, y0] = points[0];
      startMark.setAttribute("cx", sx(x0));
      startMark.setAttribute("cy", sy(y0));
    }

    function stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      buttons.play.textContent = playText;
    }

    function setDone(state) {
      done = state;
      for (const button of [buttons.step, buttons.play]) button.setAttribute("aria-disabled", String(state));
    }

    function begin(x0, y0) {
      stop();
      setDone(false);
      points = [[x0, y0]];
      tbody.replaceChildren();
      addRow(0, x0, y0);
      draw();
      say(fill(d.msgStart, { x: show(x0), y: show(y0), f: show(f(x0, y0)) }));
    }

    // The start fields: a number inside the plot, or a message beside the field.
    function readStart() {
      const ok = {};
      for (const [name, lo, hi] of [["x0", xmin, xmax], ["y0", ymin, ymax]]) {
        const v = parse(fields[name].value);
        if (Number.isFinite(v) && v >= lo && v <= hi) {
          error(fields[name], "");
          ok[name] = v;
        } else {
          error(fields[name], fill(d.msgStartBad, { min: String(lo).replace("-", "\u2212"), max: String(hi) }));
        }
      }
      return "x0" in ok && "y0" in ok ? [ok.x0, ok.y0] : null;
    }

    function readEta() {
      const eta = parse(fields.eta.value);
      if (Number.isFinite(eta) && eta > 0) {
        error(fields.eta, "");
        return eta;
      }
      error(fields.eta, d.msgEtaBad);
      return null;
    }

    // One step; false when the walk cannot or should not go on.
    function step() {
      const startAt = readStart();
      const eta = readEta();
      if (!startAt || eta === null) {
        say(d.msgFix || "");
        return false;
      }
      if (points.length === 0 || startAt[0] !== points[0][0] || startAt[1] !== points[0][1]) begin(...startAt);
      if (done) {
        say(d.msgDone || "");
        return false;
      }
      const n = points.length;
      const [x, y] = points[n - 1];
      const [dfdx, dfdy] = grad(x, y);
      const next = [x - eta * dfdx, y - eta * dfdy];
      points.push(next);
      addRow(n, ...next);
      draw();
      const fn = f(...next);
      const values = { n, x: show(next[0]), y: show(next[1]), f: show(fn) };
      const outside = !(next[0] >= xmin && next[0] <= xmax && next[1] >= ymin && next[1] <= ymax);
      if (outside || !(Math.abs(fn) <= fMax)) {
        setDone(true);
        say(fill(d.msgDiverged, values));
      } else if (fn < fMin) {
        setDone(true);
        say(fill(d.msgArrived, values));
      } else if (n >= maxSteps) {
        setDone(true);
        say(fill(d.msgTooLong, values));
      } else {
        say(fill(d.msgStep, values));
      }
      return !done;
    }

    function tick() {
      timer = null;
      if (!root.isConnected) return stop();
      if (step()) timer = setTimeout(tick, interval);
      else stop();
    }

    buttons.step.addEventListener("click", () => {
      stop();
      step();
    });
    buttons.play.addEventListener("click", () => {
      if (timer !== null) return stop();
      if (!step()) return;
      buttons.play.textContent = d.labelPause || playText; // the same button pauses
      timer = setTimeout(tick, interval);
    });
    buttons.reset.addEventListener("click", () => {
      const startAt = readStart();
      if (startAt) begin(...startAt);
      else stop();
    });
    for (const name of ["x0", "y0"]) {
      fields[name].addEventListener("change", () => {
        const startAt = readStart();
        if (startAt) begin(...startAt);
        else stop();
      });
    }
    fields.eta.addEventListener("change", readEta);
    for (const preset of root.querySelectorAll("[data-de-eta]")) {
      preset.addEventListener("click", () => {
        fields.eta.value = preset.dataset.deEta;
        readEta();
        const startAt = readStart();
        if (startAt) begin(...startAt);
      });
    }
    // A click or tap on the plot starts the walk there, to two decimals.
    svg.addEventListener("click", (event) => {
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const p = point.matrixTransform(svg.getScreenCTM().inverse());
      const x = Math.round((xmin + (p.x - PAD) / S) * 100) / 100;
      const y = Math.round((ymax - (p.y - PAD) / S) * 100) / 100;
      if (x < xmin || x > xmax || y < ymin || y > ymax) return; // the margin, not the plot
      fields.x0.value = String(x);
      fields.y0.value = String(y);
      if (readStart()) begin(x, y);
    });

    const startAt = readStart();
    if (startAt) begin(...startAt);
    running.add({ root, stop });
  }

  function startAll() {
    for (const instance of [...running]) {
      if (!instance.root.isConnected) {
        instance.stop(); // the page has gone: no timer may outlive it
        running.delete(instance);
      }
    }
    for (const root of document.querySelectorAll(".descent-explorer:not([data-de-ready])")) start(root);
  }

  if (typeof document$ !== "undefined") document$.subscribe(startAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
