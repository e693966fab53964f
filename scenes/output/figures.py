"""Static figures for docs and printed notes, in the scenes' palette, every value from losscore.

    python -m scenes.output.figures OUT_DIR [--loss-file FILE]

For every loss of one prediction in losscore.LOSSES: its curve and its derivative side by side, over the sweep its
registry Picture gives → OUT_DIR/<name>.png and .svg (light) and <name>-dark.png / .svg. Also `regression-comparison`
(MAE, MSE, Huber, log-cosh on one residual axis) and `bce-branches` (BCE for y = 1 and y = 0). With --loss-file, the
same figures of that file's losses, and only those.
"""

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import losscore  # noqa: E402
from losscore.custom import LossFileError  # noqa: E402
from scenes.output.files import atomic  # noqa: E402
from scenes.output.pipeline import user_losses  # noqa: E402
from scenes.theme import DARK, LIGHT  # noqa: E402  (imports no manim)

SIZE, DPI = (8.0, 3.2), 150  # 1200 × 480 px
plt.rcParams["svg.hashsalt"] = "lossviz"  # SVG ids from a fixed salt: the same figure gives the same file
VARIANTS = {"": LIGHT, "-dark": DARK}


def _style(fig, axes, theme):
    fig.patch.set_facecolor(theme.background)
    for ax in axes:
        ax.set_facecolor(theme.background)
        for spine in ax.spines.values():
            spine.set_color(theme.axes)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(colors=theme.axes, labelcolor=theme.text)
        ax.xaxis.label.set_color(theme.text)
        ax.yaxis.label.set_color(theme.text)
        ax.title.set_color(theme.text)
        ax.grid(color=theme.muted, alpha=0.25, linewidth=0.6)
        ax.axhline(0, color=theme.axes, linewidth=0.8)


def _break_jumps(values):
    """NaN where a curve jumps (a step in a derivative), so the plot shows a gap, not a vertical line."""
    finite = np.clip(values, -8, 8)
    jump = np.abs(np.diff(finite)) > 0.25 * (np.ptp(finite) or 1.0)
    out = values.astype(float).copy()
    out[1:][jump] = np.nan
    return out


def _limits(values, cap):
    """y-limits holding the curve, with values beyond ±cap (a log's blow-up near 0) left off the top or bottom."""
    shown = np.clip(values, -cap, cap)
    lo, hi = float(shown.min()), float(shown.max())
    pad = 0.06 * (hi - lo or 1.0)
    return lo - pad, hi + pad


def loss_figure(spec, theme):
    picture = spec.picture
    x = picture.xs(1201)
    loss, grad = spec.one_prediction(x, **spec.picture_params)
    x_label, fixed = picture.x_label, picture.held_fixed
    fig, (left, right) = plt.subplots(1, 2, figsize=SIZE, dpi=DPI)
    left.plot(x, loss, color=theme.loss, linewidth=2.4)
    right.plot(x, _break_jumps(grad), color=theme.gradient, linewidth=2.4)
    losses, grads = [loss], [grad]  # what the y-limits must hold
    if spec.beside:  # a related loss, dashed on the same axes (the anatomy draws it too)
        other = losscore.LOSSES[spec.beside.name]
        other_loss, other_grad = other.one_prediction(x, **spec.beside.params)
        name = f"{other.title}, " + ", ".join(f"{k} = {v:g}" for k, v in spec.beside.params.items())
        left.plot(x, other_loss, color=theme.muted, linestyle="--", linewidth=2.0, label=name)
        right.plot(x, _break_jumps(other_grad), color=theme.muted, linestyle="--", linewidth=2.0)
        losses.append(other_loss)
        grads.append(other_grad)
        legend = left.legend(frameon=False, fontsize=9)
        for text in legend.get_texts():
            text.set_color(theme.text)
    left.set_ylim(*_limits(np.concatenate(losses), 8))
    right.set_ylim(*_limits(np.concatenate(grads), 8))
    shown = "".join(f", {k} = {v:g}" for k, v in spec.picture_params.items())
    left.set(xlabel=f"${x_label}$", ylabel="$L$")
    left.set_title(f"{spec.title}\n{fixed}{shown}", fontsize=11)
    right.set(xlabel=f"${x_label}$", ylabel=r"$\partial L / \partial " + x_label + "$")
    numerical = isinstance(spec.grad, losscore.NumericalGradient)  # no gradient given: central differences
    right.set_title("derivative" + (" (numerical)" if numerical else "") + "\n", fontsize=11)
    _style(fig, (left, right), theme)
    fig.tight_layout()
    return fig


