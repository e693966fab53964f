"""MeanAbsoluteError and MeanSquaredError: the numbers on screen equal losscore's and the gradient arrow behaves as
the story says. (Layout and control frames for every scene: test_scenes.py.)"""

import numpy as np
import pytest
from scene_harness import story_states

import losscore

SCENES = {"MeanAbsoluteError": "mae", "MeanSquaredError": "mse"}


def probes(name, with_arrow=False):
    found = [s.probe for s in story_states(name, "dark") if s.probe["readouts"] is not None]
    return [p for p in found if p["arrow"] is not None] if with_arrow else found


def arrow_vector(p):
    start, end = p["arrow"]
    return end - start


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
        v = arrow_vector(p)
        grad = losscore.LOSSES[loss].grad([p["y"]], [p["yhat"]])[0]
        assert abs(v[1]) < 1e-9 and np.sign(v[0]) == -np.sign(grad), "horizontal, against the gradient"


def test_mae_arrow_keeps_its_length_and_flips_at_the_target():
    shown = probes("MeanAbsoluteError", with_arrow=True)
    assert len({round(float(np.linalg.norm(arrow_vector(p))), 9) for p in shown}) == 1
    sides = {np.sign(p["yhat"] - p["y"]) for p in shown}
    directions = {np.sign(arrow_vector(p)[0]) for p in shown}
    assert sides == {-1, 1} and directions == {-1, 1}, "the story shows ŷ on both sides of y"


def test_mse_arrow_grows_with_the_residual():
    pairs = sorted((abs(p["yhat"] - p["y"]), float(np.linalg.norm(arrow_vector(p))))
                   for p in probes("MeanSquaredError", with_arrow=True))
    residuals, lengths = zip(*pairs)
    assert len(set(residuals)) >= 3
    # uncapped, the length is proportional to |dL/dŷ| = 2|ŷ − y|
    np.testing.assert_allclose(np.array(lengths) / np.array(residuals), lengths[0] / residuals[0], rtol=1e-9)
