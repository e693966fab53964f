"""GradientDescentSteps: the claims its captions make are true of losscore's iterates, and the scene shows them."""

import numpy as np
import pytest
from scene_harness import story_states

import losscore
from scenes import learning


def test_mse_steps_shrink_and_converge():
    path = learning.descent("mse", learning.RATE, learning.STEPS)
    steps = np.abs(np.diff(path))
    assert (np.diff(steps) < 0).all()
    # each step multiplies the error by 1 − 2η
    errors = path - learning.TARGET
    np.testing.assert_allclose(errors[1:] / errors[:-1], 1 - 2 * learning.RATE, rtol=1e-9)
    assert abs(errors[-1]) < 1e-3 * abs(errors[0])


def test_mae_steps_keep_one_size_and_bounce_around_the_target():
    path = learning.descent("mae", learning.RATE, 40)
    np.testing.assert_allclose(np.abs(np.diff(path)), learning.RATE, rtol=1e-12)
    side = np.sign(path - learning.TARGET)
    crossings = np.flatnonzero(side[1:] != side[:-1])
    assert len(crossings) > 10 and crossings[0] < learning.STEPS  # it overshoots within the steps shown
    assert abs(path[-1] - learning.TARGET) > 0.05  # and never settles


@pytest.mark.parametrize("rate, grows", [(learning.SMALL, False), (0.99, False), (learning.LARGE, True), (1.5, True)])
def test_mse_diverges_exactly_above_rate_one(rate, grows):
    errors = learning.descent("mse", rate, 6) - learning.TARGET
    assert (np.abs(errors[1:]) > np.abs(errors[:-1])).all() == grows
    assert (np.abs(errors[1:]) < np.abs(errors[:-1])).all() == (not grows)


def test_the_scene_shows_losscores_iterates():
    states = {s.step: s.probe for s in story_states("GradientDescentSteps", "dark")}
    paths = {loss: learning.descent(loss, learning.RATE, learning.STEPS) for loss in ("mse", "mae")}
    after = states["mae_bounces"]
    for loss in ("mse", "mae"):
        assert after["yhat"][loss] == pytest.approx(paths[loss][-1], abs=1e-12)
        assert after["step_sizes"][loss] == pytest.approx(abs(paths[loss][-1] - paths[loss][-2]), abs=1e-12)
    large = learning.descent("mse", learning.LARGE, 3)
    assert states["rate_too_large"]["yhat"]["mse"] == pytest.approx(large[-1], abs=1e-12)
    grad = losscore.mse_grad([learning.TARGET], [learning.START], reduction="sum")[0]
    assert paths["mse"][1] == pytest.approx(learning.START - learning.RATE * grad)
