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


def test_classifier_claims_hold():
    data = learning.BALANCED
    fits = {name: learning.classifier_fit(name, data)[-1] for name in ("BCE", "hinge", "focal")}
    x, y = data
    for name, theta in fits.items():
        assert ((x @ theta[:2] + theta[2] > 0) == (y > 0)).all(), f"{name} separates the classes"
    # hinge: a point beyond the margin (y·s ≥ 1) pulls with exactly 0, a point inside it with 1
    margin = (2 * y - 1) * (x @ fits["hinge"][:2] + fits["hinge"][2])
    hinge_pull = learning.pulls("hinge", data, fits["hinge"])
    assert (hinge_pull[margin > 1] == 0).all() and (hinge_pull[margin < 1] > 0).all() and (margin > 1).sum() >= 8
    # focal fades the easy points: relative to the hardest point, they pull far less than under BCE
    relative = {name: learning.pulls(name, data, fits[name]) / learning.pulls(name, data, fits[name]).max()
                for name in ("BCE", "focal")}
    easy = relative["BCE"] < 0.05
    assert easy.sum() >= 4 and (relative["focal"][easy] < relative["BCE"][easy]).all()


def test_alpha_balanced_focal_moves_the_boundary_on_imbalanced_data():
    x, y = learning.IMBALANCED
    bce, focal = (learning.classifier_fit(name, learning.IMBALANCED)[-1] for name in ("BCE", "focal, α = 0.75"))
    caught = {name: (x[y > 0] @ theta[:2] + theta[2] > 0).sum() for name, theta in (("bce", bce), ("focal", focal))}
    assert caught["bce"] < (y > 0).sum() == caught["focal"]  # BCE lets a rare point fall outside; focal does not
    offset = {name: -theta[2] / np.linalg.norm(theta[:2]) for name, theta in (("bce", bce), ("focal", focal))}
    assert offset["focal"] < offset["bce"] - 0.2  # the line moved toward the common class


def test_the_classifier_scene_shows_the_fits():
    states = {s.step: s.probe for s in story_states("ClassifierFit", "dark")}
    hinge = states["fit_hinge"]
    theta = learning.classifier_fit("hinge", learning.BALANCED)[-1]
    assert hinge["name"] == "hinge" and hinge["theta"] == pytest.approx(tuple(theta), abs=1e-12)
    assert hinge["readouts"][0] == pytest.approx(learning.mean_loss("hinge", learning.BALANCED, theta))
    # the dots a hinge no longer sees are drawn at the smallest size
    pull = learning.pulls("hinge", learning.BALANCED, theta)
    radii = np.array(hinge["radii"])
    assert np.allclose(radii[pull == 0], radii.min()) and (radii[pull > 0] > radii.min() + 0.05).all()
