// The explorer page. It computes no loss: it looks losscore's samples up (the "samples" script, made by
// scenes/output/explorer.py) at the grid point each slider is on, shows them and draws them.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const samples = JSON.parse(document.getElementById("samples").textContent);
  const MINUS = "\u2212";  // the minus sign the videos print
  const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
                        5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
  const SVG = "http://www.w3.org/2000/svg";
  const W = 520, H = 320, MARGIN = { left: 58, right: 18, top: 36, bottom: 48 };
  const PLOT_W = W - MARGIN.left - MARGIN.right, PLOT_H = H - MARGIN.top - MARGIN.bottom;
  // The gradient arrow, as the anatomy video draws it: the steepest slope on the axes gets a quarter of the plot's
  // width, no arrow is longer than 0.3 of it, and one shorter than 0.01 is not drawn.
  const ARROW = { steepest: 0.26, longest: 0.3, shortest: 0.01 };

  const controls = data.controls.map((c) => ({
    ...c, input: document.getElementById(c.key === "yhat" ? "yhat" : `param-${c.key}`) }));
  const curve = data.kind === "curve";
  const swept = curve ? controls[0] : null;
  const params = curve ? controls.slice(1) : controls;  // what picks the sample set, the last varying fastest

  const fixed = (v, decimals) => v.toFixed(decimals).replace("-", MINUS);
  const at = (c) => c.values[Number(c.input.value)];

  // A sample as the page shows it: the digits it was shipped with (losscore's value, rounded to data.digits).
  function significant(v) {
    if (v === 0) return "0";
    if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4) return v.toPrecision(data.digits).replace("-", MINUS);
    const [mantissa, exponent] = v.toExponential(data.digits - 1).split("e");
    const power = [...String(Number(exponent))].map((ch) => SUPERSCRIPT[ch]).join("");
    return `${mantissa.replace("-", MINUS)} \u00d7 10${power}`;
  }

  function setting() {
    return params.reduce((index, c) => index * c.values.length + Number(c.input.value), 0);
  }

  function nearest(values, wanted) {
    let best = 0;
    values.forEach((v, i) => { if (Math.abs(v - wanted) < Math.abs(values[best] - wanted)) best = i; });
    return best;
  }

  // ---- the state in the URL hash: #yhat=0.7&delta=1.5, plus "embed" for the plot and sliders alone ----------
  function readHash() {
    const query = new URLSearchParams(location.hash.slice(1));
    document.body.classList.toggle("embed", query.has("embed") && query.get("embed") !== "0");
    let asked = false;
    for (const c of controls) {
      const wanted = parseFloat((query.get(c.key) || "").replace(MINUS, "-"));
      if (Number.isFinite(wanted)) [c.input.value, asked] = [nearest(c.values, wanted), true];
    }
    if (asked) writeHash();  // the grid values shown, so the address names exactly this view
    show();
  }

  function writeHash() {
    const query = new URLSearchParams(location.hash.slice(1));  // keeps embed
    for (const c of controls) query.set(c.key, at(c).toFixed(c.decimals));
    history.replaceState(null, "", `#${query.toString().replace(/=(?=&|$)/g, "")}`);
  }

  // ---- drawing ---------------------------------------------------------------------------------------------
  function el(parent, name, attributes = {}, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  // Axes like the figures': grid lines, left and bottom spines, ticks, a line at y = 0. The x axis is drawn once;
  // the y axis with setY, whenever the sample set (and so the y-limits) changes. `inside` is clipped to the plot.
  function panel(svg, xTicks, xLimits, title, xLabel) {
    const [x0, x1] = xLimits, bottom = MARGIN.top + PLOT_H, right = MARGIN.left + PLOT_W;
    const plot = { y0: 0, y1: 1, limits: "" };
    plot.sx = (x) => MARGIN.left + (x - x0) / (x1 - x0) * PLOT_W;
    plot.sy = (y) => MARGIN.top + (plot.y1 - y) / (plot.y1 - plot.y0) * PLOT_H;
    for (const [x, label] of xTicks) {
      el(svg, "line", { class: "grid", x1: plot.sx(x), x2: plot.sx(x), y1: MARGIN.top, y2: bottom });
      el(svg, "text", { class: "tick", x: plot.sx(x), y: bottom + 17, "text-anchor": "middle" }, label);
    }
    const yAxis = el(svg, "g");
    el(svg, "path", { class: "axis", d: `M${MARGIN.left} ${MARGIN.top}V${bottom}H${right}` });
    el(svg, "text", { class: "title", x: MARGIN.left, y: MARGIN.top - 14 }, title);
    if (xLabel) el(svg, "text", { class: "label", x: MARGIN.left + PLOT_W / 2, y: H - 8, "text-anchor": "middle" },
                   xLabel);
    const clip = `${svg.id}-clip`;
    const bleed = 3;  // a curve along an edge of the axes keeps its whole stroke
    el(el(svg, "clipPath", { id: clip }), "rect", { x: MARGIN.left - bleed, y: MARGIN.top - bleed,
                                                    width: PLOT_W + 2 * bleed, height: PLOT_H + 2 * bleed });
    plot.inside = el(svg, "g", { "clip-path": `url(#${clip})` });
    plot.setY = ([y0, y1], yTicks) => {
      if (plot.limits === `${y0} ${y1}`) return;
      Object.assign(plot, { y0, y1, limits: `${y0} ${y1}` });
      yAxis.replaceChildren();
      for (const [y, label] of yTicks) {
        el(yAxis, "line", { class: "grid", x1: MARGIN.left, x2: right, y1: plot.sy(y), y2: plot.sy(y) });
        el(yAxis, "text", { class: "tick", x: MARGIN.left - 7, y: plot.sy(y) + 4, "text-anchor": "end" }, label);
      }
      if (y0 < 0 && y1 > 0) el(yAxis, "line", { class: "axis", x1: MARGIN.left, x2: right, y1: plot.sy(0),
                                                y2: plot.sy(0) });
    };
    return plot;
  }

  // A polyline through (xs, ys), lifted where `breaks` says the curve jumps (a step in a derivative).
  function pathThrough(plot, xs, ys, breaks = []) {
    const lifted = new Set(breaks), span = plot.y1 - plot.y0;
    return xs.map((x, i) => {
      const y = Math.min(Math.max(ys[i], plot.y0 - span), plot.y1 + span);  // far off the axes: clipped anyway
      return `${i && !lifted.has(i) ? "L" : "M"}${plot.sx(x).toFixed(1)} ${plot.sy(y).toFixed(1)}`;
    }).join("");
  }

  // A marker at (x, y); beyond the y-limits (a blow-up the axes leave out) it waits at the edge, hollow.
  function place(marker, plot, x, y) {
    const shown = Math.min(Math.max(y, plot.y0), plot.y1);
    marker.classList.toggle("beyond", shown !== y);
    marker.style.transform = `translate(${plot.sx(x)}px, ${plot.sy(shown)}px)`;
  }

  function curvePage() {
    const xs = swept.values;
    const lossPlot = panel(document.getElementById("loss-plot"), data.x.ticks, data.x.limits, "loss  L",
                           data.x.label);
    const gradPlot = panel(document.getElementById("grad-plot"), data.x.ticks, data.x.limits,
                           `derivative  ${data.grad_label}`, data.x.label);
    const residual = data.target && el(lossPlot.inside, "line", { class: "residual" });
    if (data.target) {
      const x = lossPlot.sx(data.target.at);
      el(lossPlot.inside, "line", { class: "target", x1: x, x2: x, y1: MARGIN.top, y2: MARGIN.top + PLOT_H });
      el(document.getElementById("loss-plot"), "text", { class: "target-label", x, y: MARGIN.top - 4,
                                                          "text-anchor": "middle" }, data.target.label);
    }
    const lossCurve = el(lossPlot.inside, "path", { class: "loss-curve" });
    const gradCurve = el(gradPlot.inside, "path", { class: "grad-curve" });
    const guide = el(gradPlot.inside, "line", { class: "guide", y1: MARGIN.top, y2: MARGIN.top + PLOT_H });
    const marker = el(lossPlot.inside, "g", { class: "marker" });
    const arrow = el(marker, "path", { class: "arrow" });
    el(marker, "circle", { class: "point", r: 6.5 });
    const gradMarker = el(gradPlot.inside, "g", { class: "marker" });
    el(gradMarker, "circle", { class: "grad-point", r: 5.5 });

    return () => {
      const set = setting(), i = Number(swept.input.value), x = xs[i];
      const loss = samples.loss[set], grad = samples.grad[set], [lossAxis, gradAxis] = data.axes[set];
      lossPlot.setY(...lossAxis);
      gradPlot.setY(...gradAxis);
      lossCurve.setAttribute("d", pathThrough(lossPlot, xs, loss));
      gradCurve.setAttribute("d", pathThrough(gradPlot, xs, grad, data.breaks[set]));
      place(marker, lossPlot, x, loss[i]);
      place(gradMarker, gradPlot, x, grad[i]);
      guide.setAttribute("x1", gradPlot.sx(x));
      guide.setAttribute("x2", gradPlot.sx(x));
      if (residual) {
        const zero = lossPlot.sy(Math.min(Math.max(0, lossPlot.y0), lossPlot.y1));
        for (const [key, value] of [["x1", lossPlot.sx(data.target.at)], ["x2", lossPlot.sx(x)], ["y1", zero],
                                    ["y2", zero]]) residual.setAttribute(key, value);
      }
      // horizontal, the way gradient descent moves x: against the slope
      const steepest = Math.max(Math.abs(gradPlot.y0), Math.abs(gradPlot.y1));
      const length = Math.min(Math.abs(grad[i]) / steepest * ARROW.steepest, ARROW.longest) * PLOT_W;
      const way = grad[i] > 0 ? -1 : 1, tip = way * length, head = way * Math.min(10, length * 0.45);
      arrow.setAttribute("d", length < ARROW.shortest * PLOT_W ? "" :
        `M0 0H${tip - head}M${tip} 0L${tip - head} -6L${tip - head} 6Z`);
      const lossText = significant(loss[i]), gradText = significant(grad[i]);
      document.getElementById("loss-value").textContent = lossText;
      document.getElementById("grad-value").textContent = gradText;
      return `L = ${lossText}, ${data.grad_label} = ${gradText}`;
    };
  }

  function softmaxPage() {
    const svg = document.getElementById("bars-plot"), n = data.classes.length;
    const plot = panel(svg, [], [0, n], "probabilities  \u0177", "");
    plot.setY([0, 1], data.ticks);
    const slot = PLOT_W / n, bars = data.classes.map((name, k) => {
      el(svg, "text", { class: "label", x: plot.sx(k + 0.5), y: MARGIN.top + PLOT_H + 22, "text-anchor": "middle" },
         name);
      return { rect: el(plot.inside, "rect", { class: "bar", x: plot.sx(k) + slot * 0.2, width: slot * 0.6 }),
               label: el(svg, "text", { class: "bar-label", x: plot.sx(k + 0.5), "text-anchor": "middle" }) };
    });
    return () => {
      const base = setting() * n, shown = [];
      data.classes.forEach((name, k) => {
        const p = samples.probabilities[base + k], text = significant(p), top = plot.sy(p);
        bars[k].rect.setAttribute("y", top);
        bars[k].rect.setAttribute("height", plot.sy(0) - top);
        bars[k].label.setAttribute("y", Math.max(top - 7, MARGIN.top - 2));
        bars[k].label.textContent = text;
        document.getElementById(`prob-${name}-value`).textContent = text;
        shown.push(`${name} ${text}`);
      });
      return `probabilities: ${shown.join(", ")}`;
    };
  }

  const draw = curve ? curvePage() : softmaxPage();

  function show() {
    const said = draw();
    for (const c of controls) {
      const text = fixed(at(c), c.decimals);
      document.getElementById(`${c.input.id}-value`).textContent = text;
      c.input.setAttribute("aria-valuetext", `${c.label} = ${text}; ${said}`);
    }
  }

  for (const c of controls) c.input.addEventListener("input", () => { writeHash(); show(); });
  window.addEventListener("hashchange", readHash);
  readHash();
  requestAnimationFrame(() => document.body.classList.add("ready"));  // moves ease from here on, not from 0, 0
})();
