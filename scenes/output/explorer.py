"""The explorer: an interactive page for every loss of one prediction, and one for softmax, that open from disk.

    python -m scenes.output.explorer OUT_DIR   → OUT_DIR/index.html, OUT_DIR/<loss>.html, OUT_DIR/softmax.html

The page computes nothing. losscore samples the loss and its derivative here, on a grid of the swept variable for
every setting of the loss's tunable parameters (each `Param.grid()`); the samples ship inside the page, rounded to
the digits it shows, and its sliders move on that grid, so every number on it is losscore's at the values it
displays. The state lives in the URL hash (`huber.html#yhat=0.7&delta=1.5`; `&embed` keeps only the plots and
the sliders, for an <iframe>). The page's script and style are the files in scenes/output/explorer/.
"""

import html
import itertools
import json
import math
import re
import sys
import tempfile
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import numpy as np
from matplotlib.ticker import MaxNLocator

import losscore
from losscore.params import Param
from scenes.kit.notes import GREEK
from scenes.kit.notes import plain as notes_plain
from scenes.output.figures import _break_jumps
from scenes.output.files import atomic
from scenes.output.gallery import formula_img, formula_tex, prefetch_formulas, render_formula
from scenes.theme import DARK, LIGHT, Theme

ASSETS = Path(__file__).with_name("explorer")  # page.js, page.css
PAGE_LIMIT = 300_000  # bytes a page may weigh
SIGNIFICANT = 4  # digits a loss, a gradient or a probability is shown (and shipped) with
MAX_POINTS = 241  # samples of the swept variable on a curve, when the parameters leave room
BLOW_UP = 8  # a y axis leaves out values beyond 8 times the curve's typical size (and beyond ±8)
SAMPLE_BUDGET = 30_000  # numbers one page ships: a loss with many parameter settings gets fewer points per curve
MINUS = "\u2212"  # the minus sign the videos print
FORMULA_SCALE = 1.3  # a page's formula at 1.3 times its typeset size
FORMULAS = [*losscore.LOSSES, "softmax"]  # the formulas the pages and the index show


def minus(text):
    return text.replace("-", MINUS)


def plain(tex):
    """A short LaTeX label as text: ``\\hat{y}_k`` → ``ŷ_k``, ``\\log y`` → ``log y``."""
    return notes_plain(tex.replace(r"\log ", r"\log{} "))  # keep the space after log, which plain() drops


def shipped(values, what):
    """`values` rounded to SIGNIFICANT digits, as compact JSON numbers (what the page shows, digit for digit)."""
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what}: losscore gave values that are not finite on the explorer's grid")
    text = json.dumps([float(f"{v:.{SIGNIFICANT - 1}e}") for v in values.ravel().tolist()], separators=(",", ":"))
    return re.sub(r"\.0(?=[,\]])", "", text).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def decimals_of(step):
    return max(0, -Decimal(repr(step)).normalize().as_tuple().exponent)


def nice_steps():
    for power in range(-4, 4):
        for mantissa in (1, 2, 2.5, 5):
            yield round(mantissa * 10.0**power, 10)


def x_grid(picture, most):
    """At most `most` round values of x across the picture's range, a nice step apart, so that each shows exactly
    with the step's decimals (the ends left out where they are open, as Picture.xs leaves them out)."""
    low, high = picture.x_range
    inset = 0.005 * (high - low) if picture.open_ends else 0.0
    for step in nice_steps():
        first, last = math.ceil((low + inset) / step - 1e-9), math.floor((high - inset) / step + 1e-9)
        if last - first + 1 <= most:
            return [round(k * step, decimals_of(step)) for k in range(first, last + 1)], step
    raise ValueError(f"no grid of at most {most} points over {picture.x_range}")


def control(key, label, values, default, step, meaning=""):
    """What the page needs of one slider: its hash key, label, grid (`step` apart), start (the grid point nearest
    `default`) and the decimals that show a grid value exactly."""
    start = int(np.argmin(np.abs(np.asarray(values) - default)))
    return {"key": key, "label": label, "values": values, "start": start, "step": step,
            "decimals": decimals_of(step), "meaning": meaning}


def param_control(param, label=None):
    values = param.grid()
    return control(param.name, label or GREEK.get(param.name, param.name.replace("_", " ")), values, param.default,
                   param.step, param.meaning)


