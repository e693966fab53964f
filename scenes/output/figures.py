"""Static figures for docs and printed notes, in the scenes' palette, every value from losscore.

    python -m scenes.output.figures OUT_DIR [--loss-file FILE]

For every loss in losscore.LOSSES, drawn as its registry picture's kind asks (DRAWINGS): a loss of one prediction,
its curve and its derivative side by side over the sweep its Picture gives; a loss of pairs, triplets or a batch
(an Embedding), the points before and after gradient descent with the margin, and L at each step; a sequence loss
(a Trellis), the per-step probabilities, the trellis of the label and the posterior γ; a distance between two
samples (a Transport), the mass moved and the area between the two CDFs. Each → OUT_DIR/<name>.png and .svg (light)
and <name>-dark.png / .svg. Also `regression-comparison` (MAE, MSE, Huber, log-cosh on one residual axis) and
`bce-branches` (BCE for y = 1 and y = 0). With --loss-file, the same figures of that file's losses, and only those.
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
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

import losscore  # noqa: E402
from losscore.custom import LossFileError  # noqa: E402
from losscore.params import closest  # noqa: E402
from scenes.kit import EmbeddingNumbers, axis_range, jumps  # noqa: E402
from scenes.output.files import atomic  # noqa: E402
from scenes.output.pipeline import user_losses  # noqa: E402
from scenes.theme import DARK, LIGHT  # noqa: E402  (imports no manim)

SIZE, DPI = (8.0, 3.2), 150  # 1200 × 480 px
plt.rcParams["svg.hashsalt"] = "lossviz"  # SVG ids from a fixed salt: the same figure gives the same file
VARIANTS = {"": LIGHT, "-dark": DARK}


def _style(fig, axes, theme, plots=True):
    """The theme's colours on `fig` and its `axes`; `plots`: axes with a grid and a zero line, else a diagram's
    (no spines, no grid)."""
    fig.patch.set_facecolor(theme.background)
    for ax in axes:
        ax.set_facecolor(theme.background)
        for spine in ax.spines.values():
            spine.set_color(theme.axes)
        ax.spines[["top", "right"] if plots else slice(None)].set_visible(False)
        ax.tick_params(colors=theme.axes, labelcolor=theme.text)
        ax.xaxis.label.set_color(theme.text)
        ax.yaxis.label.set_color(theme.text)
        ax.title.set_color(theme.text)
        if plots:
            ax.grid(color=theme.muted, alpha=0.25, linewidth=0.6)
            ax.axhline(0, color=theme.axes, linewidth=0.8)
        else:
            ax.tick_params(length=0)


def _legend(ax, theme, **options):
    for text in ax.legend(**{"frameon": False, **options}).get_texts():
        text.set_color(theme.text)


def _break_jumps(values):
    """NaN after each jump of a curve (the kit's `jumps`, as the anatomy finds them), so the plot shows a gap, not a
    vertical line."""
    out = values.astype(float).copy()
    out[1:][jumps(values)] = np.nan
    return out


def _limits(values):
    """y-limits: the anatomy's axis range (a blow-up left off, as there), with a margin."""
    low, high = axis_range(values)
    pad = 0.06 * (high - low)
    return low - pad, high + pad


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
        _legend(left, theme, fontsize=9)
    left.set_ylim(*_limits(np.concatenate(losses)))
    right.set_ylim(*_limits(np.concatenate(grads)))
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
    _legend(ax, theme)
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
    _legend(ax, theme, loc="upper center")
    _style(fig, (ax,), theme)
    fig.tight_layout()
    return fig


def _number(value):
    """A number for a title: three significant digits, a small one as 1.2e-06 rather than 0.00, a true minus."""
    return f"{value:.3g}".replace("-", "−")


class FigureError(ValueError):
    """A loss whose picture no figure knows how to draw."""


# ---- losses of pairs, triplets and batches: an Embedding picture ---------------------------------------------------

def _ring(ax, center, radius, color, label, dash="--"):
    ax.add_patch(plt.Circle(center, radius, fill=False, edgecolor=color, linestyle=dash, linewidth=1.6, label=label))


def _rays(ax, angles, color, label):
    """Dashed rays from the origin at `angles`, past the unit circle (named once in the legend)."""
    for k, angle in enumerate(angles):
        ax.plot([0.0, 1.25 * np.cos(angle)], [0.0, 1.25 * np.sin(angle)], color=color, linestyle="--",
                linewidth=1.6, label=None if k else label)


def _distance_rings(ax, numbers, points, theme):
    """Around a, a ring through p and one m beyond it, which n must leave."""
    a, p = points[:2]
    near, (name_a, name_p), m = float(losscore.pairwise_distance(a, p)), numbers.picture.names[:2], numbers.margin
    _ring(ax, a, near, theme.target, f"$d({name_a}, {name_p})$", dash=":")
    _ring(ax, a, near + m, theme.emphasis, f"$d({name_a}, {name_p}) + m$, m = {m:g}")


def _radius_ring(ax, numbers, points, theme):
    """A ring of radius m around a, which n must leave."""
    _ring(ax, points[0], numbers.margin, theme.emphasis, f"radius m = {numbers.margin:g}")


def _cone(ax, numbers, points, theme):
    """The cone cos(a, ·) > m around a's direction, which n must leave."""
    heading, half = np.arctan2(points[0][1], points[0][0]), np.arccos(numbers.margin)
    _rays(ax, (heading - half, heading + half), theme.emphasis, f"cone cos > m = {numbers.margin:g}")


def _ties(ax, numbers, points, theme):
    """Where a's class and n's tie: with no margin (muted), and with the loss's, moved towards p: a must pass it."""
    for margin, color, label in ((0.0, theme.muted, "tie, no margin"),
                                 (numbers.margin, theme.emphasis, f"tie, margin m = {numbers.margin:g}")):
        angle = numbers.tie(points, margin)
        if angle is not None:
            _rays(ax, [angle], color, label)


# how each Embedding geometry draws its margin (as scenes.embedding's PLANES do on screen); None: it has none
MARGINS = {"distance": _distance_rings, "radius": _radius_ring, "angle": _cone, "boundary": _ties, "softmax": None}


def _name_offsets(points, angular):
    """Where each point's name goes, in points of type from the point: away from the points' centre; for a
    direction, beyond its tip and turned away from the direction it is compared with (a's: p's; the others': a's),
    so that two directions that come together keep their names apart."""
    if not angular:
        away = points - points.mean(axis=0)
    else:
        away = []
        for i, tip in enumerate(points / np.linalg.norm(points, axis=1, keepdims=True)):
            other = points[1 if i == 0 else 0]
            anticlockwise = other[0] * tip[1] - other[1] * tip[0] >= 0  # of the direction it is compared with
            away.append(0.6 * tip + 0.8 * (1.0 if anticlockwise else -1.0) * np.array([-tip[1], tip[0]]))
    return 11 * np.array(away) / np.maximum(np.linalg.norm(away, axis=1, keepdims=True), 1e-9)


def embedding_figure(spec, theme):
    """Left, the picture's points where they start (hollow, with the way descent moves them) and where gradient
    descent leaves them (filled, with the margin there); right, L at every step, from its first value to its last
    (no panel titles: the plane, square, takes the figure's whole height)."""
    picture = spec.picture
    numbers = EmbeddingNumbers(spec, picture, spec.picture_params)
    path = numbers.path
    losses = np.array([numbers.loss(points) for points in path])
    start, end = path[0], path[-1]
    angular = numbers.by_angle
    fig, (plane, curve) = plt.subplots(1, 2, figsize=SIZE, dpi=DPI, width_ratios=(1.2, 1))
    if angular:  # where unit vectors end
        plane.add_patch(plt.Circle((0.0, 0.0), 1.0, fill=False, edgecolor=theme.muted, alpha=0.6))
    if MARGINS[picture.geometry]:  # where descent leaves the points
        MARGINS[picture.geometry](plane, numbers, end, theme)
    colors = (theme.text, theme.target, *[theme.emphasis] * (len(start) - 2))  # a, p, the points unlike a
    for i, (name, color, offset) in enumerate(zip(picture.names, colors, _name_offsets(end, angular))):
        if angular:  # a direction: drawn as a vector
            plane.plot([0.0, end[i, 0]], [0.0, end[i, 1]], color=color, linewidth=1.8)
        plane.plot(path[:, i, 0], path[:, i, 1], color=color, linewidth=1.0, alpha=0.6)
        plane.plot(*start[i], marker="o", markersize=8, markerfacecolor="none", markeredgecolor=color,
                   markeredgewidth=1.8, gid=f"start {i}")
        plane.plot(*end[i], marker="o", markersize=8, color=color, gid=f"end {i}")
        plane.annotate(f"${name}$", end[i], xytext=offset, textcoords="offset points", ha="center", va="center",
                       color=color, fontsize=12)
    push = -numbers.gradient(start)  # the way descent moves each point, from losscore
    longest = float(np.linalg.norm(push, axis=1).max())
    if longest > 0:  # the longest arrow a third of the points' spread
        scale = 0.33 * float(np.ptp(path.reshape(-1, 2), axis=0).max()) / longest
        plane.quiver(*start.T, *(scale * push).T, angles="xy", scale_units="xy", scale=1, color=theme.gradient,
                     width=0.006, zorder=3)
    plane.autoscale_view()
    for limits, setter in ((plane.get_xlim(), plane.set_xlim), (plane.get_ylim(), plane.set_ylim)):
        setter(limits[0] - 0.12 * np.ptp(limits), limits[1] + 0.12 * np.ptp(limits))  # room for the names
    plane.set_aspect("equal", adjustable="box", anchor="W")
    key = [Line2D([], [], linestyle="", marker="o", markerfacecolor="none", markeredgecolor=theme.text,
                  markeredgewidth=1.5, label="start"),
           Line2D([], [], linestyle="", marker=r"$\rightarrow$", markersize=12, color=theme.gradient,
                  label="descent"),
           Line2D([], [], linestyle="", marker="o", color=theme.text, label=f"after {picture.steps} steps")]
    margin = plane.get_legend_handles_labels()[0]  # what the margin drew, named
    _legend(plane, theme, handles=key + margin, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside
    steps = np.arange(len(losses))
    curve.plot(steps, losses, color=theme.loss, linewidth=2.4, marker="o", markersize=4, gid="loss per step")
    for step in (0, steps[-1]):
        curve.annotate(_number(losses[step]), (step, losses[step]), xytext=(0, 8), textcoords="offset points",
                       ha="left" if step == 0 else "right", color=theme.loss, fontsize=10)
    spread = np.ptp(losses) or 1.0
    curve.set(xlabel=f"descent step (η = {picture.rate:g})", ylabel="$L$",
              ylim=(min(0.0, losses.min()) - 0.05 * spread, losses.max() + 0.18 * spread))
    curve.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(f"{spec.title} — {picture.inputs_in_words}", fontsize=11, color=theme.text)
    _style(fig, (plane, curve), theme)
    fig.tight_layout()
    return fig


# ---- sequence losses: a Trellis picture ---------------------------------------------------------------------------

def _fill(theme):
    """Cell and node fills: the background at 0, the prediction's colour at 1."""
    return LinearSegmentedColormap.from_list("fill", [theme.background, theme.prediction])


def _cell_text(value):
    """A share in a cell, two decimals: "0" only where it is 0 (no path), "<0.01" where it is not but rounds so."""
    return "0" if value == 0 else "<0.01" if value < 0.005 else f"{value:.2f}"


def _class_grid(ax, values, classes, theme):
    """A cell per (step, class) of `values` (steps × classes, in [0, 1]), filled by its value and written in it."""
    ax.imshow(values.T, cmap=_fill(theme), vmin=0.0, vmax=1.0, aspect="auto")
    for (step, klass), value in np.ndenumerate(values):
        ax.text(step, klass, _cell_text(value), ha="center", va="center", fontsize=9,
                color=theme.background if value > 0.6 else theme.text)
    _step_axis(ax, len(values))
    ax.set_yticks(np.arange(len(classes)), classes)
    ax.set_xticks(np.arange(1, len(values)) - 0.5, minor=True)  # lines between the cells
    ax.set_yticks(np.arange(1, len(classes)) - 0.5, minor=True)
    ax.grid(which="minor", color=theme.background, linewidth=2)
    ax.tick_params(which="minor", length=0)


def _step_axis(ax, count):
    """The x axis of `count` steps, numbered from 1 as the story numbers them."""
    ax.set_xticks(np.arange(count), [str(s + 1) for s in range(count)])
    ax.set_xlabel("step")


def _trellis(ax, numbers, theme):
    """A node per (step, state) on some path that spells the label, the moves between them, each filled by its
    share of all paths; the two end nodes, which hold P(label), ringed."""
    shares, nodes = numbers.node_shares(), numbers.nodes()
    for step, state in nodes:
        for following in numbers.moves(state):
            if (step + 1, following) in nodes:
                ax.plot([step, step + 1], [state, following], color=theme.muted, linewidth=1.0, alpha=0.7, zorder=1)
    steps, states = np.array(nodes).T
    ax.scatter(steps, states, s=90, c=shares[steps, states], cmap=_fill(theme), vmin=0.0, vmax=1.0,
               edgecolors=theme.text, linewidths=1.0, zorder=2)
    last, end = len(numbers.probabilities) - 1, len(numbers.states) - 1
    ax.scatter([last, last], [end - 1, end], s=260, facecolors="none", edgecolors=theme.loss, linewidths=1.8,
               zorder=3)
    _step_axis(ax, len(numbers.probabilities))
    ax.set_yticks(np.arange(len(numbers.states)), [numbers.classes[k] for k in numbers.states])
    ax.set_ylim(len(numbers.states) - 0.5, -0.5)
    ax.set_xlim(-0.5, last + 0.5)


def _colour_class_names(axes, theme):
    """The blank's name muted, the letters' in the target's colour (they spell the label), as on screen."""
    for ax in axes:
        for tick in ax.get_yticklabels():
            tick.set_color(theme.muted if tick.get_text() == "–" else theme.target)


def trellis_figure(spec, theme):
    """The per-step probabilities ŷ, the trellis of the label (each node filled by its share of all paths, the ends
    that hold P(label) ringed) and the posterior γ the gradient pulls ŷ towards; P(label) and L in the title, to
    the decimals the story shows them with."""
    from scenes.sequence import Alignments, readout_places  # the story's numbers, from its scene module

    picture = spec.picture
    numbers = Alignments(picture.classes, picture.label, picture.logits)
    p, loss = numbers.label_probability, numbers.loss
    p_places, loss_places = readout_places(p, loss)
    p = f"{p:.2e}" if p_places == "sci" else f"{p:.{p_places}f}"
    fig, (before, trellis, after) = plt.subplots(1, 3, figsize=SIZE, dpi=DPI, width_ratios=(1, 1.2, 1))
    _class_grid(before, numbers.probabilities, numbers.classes, theme)
    _trellis(trellis, numbers, theme)
    _class_grid(after, numbers.gamma, numbers.classes, theme)
    before.set_title("ŷ per step", fontsize=11)
    trellis.set_title(f"paths that spell {numbers.word}, filled by\ntheir share of all paths", fontsize=11)
    after.set_title("γ per step: each class's share,\nwhere the gradient pulls ŷ", fontsize=11)
    fig.suptitle(f"{spec.title}: P({numbers.word}) = {p}, L = −log P = {loss:.{loss_places}f}", fontsize=11,
                 color=theme.text)
    _style(fig, (before, trellis, after), theme, plots=False)
    _colour_class_names((before, trellis, after), theme)
    fig.tight_layout()
    return fig


# ---- distances between two samples: a Transport picture -----------------------------------------------------------

ROWS = {"prediction": 0.3, "target": -0.3}  # heights of ŷ's and y's rows above and below the line


def transport_figure(spec, theme):
    """Left, ŷ above the line and y below it, each ŷ's arrow to the y it is carried to (the mass moved) and, above
    it, the way descent moves it; right, the two CDFs and the area between them, which is L."""
    picture = spec.picture
    values, target = np.array(picture.prediction, dtype=float), np.array(picture.target, dtype=float)
    loss, grad = float(spec.fn(values, target)), np.asarray(spec.grad(values, target), dtype=float)
    fig, (line, cdfs) = plt.subplots(1, 2, figsize=SIZE, dpi=DPI)
    for value, partner in zip(values, picture.partners(values)):
        line.annotate("", xy=(partner, ROWS["target"]), xytext=(value, ROWS["prediction"]),
                      arrowprops={"arrowstyle": "-|>", "color": theme.residual, "linewidth": 1.6, "shrinkA": 6,
                                  "shrinkB": 6})
    line.plot(values, np.full(len(values), ROWS["prediction"]), "o", color=theme.prediction, markersize=8)
    line.plot(target, np.full(len(target), ROWS["target"]), "o", color=theme.target, markersize=8)
    scale = 0.12 * np.ptp(picture.x_range) / (np.abs(grad).max() or 1.0)  # the largest pull an eighth of the line
    pulls = ROWS["prediction"] + 0.16  # the height of the arrows of descent, above ŷ
    line.quiver(values, np.full(len(values), pulls), -scale * grad, np.zeros(len(values)), angles="xy",
                scale_units="xy", scale=1, color=theme.gradient, width=0.006)
    first = int(np.argmin(values))
    line.annotate(r"$-\partial L / \partial \hat{y}$", (values[first], pulls), xytext=(0, 9),
                  textcoords="offset points", color=theme.gradient, fontsize=10)
    line.set(xlim=picture.x_range, ylim=(-0.6, 0.8))
    line.set_yticks(list(ROWS.values()), [r"$\hat{y}$", "$y$"])
    line.set_title("the mass moved: each ŷ to the y of its rank", fontsize=11)
    edges, mine, theirs = picture.cdfs(values)
    low, high = picture.x_range
    ends = np.concatenate([[low], edges, [high]])
    cdfs.stairs(np.maximum(mine, theirs), edges, baseline=np.minimum(mine, theirs), fill=True, color=theme.residual,
                alpha=0.35, label="area = L")
    for shares, color, width, name in ((theirs, theme.target, 5.0, "$F_y$"), (mine, theme.prediction, 2.2,
                                                                               r"$F_{\hat{y}}$")):
        cdfs.stairs(np.concatenate([[0.0], shares, [1.0]]), ends, baseline=None, color=color, linewidth=width,
                    label=name)
    cdfs.set(xlim=picture.x_range, ylim=(-0.05, 1.08), ylabel="$F$")
    cdfs.set_title("their CDFs: L is the area between them", fontsize=11)
    fig.suptitle(f"{spec.title}: L = {_number(loss)}", fontsize=11, color=theme.text)
    _legend(cdfs, theme, fontsize=9, loc="upper left")
    _style(fig, (line, cdfs), theme)
    for tick, color in zip(line.get_yticklabels(), (theme.prediction, theme.target)):
        tick.set_color(color)
    fig.tight_layout()
    return fig


# The figure of a registry loss, by the kind of its picture (as scenes.anatomy's STORIES picks its video): a new
# kind of picture is one entry here.
DRAWINGS = {losscore.Picture: loss_figure, losscore.Embedding: embedding_figure, losscore.Trellis: trellis_figure,
            losscore.pictures.Transport: transport_figure}


def drawing(name, spec):
    """The function that draws loss `name`'s figure, picked by its picture's kind; FigureError for a kind (or an
    Embedding's geometry) no figure draws yet."""
    kind = type(spec.picture)
    if kind not in DRAWINGS:
        raise FigureError(f"loss {name!r}: no figure draws a picture of kind {kind.__name__} (figures draw "
                          f"{', '.join(k.__name__ for k in DRAWINGS)}: add its drawing to DRAWINGS)")
    if kind is losscore.Embedding and spec.picture.geometry not in MARGINS:
        geometry = spec.picture.geometry
        raise FigureError(f"loss {name!r}: no figure draws the margin of an Embedding of geometry {geometry!r}"
                          f"{closest(geometry, MARGINS)} (figures draw {', '.join(MARGINS)}: add it to MARGINS)")
    return DRAWINGS[kind]


def figures(losses=None):
    """(file stem, theme, figure factory) for every figure; for `losses` ({name: Loss}, a loss file's), theirs."""
    for suffix, theme in VARIANTS.items():
        for name, spec in (losses or losscore.LOSSES).items():
            draw = drawing(name, spec)
            yield name + suffix, theme, lambda draw=draw, spec=spec, theme=theme: draw(spec, theme)
        if not losses:
            yield "regression-comparison" + suffix, theme, lambda theme=theme: regression_comparison(theme)
            yield "bce-branches" + suffix, theme, lambda theme=theme: bce_branches(theme)


def save(fig, path):
    # laid out once, by the drawing (tight_layout): left set, savefig would lay the figure out again for each file
    fig.set_layout_engine(None)
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
    except (LossFileError, FigureError) as err:
        sys.exit(f"error: {err}")
    out.mkdir(parents=True, exist_ok=True)
    # one figure takes matplotlib ~0.15 s and there are over a hundred: draw them on every core
    with ProcessPoolExecutor(min(os.cpu_count() or 1, total), mp_context=multiprocessing.get_context("fork")) as pool:
        count = sum(pool.map(draw, range(total), [out] * total, [loss_file] * total))
    print(f"  done  {out}/  {count} files")


if __name__ == "__main__":
    main(sys.argv)
