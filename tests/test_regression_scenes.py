"""MeanAbsoluteError and MeanSquaredError: the numbers on screen equal losscore's, the gradient arrow behaves as the
story says on one scale, nothing is drawn past its plot, and the words beside the plots are losscore's numbers.
(Layout and control frames for every scene: test_scenes.py; other parameter values: test_regression_params.py.)"""

import numpy as np
import pytest
from scene_harness import story_states

import losscore

SCENES = {"MeanAbsoluteError": "mae", "MeanSquaredError": "mse"}
EDGE = 0.12  # an arrow's tip and a stroke's width may reach this far past the axes' box, on screen


def states(name):
    return story_states(name, "dark")


def probes(name, with_arrow=False):
    found = [s.probe for s in states(name) if s.probe["readouts"] is not None]
    return [p for p in found if p["arrow"] is not None] if with_arrow else found


def arrow_vector(arrow):
    start, end = arrow
    return end - start


def outside(extent, box):
    """How far the drawn extent (lower left, upper right) reaches past the box, at most (0 when inside)."""
    (low, high), (box_low, box_high) = extent, box
    return max(0.0, *(box_low - low), *(high - box_high))


def assert_drawn_inside(probe, where):
    for plot in ("plot", "dplot"):
        for extent in probe[f"in_{plot}"]:
            assert outside(extent, probe["boxes"][plot]) <= EDGE, f"{where}: drawn past the {plot}'s axes"


@pytest.mark.parametrize("name, loss", SCENES.items())
def test_readouts_equal_losscore(name, loss):
    shown = probes(name)
    assert len(shown) >= 4
    spec = losscore.LOSSES[loss]
    for p in shown:
        yhat, y = p["yhat"], p["y"]
        assert p["readouts"] == pytest.approx([yhat, spec.fn([y], [yhat]), spec.grad([y], [yhat])[0]], abs=1e-12)


@pytest.mark.parametrize("name, loss", SCENES.items())
def test_arrow_points_downhill(name, loss):
    for p in probes(name, with_arrow=True):
        v = arrow_vector(p["arrow"])
        grad = losscore.LOSSES[loss].grad([p["y"]], [p["yhat"]])[0]
        assert abs(v[1]) < 1e-9 and np.sign(v[0]) == -np.sign(grad), "horizontal, against the gradient"


def test_mae_arrow_keeps_its_length_and_flips_at_the_target():
    shown = probes("MeanAbsoluteError", with_arrow=True)
    assert len({round(float(np.linalg.norm(arrow_vector(p["arrow"]))), 9) for p in shown}) == 1
    sides = {np.sign(p["yhat"] - p["y"]) for p in shown}
    directions = {np.sign(arrow_vector(p["arrow"])[0]) for p in shown}
    assert sides == {-1, 1} and directions == {-1, 1}, "the story shows ŷ on both sides of y"


def test_mse_arrow_grows_with_the_residual():
    pairs = sorted((abs(p["yhat"] - p["y"]), float(np.linalg.norm(arrow_vector(p["arrow"]))))
                   for p in probes("MeanSquaredError", with_arrow=True))
    residuals, lengths = zip(*pairs)
    assert len(set(residuals)) >= 3
    # one scale, never held shorter: the length is proportional to |dL/dŷ| = 2|ŷ − y|
    np.testing.assert_allclose(np.array(lengths) / np.array(residuals), lengths[0] / residuals[0], rtol=1e-9)


def test_mae_compares_its_outlier_with_mse_on_one_arrow_scale():
    """At the far prediction, MSE's dashed arrow is as many times longer than MAE's as MSE's gradient is larger,
    and the caption states MSE's loss and that ratio as losscore computes them."""
    final = {s.step: s for s in states("MeanAbsoluteError")}
    p = final["compare_with_mse"].probe
    yhat, y = [p["yhat"]], [p["y"]]
    ratio = abs(losscore.mse_grad(y, yhat)[0] / losscore.mae_grad(y, yhat)[0])
    lengths = [np.linalg.norm(arrow_vector(p[key])) for key in ("compared_arrow", "arrow")]
    assert ratio > 5 and lengths[0] / lengths[1] == pytest.approx(ratio, rel=1e-6)
    said = [c["text"] for c in final["back_to_start"].timeline["captions"]]
    assert f"MSE would charge {losscore.mse(y, yhat):.3g} and pull {ratio:.3g}× as hard." in said
    assert final["back_to_start"].probe["compared_arrow"] is None, "the comparison leaves as ŷ returns"


@pytest.mark.parametrize("name", SCENES)
def test_nothing_is_drawn_past_its_plot(name):
    """Curves, tangents and arrows (and MAE's dashed comparison) stay inside their axes after every step."""
    for s in states(name):
        assert_drawn_inside(s.probe, f"{name} after {s.step}")


def test_mae_labels_its_steps_with_losscores_slopes():
    final = states("MeanAbsoluteError")[-1]
    y = final.probe["y"]
    slopes = losscore.mae_grad([y, y], [y - 1, y + 1], reduction="sum")
    assert final.probe["step_labels"] == [f"{g:+g}" for g in slopes]
    said = [c["text"] for c in final.timeline["captions"]]
    assert "The slope is −1 or +1: a step." in said


def test_mse_table_holds_losscores_losses_of_the_compared_errors():
    by_step = {s.step: s for s in states("MeanSquaredError")}
    p = by_step["compare_errors"].probe
    y, errors = p["y"], p["params"]["errors"]
    losses = [losscore.mse([y], [y + e]) for e in errors]
    assert p["table"] == [r"\hat{y} - y", "L", *(f"{v:g}" for pair in zip(errors, losses) for v in pair)]
    said = [c["text"] for c in by_step["back_to_start"].timeline["captions"]]
    assert f"An error of {errors[1]:g} costs {losses[1]:g}, not {errors[1]:g}." in said
    assert by_step["back_to_start"].probe["table"] is None
