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


def regression(scene):
    return loss_plot(scene)


def bars(scene):
    return {"probabilities": np.array(scene.bars.probabilities()), "bar_values": _numbers(scene.bars.values),
            "bar_heights": [b.height for b in scene.bars.bars]}


def softmax(scene):
    cells = [_numbers(column[1]) for column in scene.columns]
    return {**bars(scene), "logits": scene.logits.values(), "cells": cells, "total": _numbers(scene.total.values)}


def cce(scene):
    arrows = [_arrow(a) for a in getattr(scene, "arrows", [])]
    return {**bars(scene), "logits": scene.logits.values(), "loss": _numbers(scene.loss.values),
            "p_true": scene.p_true.get_value(), "arrows": arrows if _shown(scene, getattr(scene, "arrows", None))
            else None, "onehot": scene.onehot}


def sparse(scene):
    return {**bars(scene), "losses": _numbers(scene.losses.values), "k": scene.true_class}


def good_vs_bad(scene):
    return {**bars(scene), "loss": _numbers(scene.meter.values), "p_true": scene.p_true.get_value(),
            "dot": scene.plot.dot.get_center().copy(), "ledger": [m.tex_string for m in scene.ledger]}


def _curve_points(plot, curve):
    """The drawn curve's points, in the plot's data coordinates."""
    points = np.vstack([piece.points for piece in curve.submobjects if piece.has_points()])
    return np.array([plot.axes.p2c(pt) for pt in points])


def outlier_fit(scene):
    return {"params": {loss: tuple(scene.params(loss)) for loss in scene.paths}, "step": scene.iteration.get_value(),
            "readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None}


def robust_family(scene):
    live_rho, live_psi = scene.live
    return {"alpha": scene.alpha(), "rho": _curve_points(scene.rho_plot, live_rho),
            "psi": _curve_points(scene.psi_plot, live_psi),
            "name": scene.name.tex_string if scene.name is not None else None}


def focal(scene):
    return {"gamma": scene.gamma.get_value(),
            "curves": [_curve_points(scene.plot, c) for c in scene.curves],
            "live": _curve_points(scene.plot, scene.live),
            "readouts": _numbers(scene.readouts.values)}


def gradient_descent(scene):
    return {"yhat": {loss: t.get_value() for loss, t in scene.trackers.items()},
            "step_sizes": {loss: float(p.values[0].get_value()) for loss, p in
                           ((loss, panel[1]) for loss, panel in scene.panels.items())}}


def landscape(scene):
    return {"at": {name: tuple(scene.at(name)) for name in scene.paths},
            "readouts": _numbers(scene.readouts.values), "step": scene.counter.values[0].get_value()}


def classifier(scene):
    return {"name": scene.name, "theta": tuple(scene.theta()), "readouts": _numbers(scene.readouts.values),
            "radii": [d.width / 2 for d in scene.points]}


def ctc(scene):
    """The readouts (P of the label, L) and the grid's fills (ŷ or γ per step and class)."""
    return {"readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "cells": np.array([[scene.cell(s, c).get_fill_opacity() for c in range(scene.gamma.shape[1])]
                               for s in range(scene.gamma.shape[0])])}


def embedding(scene):
    """The readouts (a's measure with p and with n, L), the points, and the arrows drawn."""
    return {"readouts": _numbers(scene.readouts.values) if _shown(scene, scene.readouts) else None,
            "points": scene.points(), "arrows": [_arrow(a) for a in scene.arrows]}


PROBES = {
    "ClassifierFit": classifier,
    "GradientDescentSteps": gradient_descent,
    "LossLandscape": landscape,
    "MeanAbsoluteError": regression,
    "MeanSquaredError": regression,
    "BinaryCrossEntropy": loss_plot,
    "Softmax": softmax,
    "CategoricalCrossEntropy": cce,
    "SparseCategoricalCrossEntropy": sparse,
    "GoodVsBadPredictions": good_vs_bad,
    "OutlierFit": outlier_fit,
    "RobustLossFamily": robust_family,
    "FocalLoss": focal,
    "CTCAlignment": ctc,
    "TripletMargin": embedding,
}
