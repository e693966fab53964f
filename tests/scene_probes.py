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
    return {"yhat": scene.yhat.get_value(), "y": scene.plot.y_true,
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


PROBES = {
    "MeanAbsoluteError": regression,
    "MeanSquaredError": regression,
    "BinaryCrossEntropy": loss_plot,
    "Softmax": softmax,
    "CategoricalCrossEntropy": cce,
    "SparseCategoricalCrossEntropy": sparse,
    "GoodVsBadPredictions": good_vs_bad,
}
