"""What a viewer reads off each scene after a step: the values shown and the geometry that carries meaning.
Tests compare these with losscore."""

import numpy as np


def _shown(scene, mob):
    return mob in scene.mobjects


def _arrow(arrow):
    """(start, end) of an arrow's shaft on screen (the tip is at the end), or None when nothing is drawn.
    An arrow redrawn by `become` may hold its shaft in a submobject rather than in its own points."""
    from manim import ArrowTip

    shafts = [m for m in arrow.get_family() if m.has_points() and not isinstance(m, ArrowTip)]
    if not shafts or arrow.get_stroke_opacity() == 0:
        return None
    return shafts[0].get_start().copy(), shafts[0].get_end().copy()


def _numbers(group):
    return [n.get_value() for n in group]


def loss_plot(scene):
    """Scenes with a LossPlot driven by scene.yhat and Readouts (ŷ, L, dL/dŷ)."""
    return {"yhat": scene.plot.tracker.get_value(), "y": scene.plot.y_true,
            "readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "arrow": _arrow(scene.plot.arrow)}


def _extent(mob):
    """(lower left, upper right) of what `mob` draws on screen, or None when it draws nothing."""
    drawn = [m.points for m in mob.get_family() if m.has_points() and (
        m.get_stroke_opacity() > 0.01 or m.get_fill_opacity() > 0.01)]
    if not drawn:
        return None
    points = np.vstack(drawn)
    return points[:, :2].min(axis=0), points[:, :2].max(axis=0)


def _drawn(scene, *mobs):
    """The extents of those of `mobs` that are on screen and draw something."""
    on_screen = set(scene.get_mobject_family_members())
    return [e for e in (_extent(m) for m in mobs if m in on_screen) if e is not None]


def regression(scene):
    """The loss plot's numbers and arrow; each plot's axes box on screen with the extents of what must stay inside
    it (curves, tangent, arrow and, while shown, MAE's dashed comparison with MSE); the compared arrow; the words
    and numbers written beside the plots."""
    plot, dplot = scene.plot, scene.dplot
    on_screen = set(scene.get_mobject_family_members())
    comparison = getattr(scene, "comparison", None)
    compared = comparison is not None and comparison[2] in on_screen
    table = getattr(scene, "table", None)
    return {**loss_plot(scene), "params": dict(scene.params), "boxes": {"plot": plot.box(), "dplot": dplot.box()},
            "in_plot": _drawn(scene, plot.curve, plot.tangent, plot.arrow,
                              *((comparison[0], comparison[2]) if compared else ())),
            "in_dplot": _drawn(scene, dplot.curve, *(comparison[1:2] if compared else ())),
            "compared_arrow": _arrow(comparison[2]) if compared else None,
            "step_labels": [m.tex_string for m in getattr(scene, "step_labels", ()) if m in on_screen],
            "table": [m.tex_string for m in table if m in on_screen] if table is not None and table[0] in on_screen
            else None}


def _box(mob):
    """(lower left, upper right) of what `mob` draws, on screen."""
    points = np.vstack([m.points for m in mob.get_family() if m.has_points() and (
        m.get_stroke_opacity() > 0.01 or m.get_fill_opacity() > 0.01)])
    return points[:, :2].min(axis=0), points[:, :2].max(axis=0)


def _shown_text(number):
    """What a live number shows, as a float (its rounding, as the viewer reads it)."""
    from scenes.kit import shown

    return float(shown(number).replace("−", "-"))


def bce(scene):
    """BCE: the loss plot's readouts, the arrow (its shaft, whether it is drawn cut) and the tangent, with the axes'
    box on screen and the story's arrow scale."""
    arrow, cut = scene.arrow.submobjects
    axes = scene.plot.axes
    return {"yhat": scene.yhat.get_value(), "readouts": _numbers(scene.readouts.values)
            if _shown(scene, scene.readouts) else None, "arrow": _arrow(arrow),
            "cut": cut.get_stroke_opacity() > 0, "arrow_box": _box(arrow) if arrow.get_stroke_opacity() else None,
            "tangent": (scene.tangent.get_start().copy(), scene.tangent.get_end().copy())
            if scene.tangent.get_stroke_opacity() else None,
            "axes_box": (axes.c2p(0, 0)[:2], axes.c2p(1, scene.plot.y_range[1])[:2]),
            "scale": scene.arrow_scale, "cap": scene.arrow_cap, "params": dict(scene.params)}


def bars(scene):
    return {"probabilities": np.array(scene.bars.probabilities()), "bar_values": _numbers(scene.bars.values),
            "bar_shown": [_shown_text(n) for n in scene.bars.values],
            "bar_heights": [b.height for b in scene.bars.bars], "params": dict(scene.params)}


def softmax(scene):
    cells = [_numbers(column[1]) for column in scene.columns]
    shown_cells = [[_shown_text(n) for n in column[1]] for column in scene.columns]
    return {**bars(scene), "logits": scene.logits.values(), "cells": cells, "shown_cells": shown_cells,
            "total": _numbers(scene.total.values), "total_shown": _shown_text(scene.total.values[0])}


def cce(scene):
    descent = scene.descent
    shown = _shown(scene, descent)
    return {**bars(scene), "logits": scene.logits.values(), "readouts": _numbers(scene.loss_readouts.values),
            "readouts_shown": [_shown_text(n) for n in scene.loss_readouts.values],
            "p_true": scene.p_true.get_value(), "onehot": scene.onehot,
            "arrows": [_arrow(a) for a in descent.arrows[-len(descent.xs):]] if shown else None,
            "levels": (descent.zero_line.get_center()[1], descent.arrows[0].get_center()[1]) if shown else None,
            "unit": descent.unit}


def sparse(scene):
    return {**bars(scene), "logits": scene.logits.values(), "readouts": _numbers(scene.losses.values),
            "readouts_shown": [_shown_text(n) for n in scene.losses.values], "k": scene.true_class,
            "storage": [m.tex_string if hasattr(m, "tex_string") else m.original_text for m in scene.storage]
            if hasattr(scene, "storage") else None}


def good_vs_bad(scene):
    return {**bars(scene), "loss": _numbers(scene.meter.values), "p_true": scene.p_true.get_value(),
            "dot": scene.plot.dot.get_center().copy(), "ledger": [m.tex_string for m in scene.ledger]}


def _curve_points(plot, curve):
    """The drawn curve's points, in the plot's data coordinates."""
    points = np.vstack([piece.points for piece in curve.submobjects if piece.has_points()])
    return np.asarray(plot.axes.p2c(points)).reshape(len(points), -1)  # all at once (one by one took seconds)


def outlier_fit(scene):
    """Each fit's (w, b) now, the step, the readouts, the last point of each loss-against-step trace, whether the
    data are drawn above the lines, and the lines' extents with the data plot's box."""
    on_screen = set(scene.get_mobject_family_members())
    traces = {loss: _curve_points(scene.step_plot, trace) for loss, trace in scene.traces.items()
              if trace in on_screen and any(piece.has_points() for piece in trace.submobjects)}
    return {"lines": {loss: scene.line_now(loss) for loss in scene.paths}, "step": scene.iteration.get_value(),
            "readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "trace_ends": {loss: points[-1] for loss, points in traces.items()}, "bounce": scene.bounce,
            "data_on_top": all(m in scene.foreground_mobjects for m in (scene.points, scene.outlier_dot)),
            "box": scene.plot.box(), "in_plot": _drawn(scene, *scene.fit_lines.values()),
            "params": dict(scene.params)}


def robust_family(scene):
    live_rho, live_psi = scene.live
    return {"alpha": scene.alpha(), "rho": _curve_points(scene.rho_plot, live_rho),
            "psi": _curve_points(scene.psi_plot, live_psi),
            "name": scene.name.tex_string if scene.name is not None else None,
            "key": [m.tex_string for m in scene.key] if _shown(scene, scene.key) else None,
            "axis_labels": [scene.rho_plot.y_label.tex_string, scene.psi_plot.y_label.tex_string],
            "params": dict(scene.params)}


def focal(scene):
    """γ, the family's curves (on the full plot and the zoom) with their colours, the live curves and theirs, the
    examples' dots in data coordinates, the readouts and the zoom's box with what must stay inside it."""
    def at(plot, dot):
        return plot.axes.p2c(dot.get_center())

    hard, easy = scene.examples
    return {"gamma": scene.gamma.get_value(), "params": dict(scene.params),
            "curves": [_curve_points(scene.plot, c[0]) for c in scene.curves],
            "zoom_curves": [_curve_points(scene.zoom, c[1]) for c in scene.curves],
            "colors": [c[0].get_stroke_color().to_hex() for c in scene.curves],
            "live": _curve_points(scene.plot, scene.live[0]), "zoom_live": _curve_points(scene.zoom, scene.live[1]),
            "live_color": scene.live[0].get_stroke_color().to_hex(),
            "examples": (at(scene.plot, hard[0]), at(scene.zoom, easy[0])),
            "readouts": _numbers(scene.readouts.values),
            "zoom_box": scene.zoom.box(), "in_zoom": _drawn(scene, *(c[1] for c in scene.curves), scene.live[1])}


def gradient_descent(scene):
    """Per loss: ŷ, η, the step Δŷ the story computes, the η and |Δŷ| readouts (None while faded out), the arrow
    and the tangent drawn (None when hidden), the plot's screen units per ŷ and its axes' box."""
    on_screen = set(scene.get_mobject_family_members())

    def drawn(mob):
        return _arrow(mob) if mob in on_screen and mob.get_stroke_opacity() > 0 else None

    plots = scene.plots
    return {"yhat": {loss: t.get_value() for loss, t in scene.trackers.items()},
            "rate": {loss: r.get_value() for loss, r in scene.rates.items()},
            "step": {loss: p.step() for loss, p in plots.items()},
            "readouts": {loss: _numbers(r.values) if _shown(scene, r) else None for loss, r in scene.readouts.items()},
            "arrow": {loss: drawn(p.arrow) for loss, p in plots.items()},
            "tangent": {loss: drawn(p.tangent) for loss, p in plots.items()},
            "unit": {loss: p.axes.x_axis.get_unit_size() for loss, p in plots.items()},
            "box": {loss: p.box() for loss, p in plots.items()}, "params": dict(scene.params)}


def landscape(scene):
    """Each optimizer's (w, b) and how strongly its path is drawn, the readouts, the axes' units and box, where the
    minimum is drawn (and whether it is on top), the tick numbers' boxes, the trails' points and the first-step
    table's numbers."""
    axes = scene.axes
    numbers = [m for m in scene.frame if hasattr(m, "tex_string")]
    on_screen = set(scene.get_mobject_family_members())
    return {"at": {name: tuple(scene.at(name)) for name in scene.paths},
            "strength": {name: s.get_value() for name, s in scene.strength.items()},
            "readouts": _numbers(scene.readouts.values), "step": scene.counter.values[0].get_value(),
            "units": (axes.x_axis.get_unit_size(), axes.y_axis.get_unit_size()),
            "box": (axes.c2p(axes.x_range[0], axes.y_range[0])[:2], axes.c2p(axes.x_range[1], axes.y_range[1])[:2]),
            "minimum": scene.best[0].get_center()[:2].copy(), "minimum_on_top": scene.best in scene.foreground_mobjects,
            "labels": [m.original_text for m in (scene.best[1], scene.start[1]) if m in on_screen],
            "numbers": [(n.tex_string, _box(n)) for n in numbers],
            "trails": [scene.trails[name][0].points[:, :2].copy() for name in scene.paths
                       if scene.trails[name] in on_screen],
            "first_steps": [[float(c.tex_string) for c in scene.first_steps[3 * row + 1:3 * row + 3]]
                            for row in (1, 2)]  # a 3 × 3 table: a header row, then GD's and Adam's |Δw|, |Δb|
            if scene.first_steps in on_screen else None, "params": dict(scene.params)}


def classifier(scene):
    """The classifier shown and its (w₁, w₂, b), the readouts, each point's disc radius (0 for a ring alone) and
    whether it is ringed as on the wrong side, the boundary's lines and the axes' box on screen."""
    def parts(mark, filled):
        """The radii of a point's drawn parts: its disc (filled) or its rings (stroked only). A redrawn mark keeps
        its first parts' classes (`become` copies points and style), so they are told apart by how they are drawn."""
        return [m.width / 2 for m in mark.family_members_with_points() if m.width > 1e-3 and (
            m.get_fill_opacity() > 0.01 if filled else m.get_fill_opacity() <= 0.01 and m.get_stroke_opacity() > 0.01)]

    axes = scene.axes
    return {"title": scene.classifier.title, "loss": scene.classifier.loss, "theta": tuple(scene.theta()),
            "readouts": _numbers(scene.readouts.values),
            "radii": [max(parts(mark, True), default=0.0) for mark in scene.points],
            "ringed": [np.ptp(parts(mark, False)) > 0.01 for mark in scene.points],  # a second, wider ring
            "lines": [(points[0, :2].copy(), points[-1, :2].copy()) for points in
                      (np.vstack([m.points for m in line.get_family() if m.has_points()]) for line in scene.boundary)
                      if np.linalg.norm(points[-1] - points[0]) > 0.01],
            "box": (axes.c2p(axes.x_range[0], axes.y_range[0])[:2], axes.c2p(axes.x_range[1], axes.y_range[1])[:2]),
            "params": dict(scene.params)}


def ctc(scene):
    """The readouts (P of the label, L: values and text), the grid's fills (ŷ or γ per step and class), the trellis
    nodes' fills (by (step, state)), and what is on screen: the words beside the pictures, and the boxes of the
    grid, the trellis and the readouts."""
    from scenes.kit import shown as text_of

    numbers, shown = scene.numbers, _shown(scene, scene.readouts)
    words = [m.original_text for m in scene.get_mobject_family_members() if hasattr(m, "original_text")]
    return {"readouts": _numbers(scene.readouts.values) if shown else None,
            "readouts_shown": [text_of(n) for n in scene.readouts.values] if shown else None,
            "cells": np.array([[scene.grid.cell(s, c).get_fill_opacity() for c in range(numbers.gamma.shape[1])]
                               for s in range(numbers.gamma.shape[0])]),
            "nodes": {at: node.get_fill_opacity() for at, node in scene.trellis.node_at.items()},
            "words": words, "params": dict(scene.params),
            "boxes": {"grid": _box(scene.grid), "trellis": _box(scene.trellis), "readouts": _box(scene.readouts)}}


def embedding(scene):
    """The readouts (a's measure with p and with n, L), the points, and the arrows drawn."""
    return {"readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "points": scene.points(), "arrows": [_arrow(a) for a in scene.arrows]}


def transport(scene):
    """The readout (L), the predicted values now, the area shaded between the two CDFs (the sum of its rectangles'
    areas, in the plot's units), the mass-moved arrows drawn, where each value goes, and where both are on screen."""
    gaps, _ = scene.curves
    unit = scene.plot(1, 1) - scene.plot(0, 0)  # scene units per unit of value and of share
    return {"readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "values": scene.values(), "area": sum(g.width * g.height for g in gaps) / (unit[0] * unit[1]),
            "plan": [_arrow(a) for a in scene.plan] if _shown(scene, scene.plan) else None,
            "destination": scene.destination, "value_x": [scene.at(v, 0)[0] for v in scene.values()],
            "destination_x": [scene.at(v, 0)[0] for v in scene.destination]}


def _along_circle(arrow, center):
    """(where an arrow drawn along a circle starts, in degrees; its signed length along the circle from its start to
    its tip, counter-clockwise positive; its opacity)."""
    start, tip = arrow.get_start() - center, arrow.tip.tip_point - center
    begin = np.arctan2(start[1], start[0])
    turn = (np.arctan2(tip[1], tip[0]) - begin + np.pi) % (2 * np.pi) - np.pi
    return np.degrees(begin) % 360.0, turn * np.linalg.norm(start[:2]), arrow.get_stroke_opacity()


def contrastive_batch(scene):
    """τ; the matrix as shown ("cos" or "p", 4 × 4); the row losses and the readouts (τ, L) while shown; the
    hardest negative's marks; each arrow along the circle (see _along_circle) once drawn."""
    matrix = next((m for m in (scene.p_cells, scene.cos_cells) if _shown(scene, m)), None)
    arrows = getattr(scene, "arrows_shown", None)
    return {"tau": scene.tau.get_value(), "params": dict(scene.params),
            "matrix": None if matrix is None else ("p" if matrix is scene.p_cells else "cos",
                                                   np.reshape(_numbers(matrix.cells), (4, 4))),
            "losses": _numbers(scene.loss_column[1:]) if _shown(scene, scene.loss_column) else None,
            "readouts": [r.values[0].get_value() for r in scene.readouts] if _shown(scene, scene.readouts) else None,
            "hard_marked": _shown(scene, scene.chord) and _shown(scene, scene.hard_cell),
            "arrows": [_along_circle(a, scene.center) for a in arrows] if arrows is not None and _shown(scene, arrows)
            else None}


def distillation(scene):
    """T; each chart's logits, bar values and bar heights (in probability) while shown; the teacher's marks on the
    student's bars (in probability); T²·KL while shown; the T² table's rows while shown."""
    def chart(c):
        bars, base = c.bars, c.bars.baseline.get_center()[1]
        return {"logits": _numbers(c.numbers), "values": _numbers(bars.values),
                "heights": [(b.get_top()[1] - base) / bars.height_per_unit for b in bars.bars]}

    marks = getattr(scene, "targets", None)
    base = scene.student_chart.bars.baseline.get_center()[1]
    return {"T": scene.T.get_value(), "params": dict(scene.params),
            "teacher": chart(scene.teacher_chart) if _shown(scene, scene.teacher_chart) else None,
            "student": chart(scene.student_chart) if _shown(scene, scene.student_chart) else None,
            "marks": [(m.get_center()[1] - base) / scene.student_chart.bars.height_per_unit for m in marks]
            if marks is not None and _shown(scene, marks) else None,
            "loss": _numbers(scene.loss_readout.values)[0] if _shown(scene, scene.loss_readout) else None,
            "table": [_numbers(row) for row in scene.table[1:]] if _shown(scene, scene.table) else None}


def preference(scene):
    """The log-probabilities shown (policy's row, reference's row); the readouts Δ, β, βΔ and L, w while shown; each
    plot's dot in its plot's coordinates while shown."""
    rows = scene.table[2]
    dots = {name: tuple(plot.axes.p2c(plot.dot.get_center())) for name, plot in
            (("loss", scene.loss_plot), ("weight", scene.weight_plot)) if plot.dot in scene.mobjects}
    return {"params": dict(scene.params), "policy": _numbers(rows[0][1]), "reference": _numbers(rows[1][1]),
            "margins": _numbers(scene.margins.values) if _shown(scene, scene.margins) else None,
            "loss": _numbers(scene.loss_readout.values)[0] if _shown(scene, scene.loss_readout) else None,
            "weight": _numbers(scene.weight_readout.values)[0] if _shown(scene, scene.weight_readout) else None,
            "dots": dots}


PROBES = {
    "ClassifierFit": classifier,
    "GradientDescentSteps": gradient_descent,
    "LossLandscape": landscape,
    "MeanAbsoluteError": regression,
    "MeanSquaredError": regression,
    "BinaryCrossEntropy": bce,
    "Softmax": softmax,
    "CategoricalCrossEntropy": cce,
    "SparseCategoricalCrossEntropy": sparse,
    "GoodVsBadPredictions": good_vs_bad,
    "OutlierFit": outlier_fit,
    "RobustLossFamily": robust_family,
    "FocalLoss": focal,
    "CTCAlignment": ctc,
    "TripletMargin": embedding,
    "ContrastiveBatch": contrastive_batch,
    "Distillation": distillation,
    "PreferencePairs": preference,
}