def regression_comparison(theme):
    x = np.linspace(-3, 3, 1201)
    fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    styles = (("mae", theme.other, "-"), ("mse", theme.loss, "-"), ("huber", theme.target, "--"),
              ("log_cosh", theme.emphasis, "-."))
    for name, color, dash in styles:
        spec = losscore.LOSSES[name]
        ax.plot(x, spec.one_prediction(x + spec.picture.right_at)[0], color=color, linestyle=dash, linewidth=2.4,
                label=spec.title)
    ax.set(xlabel=r"residual $\hat{y} - y$", ylabel="$L$", ylim=(-0.2, 5), title="Regression losses")
    legend = ax.legend(frameon=False)
    for text in legend.get_texts():
        text.set_color(theme.text)
    _style(fig, (ax,), theme)
    fig.tight_layout()
    return fig


def bce_branches(theme):
    p = np.linspace(0.005, 0.995, 1201)
    fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    for label, color in ((1.0, theme.loss), (0.0, theme.other)):
        loss = losscore.bce(np.full_like(p, label), p, reduction="none")
        ax.plot(p, loss, color=color, linewidth=2.4,
                label=rf"$y = {label:g}$: " + (r"$-\log \hat{y}$" if label else r"$-\log(1 - \hat{y})$"))
    ax.set(xlabel=r"$\hat{y}$", ylabel="$L$", ylim=(-0.2, 5.5), title="Binary cross entropy: two branches")
    legend = ax.legend(frameon=False, loc="upper center")
    for text in legend.get_texts():
        text.set_color(theme.text)
    _style(fig, (ax,), theme)
    fig.tight_layout()
    return fig


def figures(losses=None):
    """(file stem, theme, figure factory) for every figure; for `losses` ({name: Loss}, a loss file's), theirs."""
    for suffix, theme in VARIANTS.items():
        for name, spec in (losses or losscore.LOSSES).items():
            if not spec.takes_one_prediction:  # pairs, triplets and sequences are not one curve
                continue
            yield name + suffix, theme, lambda spec=spec, theme=theme: loss_figure(spec, theme)
        if not losses:
            yield "regression-comparison" + suffix, theme, lambda theme=theme: regression_comparison(theme)
            yield "bce-branches" + suffix, theme, lambda theme=theme: bce_branches(theme)


def save(fig, path):
    with atomic(path) as tmp:
        fig.savefig(tmp, facecolor=fig.get_facecolor(), metadata={"Date": None} if path.suffix == ".svg" else None)


def draw(index, out, loss_file=None):
    """Draw the figure number `index` of figures() (of `loss_file`'s losses, if given) into the folder `out`, as PNG
    and SVG; returns the file count."""
    stem, _, make = list(figures(user_losses(loss_file)))[index]
    fig = make()
    for ext in (".png", ".svg"):
        save(fig, out / f"{stem}{ext}")
    plt.close(fig)
    return 2


def main(argv):
    loss_file = Path(argv[3]).resolve() if len(argv) == 4 and argv[2] == "--loss-file" else None
    if len(argv) != (4 if loss_file else 2) or argv[1].startswith("-"):
        sys.exit("usage: python -m scenes.output.figures OUT_DIR [--loss-file FILE]  (writes a PNG and an SVG of "
                 "every figure there)")
    out = Path(argv[1])
    try:
        total = len(list(figures(user_losses(loss_file))))  # the file is read here, once: the workers are forks
    except LossFileError as err:
        sys.exit(f"error: {err}")
    out.mkdir(parents=True, exist_ok=True)
    # one figure takes matplotlib ~0.15 s and there are over a hundred: draw them on every core
    with ProcessPoolExecutor(min(os.cpu_count() or 1, total), mp_context=multiprocessing.get_context("fork")) as pool:
        count = sum(pool.map(draw, range(total), [out] * total, [loss_file] * total))
    print(f"  done  {out}/  {count} files")


if __name__ == "__main__":
    main(sys.argv)