def ticks(low, high):
    """[value, label] of round ticks inside [low, high], labelled with the minus sign the videos print."""
    return [[float(t), minus(f"{t:g}")] for t in MaxNLocator(nbins=6).tick_values(low, high) if low <= t <= high]


def y_axis(values):
    """[limits, ticks] of a y axis from a round tick at or below min(0, `values`) to one at or above their max,
    leaving out only a blow-up (a log near 0) beyond both ±8 and BLOW_UP times the curve's typical size. The reader
    may drag the point anywhere, so these axes cut less than the figures' (±8) or the anatomy's (4 × typical)."""
    cap = max(8.0, BLOW_UP * float(np.median(np.abs(values))))
    shown = np.clip(values, -cap, cap)
    low, high = min(0.0, shown.min()), max(0.0, shown.max())
    bounds = MaxNLocator(nbins=6).tick_values(low, high if high > low else low + 1.0)  # a flat 0: axes up to 1
    limits = [float(bounds[0]), float(bounds[-1])]
    return [limits, ticks(*limits)]


def settings(params):
    """Every combination of the parameters' grid values, the last parameter varying fastest (as the page counts)."""
    return [dict(zip((p.name for p in params), combo)) for combo in itertools.product(*(p.grid() for p in params))]


def curve_samples(spec):
    """(page data, samples, y) of a loss of one prediction: its sliders (x, then each tunable parameter), for
    every parameter setting its y axes and where its derivative jumps, and losscore's L and dL/dx on the x grid."""
    picture = spec.picture
    combos = settings(spec.tunable)
    xs, step = x_grid(picture, min(MAX_POINTS, SAMPLE_BUDGET // (2 * len(combos))))
    x = np.asarray(xs)
    losses, grads, breaks, axes = [], [], [], []
    for combo in combos:
        loss, grad = spec.one_prediction(x, **{**spec.picture_params, **combo})
        losses.append(loss)
        grads.append(grad)
        breaks.append(np.flatnonzero(np.isnan(_break_jumps(grad))).tolist())
        axes.append([y_axis(loss), y_axis(grad)])
    low, high = picture.x_range
    x_label = plain(picture.x_label)
    y_true = np.asarray(picture.inputs(x[:1])[0][0], dtype=float)
    data = {
        "kind": "curve",
        "digits": SIGNIFICANT,
        "controls": [control("yhat", x_label, xs, low + 0.2 * (high - low), step),
                     *map(param_control, spec.tunable)],
        "x": {"limits": [low, high], "ticks": ticks(low, high), "label": x_label},
        "grad_label": f"∂L/∂{x_label}",
        "axes": axes,
        "target": None if picture.right_at is None else {"at": picture.right_at,
                                                         "label": plain(picture.right_at_label)},
        "breaks": breaks,
    }
    samples = ('{"loss":[' + ",".join(shipped(v, spec.name) for v in losses) + '],"grad":[' +
               ",".join(shipped(v, spec.name) for v in grads) + "]}")
    return data, samples, y_true


def softmax_params():
    """The softmax page's sliders: a logit for each class of the Softmax story, from its start, and a temperature.
    Every combination ships, so the logits move on a coarser grid than the story's own (0.5 apart, within ±3)."""
    from scenes.classification import CLASSES, Softmax

    start = next(p for p in Softmax.parameters if p.name == "logits").default
    logits = [Param(name=c, default=z, low=-3.0, high=3.0, step=0.5, meaning=f"the logit of {c}")
              for c, z in zip(CLASSES, start)]
    temperature = Param(name="temperature", default=1.0, low=0.5, high=2.0, step=0.5,
                        meaning="T: above 1 flattens the probabilities, below 1 sharpens them")
    return logits, temperature


def softmax_samples():
    logits, temperature = softmax_params()
    probabilities = np.vstack([
        losscore.softmax(np.array([combo[p.name] for p in logits]), temperature=combo[temperature.name])
        for combo in settings([*logits, temperature])])
    data = {
        "kind": "softmax",
        "digits": SIGNIFICANT,
        "controls": [*(param_control(p, f"z ({p.name})") for p in logits), param_control(temperature, "T")],
        "classes": [p.name for p in logits],
        "ticks": ticks(0.0, 1.0),
    }
    return data, '{"probabilities":' + shipped(probabilities, "softmax") + "}"


def formula_svg(key):
    """The formula's SVG as render_formula typesets it (through the shared TeX cache)."""
    with tempfile.TemporaryDirectory() as folder:
        render_formula(key, Path(folder) / "formula.svg")
        return (Path(folder) / "formula.svg").read_text(encoding="utf-8")


def inline_svg(svg, label):
    """The formula's SVG to put inside a page (no XML prolog, named for readers), at FORMULA_SCALE of its
    typeset size in CSS pixels; the page's style fills it with the text colour."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"(width|height)='([0-9.]+)pt'", lambda m: f"{m[1]}='{float(m[2]) * 4 / 3 * FORMULA_SCALE:.1f}'",
                 svg, count=2)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def theme_css():
    """The theme's colours as CSS variables: light by default, dark where the reader prefers it."""
    def variables(theme):
        return " ".join(f"--{f.name}: {getattr(theme, f.name)};" for f in fields(Theme) if f.name != "name")
    return (f":root {{ color-scheme: light dark; {variables(LIGHT)} }}\n"
            f"@media (prefers-color-scheme: dark) {{ :root {{ {variables(DARK)} }} }}\n")


def asset(name):
    return (ASSETS / name).read_text(encoding="utf-8")


def slider(c):
    """A labelled range input over the indices of a control's grid; the page writes its value and valuetext."""
    id_ = "yhat" if c["key"] == "yhat" else f"param-{c['key']}"
    meaning = (f'<small class="chrome" id="{id_}-meaning">{html.escape(c["meaning"])}</small>'
               if c["meaning"] else "")
    described = f' aria-describedby="{id_}-meaning"' if c["meaning"] else ""
    return f"""<div class="control">
  <label for="{id_}">{html.escape(c["label"])}</label>
  <input type="range" id="{id_}" min="0" max="{len(c["values"]) - 1}" step="1"
         value="{c["start"]}"{described}>
  <output id="{id_}-value" for="{id_}"></output>{meaning}
</div>"""


def grid_words(c):
    first, last, step = (minus(f"{v:.{c['decimals']}f}") for v in (c["values"][0], c["values"][-1], c["step"]))
    return f"{html.escape(c['label'])} from {first} to {last} in steps of {step}"


def page(title, heading, body, data, samples, links):
    """A whole page: the chrome (hidden by #embed), the plots and controls in `body`, the data and the script."""
    about = "; ".join(grid_words(c) for c in data["controls"])
    count = math.prod(len(c["values"]) for c in data["controls"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · lossviz explorer</title>
<style>{theme_css()}{asset("page.css")}</style></head>
<body>
<header class="chrome">
  <nav>{links}</nav>
  {heading}
</header>
<main>
{body}
</main>
<section class="chrome about">
  <h2>Where the numbers come from</h2>
  <p>losscore computed every value on this page when it was built, at {count:,} points: {about}. The sliders move
  on that grid and the page only looks the values up; it computes nothing. Each value is shown to
  {SIGNIFICANT} significant digits, exactly as losscore gives it there.</p>
  <p>The address keeps the view: copy it to share this state. Add <code>&amp;embed</code> to it to show only the
  plot and the sliders, for an <code>&lt;iframe&gt;</code> in a docs page.</p>
</section>
<noscript><p>This page draws with JavaScript; without it only the text shows.</p></noscript>
<script type="application/json" id="page-data">{json.dumps(data, separators=(",", ":"), ensure_ascii=False)}</script>
<script type="application/json" id="samples">{samples}</script>
<script>{asset("page.js")}</script>
</body></html>
"""


def loss_page(spec):
    data, samples, y_true = curve_samples(spec)
    x_label = data["x"]["label"]
    y_text = minus(f"{float(y_true):g}" if y_true.ndim == 0 else "(" + ", ".join(f"{v:g}" for v in y_true) + ")")
    formula = inline_svg(formula_svg(spec.name), spec.formula)
    heading = f"""<h1>{html.escape(spec.title)}</h1>
  <div class="formula">{formula}</div>
  <p class="lesson">{html.escape(spec.lesson)} <span class="held">Held fixed: {html.escape(spec.picture.held_fixed)}.
  </span></p>"""
    body = f"""<figure class="plots">
  <div class="panels">
    <svg id="loss-plot" class="panel" viewBox="0 0 520 320" role="img" aria-label="the loss L against {x_label}">
    </svg>
    <svg id="grad-plot" class="panel" viewBox="0 0 520 320" role="img"
         aria-label="the derivative {data["grad_label"]} against {x_label}"></svg>
  </div>
  <figcaption class="readouts">
    <span class="target">y = <span id="y-true-value">{y_text}</span></span>
    <span class="loss">L = <output id="loss-value"></output></span>
    <span class="gradient">{html.escape(data["grad_label"])} = <output id="grad-value"></output></span>
  </figcaption>
</figure>
<form class="controls" onsubmit="return false">
{"".join(slider(c) for c in data["controls"])}
</form>"""
    links = (f'<a href="index.html">Every loss</a> <a href="../gallery/index.html#anatomy-{spec.name}">'
             f"Its anatomy video, in the gallery</a>")
    return page(spec.title, heading, body, data, samples, links)


def softmax_page():
    data, samples = softmax_samples()
    heading = f"""<h1>Softmax</h1>
  <div class="formula">{inline_svg(formula_svg("softmax"), losscore.ACTIVATIONS["softmax"])}</div>
  <p class="lesson">Logits of any sign become probabilities that sum to 1; the temperature T divides every logit
  first.</p>"""
    readouts = "".join(f'<span class="prediction">ŷ ({c}) = <output id="prob-{c}-value"></output></span>'
                       for c in data["classes"])
    body = f"""<figure class="plots">
  <div class="panels"><svg id="bars-plot" class="panel" viewBox="0 0 520 320" role="img"
       aria-label="the probability of each class"></svg></div>
  <figcaption class="readouts">{readouts}</figcaption>
</figure>
<form class="controls" onsubmit="return false">
{"".join(slider(c) for c in data["controls"])}
</form>"""
    return page("Softmax", heading, body, data, samples, '<a href="index.html">Every loss</a>')


def index_page(out):
    """Every loss with its formula (the gallery's <img> of out/formulas/<key>.svg), linked to its page where it has
    one."""
    cards = []
    for key in [*losscore.LOSSES, "softmax"]:
        spec = losscore.LOSSES.get(key)
        title, lesson = (spec.title, spec.lesson) if spec else ("Softmax", "Logits to probabilities that sum to 1.")
        if spec is None or spec.takes_one_prediction:
            heading, note = f'<a href="{key}.html">{html.escape(title)}</a>', ""
        else:
            heading = html.escape(title)
            note = (f'<p class="held">It judges {", ".join(spec.inputs)}, not one prediction, so it has no slider '
                    f'page: see <a href="../gallery/index.html#anatomy-{key}">its anatomy video</a>.</p>')
        cards.append(f"""<section class="card" id="{key}"><h2>{heading}</h2>
  {formula_img(key, out)}
  <p>{html.escape(lesson)}</p>{note}</section>""")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lossviz explorer</title>
<style>{theme_css()}{asset("page.css")}</style></head>
<body class="index">
<h1>lossviz explorer</h1>
<p class="lesson">Drag the prediction, slide the parameters, read the loss and its gradient. Every number is one
losscore computed, sampled on the sliders' grid when these pages were built; they open from disk, with no
network.</p>
<div class="grid">{"".join(cards)}</div>
</body></html>
"""


def build(out):
    """Every page, made in memory and checked before any is written (each file atomically, the index last, as
    the Makefile's target): a loss that cannot be sampled, or a page over the limit, leaves no page behind."""
    prefetch_formulas([formula_tex(key) for key in FORMULAS])  # one LaTeX run for them all
    pages = {f"{name}.html": loss_page(spec) for name, spec in losscore.LOSSES.items() if spec.takes_one_prediction}
    pages["softmax.html"] = softmax_page()
    for name, text in pages.items():
        size = len(text.encode("utf-8"))
        if size > PAGE_LIMIT:
            raise ValueError(f"{name} weighs {size:,} bytes, over the {PAGE_LIMIT:,} a page may: sample it coarser")
    (out / "formulas").mkdir(parents=True, exist_ok=True)
    for key in FORMULAS:
        with atomic(out / "formulas" / f"{key}.svg") as tmp:
            tmp.write_text(formula_svg(key), encoding="utf-8")
    pages["index.html"] = index_page(out)
    for name, text in pages.items():
        with atomic(out / name) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return pages


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.exit("usage: python -m scenes.output.explorer OUT_DIR  (writes index.html and a page per loss there)")
    out = Path(argv[1])
    pages = build(out)
    print(f"  done  {out}/index.html  {len(pages) - 1} pages")


if __name__ == "__main__":
    main(sys.argv)
