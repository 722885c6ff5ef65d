// One neuron with two inputs, live: a = sigma(w1 x1 + w2 x2 + b).
//
// The page owns the markup and every word in it (docs/thinking/neuron.md): the range
// inputs, their labels, the formula pair with empty number slots, the readout. This
// script fills the slots and draws two SVG plots:
//   the (x1, x2) plane, shaded by a, with the boundary w1 x1 + w2 x2 + b = 0 and the
//   four 0/1 inputs coloured by the neuron's output, and the chosen input (x1, x2);
//   the sigmoid a = sigma(z), with the chosen input's (z, a) marked.
// Material's instant navigation swaps pages without reloading scripts, so each page
// load looks for markup not yet started (data-ns-ready marks the started ones).
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const W = 240; // both plots are W x W in SVG units, scaled by their viewBox
  const PAD = 24; // room for the tick labels

  const sigma = (z) => 1 / (1 + Math.exp(-z));
  const minus = (text) => text.replace(/^-/, "\u2212"); // a typographic minus sign
  const fixed = (value, digits) => minus((Object.is(value, -0) ? 0 : value).toFixed(digits));

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  const numbers = (text, fallback) => {
    const parsed = (text || "").trim().split(/\s+/).map(Number);
    return parsed.length === 2 && parsed.every(Number.isFinite) ? parsed : fallback;
  };

  // The plane: x1 and x2 both run over [lo, hi]; x1 rightwards, x2 upwards.
  function drawPlane(svg, lo, hi) {
    const scale = (W - 2 * PAD) / (hi - lo);
    const sx = (x1) => PAD + (x1 - lo) * scale;
    const sy = (x2) => W - PAD - (x2 - lo) * scale;
    svg.setAttribute("viewBox", `0 0 ${W} ${W}`);
    const id = `ns-shade-${Math.random().toString(36).slice(2)}`;
    const gradient = el("linearGradient", { id, gradientUnits: "userSpaceOnUse" }, el("defs", {}, svg));
    el("rect", { class: "ns-frame", x: sx(lo), y: sy(hi), width: sx(hi) - sx(lo), height: sy(lo) - sy(hi) }, svg);
    const shade = el("rect", { class: "ns-shade", x: sx(lo), y: sy(hi), width: sx(hi) - sx(lo), height: sy(lo) - sy(hi) }, svg);
    for (const t of [0, 1]) {
      el("line", { class: "ns-axis", x1: sx(t), y1: sy(lo), x2: sx(t), y2: sy(hi) }, svg);
      el("line", { class: "ns-axis", x1: sx(lo), y1: sy(t), x2: sx(hi), y2: sy(t) }, svg);
      el("text", { class: "ns-tick", x: sx(t), y: W - PAD + 14, "text-anchor": "middle" }, svg).textContent = t;
      el("text", { class: "ns-tick", x: PAD - 6, y: sy(t) + 4, "text-anchor": "end" }, svg).textContent = t;
    }
    el("text", { class: "ns-tick ns-name", x: W - PAD, y: W - PAD + 14, "text-anchor": "end" }, svg).textContent = "x\u2081";
    el("text", { class: "ns-tick ns-name", x: PAD - 6, y: PAD + 4, "text-anchor": "end" }, svg).textContent = "x\u2082";
    const boundary = el("line", { class: "ns-boundary" }, svg);
    const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x1, x2]) =>
      el("circle", { class: "ns-corner", cx: sx(x1), cy: sy(x2), r: 7, "data-x1": x1, "data-x2": x2 }, svg));
    const chosen = el("circle", { class: "ns-chosen", r: 4.5 }, svg);

    return function update({ w1, w2, b, x1, x2 }) {
      // Shading: a depends on (x1, x2) only through z, which grows along (w1, w2); a
      // gradient along that direction with stops at evenly spaced z is the exact picture
      // up to the interpolation between stops.
      const norm = Math.hypot(w1, w2);
      gradient.replaceChildren();
      if (norm < 1e-12) {
        shade.style.fill = "var(--md-accent-fg-color)";
        shade.style.fillOpacity = sigma(b);
      } else {
        const [u1, u2] = [w1 / norm, w2 / norm];
        const c = (lo + hi) / 2;
        const half = (hi - lo) / Math.SQRT2; // the plot's corners lie within this distance
        const [p1, q1, p2, q2] = [c - half * u1, c - half * u2, c + half * u1, c + half * u2];
        gradient.setAttribute("x1", sx(p1));
        gradient.setAttribute("y1", sy(q1));
        gradient.setAttribute("x2", sx(p2));
        gradient.setAttribute("y2", sy(q2));
        const stops = 24;
        for (let k = 0; k <= stops; k++) {
          const t = k / stops;
          const z = w1 * (p1 + t * (p2 - p1)) + w2 * (q1 + t * (q2 - q1)) + b;
          el("stop", { offset: t, style: `stop-color: var(--md-accent-fg-color); stop-opacity: ${sigma(z)}` }, gradient);
        }
        shade.style.fill = `url(#${gradient.id})`;
        shade.style.fillOpacity = 1;
      }
      // The boundary z = 0, clipped to the plot: the points where it crosses the four edges.
      const ends = [];
      if (Math.abs(w2) > 1e-12) {
        for (const x of [lo, hi]) {
          const y = -(w1 * x + b) / w2;
          if (y >= lo && y <= hi) ends.push([x, y]);
        }
      }
      if (Math.abs(w1) > 1e-12) {
        for (const y of [lo, hi]) {
          const x = -(w2 * y + b) / w1;
          if (x > lo && x < hi) ends.push([x, y]);
        }
      }
      if (ends.length >= 2) {
        const [[ax, ay], [bx, by]] = ends;
        boundary.setAttribute("x1", sx(ax));
        boundary.setAttribute("y1", sy(ay));
        boundary.setAttribute("x2", sx(bx));
        boundary.setAttribute("y2", sy(by));
        boundary.style.display = "";
      } else {
        boundary.style.display = "none"; // the whole plot is on one side
      }
      for (const corner of corners) {
        const a = sigma(w1 * Number(corner.dataset.x1) + w2 * Number(corner.dataset.x2) + b);
        // paper for a = 0, ink for a = 1: readable on the shading of either palette
        const ink = (100 * a).toFixed(1);
        corner.style.fill = `color-mix(in srgb, var(--md-default-fg-color) ${ink}%, var(--md-default-bg-color))`;
        corner.dataset.a = a;
      }
      chosen.setAttribute("cx", sx(x1));
      chosen.setAttribute("cy", sy(x2));
    };
  }

  // The sigmoid over z in [zlo, zhi], a in [0, 1].
  function drawCurve(svg, zlo, zhi) {
    const sx = (z) => PAD + ((z - zlo) / (zhi - zlo)) * (W - 2 * PAD);
    const sy = (a) => W - PAD - a * (W - 2 * PAD);
    svg.setAttribute("viewBox", `0 0 ${W} ${W}`);
    el("rect", { class: "ns-frame", x: sx(zlo), y: sy(1), width: sx(zhi) - sx(zlo), height: sy(0) - sy(1) }, svg);
    el("line", { class: "ns-axis", x1: sx(0), y1: sy(0), x2: sx(0), y2: sy(1) }, svg);
    el("line", { class: "ns-axis", x1: sx(zlo), y1: sy(0.5), x2: sx(zhi), y2: sy(0.5) }, svg);
    for (const z of [zlo, 0, zhi]) {
      el("text", { class: "ns-tick", x: sx(z), y: W - PAD + 14, "text-anchor": "middle" }, svg).textContent = minus(String(z));
    }
    for (const a of [0, 0.5, 1]) {
      el("text", { class: "ns-tick", x: PAD - 4, y: sy(a) + 4, "text-anchor": "end" }, svg).textContent = a;
    }
    el("text", { class: "ns-tick ns-name", x: sx(zhi), y: W - PAD - 6, "text-anchor": "end" }, svg).textContent = "z";
    el("text", { class: "ns-tick ns-name", x: sx(zlo) + 6, y: PAD + 12 }, svg).textContent = "a";
    const points = [];
    for (let k = 0; k <= 120; k++) {
      const z = zlo + ((zhi - zlo) * k) / 120;
      points.push(`${sx(z).toFixed(2)},${sy(sigma(z)).toFixed(2)}`);
    }
    el("polyline", { class: "ns-curve", points: points.join(" ") }, svg);
    const guide = el("polyline", { class: "ns-guide" }, svg);
    const marker = el("circle", { class: "ns-marker", r: 5 }, svg);

    return function update(z, a) {
      const x = sx(Math.min(zhi, Math.max(zlo, z))); // off the plot: pinned to its edge
      guide.setAttribute("points", `${x},${sy(0)} ${x},${sy(a)} ${sx(zlo)},${sy(a)}`);
      marker.setAttribute("cx", x);
      marker.setAttribute("cy", sy(a));
    };
  }

  function start(root) {
    root.dataset.nsReady = "";
    const inputs = {};
    for (const input of root.querySelectorAll("input[data-ns]")) inputs[input.dataset.ns] = input;
    if (!["w1", "w2", "b", "x1", "x2"].every((name) => inputs[name])) {
      console.warn("neuron-sliders: the markup needs range inputs data-ns = w1, w2, b, x1, x2");
      return;
    }
    const [lo, hi] = numbers(root.dataset.range, [-0.5, 1.5]);
    const [zlo, zhi] = numbers(root.dataset.zRange, [-10, 10]);
    const plane = root.querySelector("svg[data-ns-plot=plane]");
    const curve = root.querySelector("svg[data-ns-plot=curve]");
    const updatePlane = plane ? drawPlane(plane, lo, hi) : () => {};
    const updateCurve = curve ? drawCurve(curve, zlo, zhi) : () => {};
    const digits = (input) => Math.max(0, (input.step.split(".")[1] || "").length);

    function show(name, value, text) {
      for (const slot of root.querySelectorAll(`[data-ns-show="${name}"]`)) {
        slot.textContent = text;
        slot.dataset.value = value;
      }
    }

    function update() {
      const v = {};
      for (const [name, input] of Object.entries(inputs)) {
        v[name] = Number(input.value);
        show(name, v[name], fixed(v[name], digits(input)));
      }
      // The same order of operations as the expanded formula and snippets/neuron.py.
      const z = v.w1 * v.x1 + v.w2 * v.x2 + v.b;
      const a = sigma(z);
      show("z", z, fixed(z, 3));
      show("a", a, a.toFixed(3));
      updatePlane(v);
      updateCurve(z, a);
    }

    for (const input of Object.values(inputs)) input.addEventListener("input", update);
    update();
  }

  function startAll() {
    for (const root of document.querySelectorAll(".neuron-sliders:not([data-ns-ready])")) start(root);
  }

  if (typeof document$ !== "undefined") document$.subscribe(startAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
