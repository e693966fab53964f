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


def _valley():
    """(the minimum, the valley's long direction) of the LossLandscape loss, from the normal equations."""
    x = np.vstack([learning.LINE_X, np.ones_like(learning.LINE_X)]).T
    best = np.linalg.lstsq(x, learning.LINE_Y, rcond=None)[0]
    _, vectors = np.linalg.eigh(x.T @ x)
    return best, vectors[:, 0]


def test_landscape_claims_hold():
    paths = learning.landscape_paths()
    best, along = _valley()
    across = np.array([-along[1], along[0]])
    # SGD zigzags: it crosses the valley floor at every step
    side = np.sign((paths["SGD"] - best) @ across)
    assert (side[1:] != side[:-1]).all()
    # momentum overshoots: it passes the minimum along the valley, then comes back
    a = (paths["momentum"] - best) @ along
    assert a[0] < 0 < a.max() and a[-1] < a.max()
    # Adam scales each axis: its first step moves w and b by lr each, though their gradients differ a lot
    g = learning.landscape_grad(np.array(learning.FROM))
    assert abs(g[0] / g[1]) > 1.5
    np.testing.assert_allclose(np.abs(paths["Adam"][1] - paths["Adam"][0]), 0.15, rtol=1e-6)
    # and every iterate is losscore.optimize's
    for name, hyper in learning.OPTIMIZERS:
        np.testing.assert_array_equal(paths[name], losscore.optimize(learning.landscape_grad, learning.FROM,
                                                                     steps=learning.ITERATIONS, **hyper))


def test_the_landscape_scene_shows_each_optimizers_loss():
    states = {s.step: s.probe for s in story_states("LossLandscape", "dark")}
    paths = learning.landscape_paths()
    after_sgd = states["sgd"]
    assert after_sgd["at"]["SGD"] == pytest.approx(tuple(paths["SGD"][-1]), abs=1e-12)
    # momentum has not moved yet: its readout is the loss at the start
    start_loss = learning.landscape_loss(*learning.FROM)
    assert after_sgd["readouts"] == pytest.approx([learning.landscape_loss(*paths["SGD"][-1]), start_loss, start_loss])
    final = states["settle"]["readouts"]
    assert final == pytest.approx([learning.landscape_loss(*paths[n][-1]) for n, _ in learning.OPTIMIZERS])
    assert final[1] < final[0] and final[2] < final[0]  # momentum and Adam end lower than SGD
