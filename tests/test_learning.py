"""The learning scenes: the claims their captions make are true of losscore's iterates, and the scenes show them
(arrows to scale, nothing past its plot, numbers that agree with each other)."""

import numpy as np
import pytest
from scene_harness import story_states

import losscore
from scenes import learning

GDS = {p.name: p.default for p in learning.GradientDescentSteps.parameters}


def test_mse_steps_shrink_and_converge():
    path = learning.descent("mse", GDS["rate"], learning.STEPS)
    steps = np.abs(np.diff(path))
    assert (np.diff(steps) < 0).all()
    # each step multiplies the error by 1 − 2η
    errors = path - learning.TARGET
    np.testing.assert_allclose(errors[1:] / errors[:-1], 1 - 2 * GDS["rate"], rtol=1e-9)
    assert abs(errors[-1]) < 1e-3 * abs(errors[0])


def test_mae_steps_keep_one_size_and_bounce_around_the_target():
    path = learning.descent("mae", GDS["rate"], 40)
    np.testing.assert_allclose(np.abs(np.diff(path)), GDS["rate"], rtol=1e-12)
    side = np.sign(path - learning.TARGET)
    crossings = np.flatnonzero(side[1:] != side[:-1])
    assert len(crossings) > 10 and crossings[0] < learning.STEPS  # it overshoots within the steps shown
    assert abs(path[-1] - learning.TARGET) > 0.05  # and never settles


@pytest.mark.parametrize("rate, grows", [(GDS["small_rate"], False), (0.99, False), (GDS["large_rate"], True),
                                         (1.5, True)])
def test_mse_diverges_exactly_above_rate_one(rate, grows):
    errors = learning.descent("mse", rate, 6) - learning.TARGET
    assert (np.abs(errors[1:]) > np.abs(errors[:-1])).all() == grows
    assert (np.abs(errors[1:]) < np.abs(errors[:-1])).all() == (not grows)


@pytest.fixture(scope="module")
def descent_steps():
    return {s.step: s.probe for s in story_states("GradientDescentSteps", "dark")}


def test_the_scene_shows_losscores_iterates(descent_steps):
    paths = {loss: learning.descent(loss, GDS["rate"], learning.STEPS) for loss in ("mse", "mae")}
    after = descent_steps["mae_bounces"]
    for loss in ("mse", "mae"):
        assert after["yhat"][loss] == pytest.approx(paths[loss][-1], abs=1e-12)
        slope = losscore.LOSSES[loss].grad([learning.TARGET], [paths[loss][-1]], reduction="sum")[0]
        assert after["readouts"][loss] == pytest.approx([GDS["rate"], GDS["rate"] * abs(slope)], abs=1e-12)
    large = learning.descent("mse", GDS["large_rate"], learning.large_steps_shown(GDS["large_rate"]))
    assert descent_steps["rate_too_large"]["yhat"]["mse"] == pytest.approx(large[-1], abs=1e-12)
    assert descent_steps["rate_too_large"]["rate"]["mse"] == GDS["large_rate"]
    grad = losscore.mse_grad([learning.TARGET], [learning.START], reduction="sum")[0]
    assert paths["mse"][1] == pytest.approx(learning.START - GDS["rate"] * grad)


def test_each_arrow_is_the_next_step_on_one_scale(descent_steps):
    """An arrow is Δŷ = −η·dL/dŷ long on its plot's ŷ scale, the same scale on both plots: at the start, MSE's
    first step is |dL/dŷ| of MSE over that of MAE (4.6) times MAE's, and it ends where ŷ lands."""
    units = {u for state in descent_steps.values() for u in state["unit"].values()}
    assert len(units) == 1
    unit = units.pop()
    drawn = 0
    for step, state in descent_steps.items():
        for loss, arrow in state["arrow"].items():
            if arrow is None:
                continue
            drawn += 1
            start, end = arrow
            assert end[0] - start[0] == pytest.approx(state["step"][loss] * unit, abs=0.02), (step, loss)
            assert end[1] == pytest.approx(start[1])
    assert drawn >= 8
    first = descent_steps["two_losses"]
    lengths = {loss: np.linalg.norm(np.subtract(*first["arrow"][loss])) for loss in ("mse", "mae")}
    slopes = {loss: abs(losscore.LOSSES[loss].grad([learning.TARGET], [learning.START], reduction="sum")[0])
              for loss in ("mse", "mae")}
    assert lengths["mse"] / lengths["mae"] == pytest.approx(slopes["mse"] / slopes["mae"], rel=0.03)
    landing = learning.descent("mse", GDS["rate"], 1)[1]
    (left, _), _ = first["box"]["mse"]
    x0 = learning.TARGET - learning.REACH
    assert first["arrow"]["mse"][1][0] == pytest.approx(left + (landing - x0) * unit, abs=0.02)


def test_nothing_is_drawn_past_the_plots(descent_steps):
    for step, state in descent_steps.items():
        for loss in ("mse", "mae"):
            (left, bottom), (right, top) = state["box"][loss]
            for drawn in (state["arrow"][loss], state["tangent"][loss]):
                for x, y, _ in drawn or ():
                    assert left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6, (step, loss)


def test_the_resting_mae_plot_shows_no_stale_numbers(descent_steps):
    for step in ("rate_too_small", "rate_too_large"):
        assert descent_steps[step]["readouts"]["mae"] is None and descent_steps[step]["arrow"]["mae"] is None
    assert descent_steps["back_to_start"]["readouts"]["mae"] is not None


LANDSCAPE = {p.name: p.default for p in learning.LossLandscape.parameters}


def test_landscape_claims_hold():
    paths = learning.landscape_paths(LANDSCAPE)
    best, (along, across) = learning.landscape_minimum(), learning.valley()
    # gradient descent zigzags: it crosses the valley floor at every step
    side = np.sign((paths["GD"] - best) @ across)
    assert (side[1:] != side[:-1]).all()
    # momentum overshoots: it passes the minimum along the valley, then comes back
    a = (paths["momentum"] - best) @ along
    assert a[0] < 0 < a.max() and a[-1] < a.max() and learning.overshoots(paths["momentum"])
    # Adam scales each axis: its first step moves w and b by lr each, though their gradients differ a lot
    g = learning.landscape_grad(np.array(learning.FROM))
    assert abs(g[0] / g[1]) > 1.5
    np.testing.assert_allclose(np.abs(paths["Adam"][1] - paths["Adam"][0]), LANDSCAPE["adam_rate"], rtol=1e-6)
    # and every iterate is losscore.optimize's
    for name, hyper in learning.optimizers(LANDSCAPE).items():
        np.testing.assert_array_equal(paths[name], losscore.optimize(learning.landscape_grad, learning.FROM,
                                                                     steps=learning.ITERATIONS, **hyper))


@pytest.fixture(scope="module")
def landscape_steps():
    return {s.step: s for s in story_states("LossLandscape", "dark")}


def test_the_landscape_scene_shows_each_optimizers_loss(landscape_steps):
    paths = learning.landscape_paths(LANDSCAPE)
    after_gd = landscape_steps["gradient_descent"].probe
    assert after_gd["at"]["GD"] == pytest.approx(tuple(paths["GD"][-1]), abs=1e-12)
    # momentum has not moved yet: its readout is the loss at the start
    start_loss = learning.landscape_loss(*learning.FROM)
    assert after_gd["readouts"] == pytest.approx([learning.landscape_loss(*paths["GD"][-1]), start_loss, start_loss])
    final = landscape_steps["settle"].probe["readouts"]
    assert final == pytest.approx([learning.landscape_loss(*paths[n][-1]) for n in ("GD", "momentum", "Adam")])
    assert final[1] < final[0] and final[2] < final[0]  # momentum and Adam end lower than gradient descent
    shown = landscape_steps["adam"].probe["first_steps"]
    np.testing.assert_allclose(shown, [np.abs(paths[n][1] - paths[n][0]) for n in ("GD", "Adam")], atol=0.005)
    assert shown[1] == [LANDSCAPE["adam_rate"]] * 2 and shown[0][0] > 2 * shown[0][1]


def test_the_landscape_is_drawn_to_one_scale_inside_its_box(landscape_steps):
    """w and b share one scale (so 'steepest' meets the level curves at right angles); every path stays inside the
    box and no tick number lies in it; the start and the minimum are named."""
    for state in landscape_steps.values():
        probe = state.probe
        assert probe["units"][0] == pytest.approx(probe["units"][1])
        (left, bottom), (right, top) = probe["box"]
        for trail in probe["trails"]:
            assert (trail >= [left - 1e-6, bottom - 1e-6]).all() and (trail <= [right + 1e-6, top + 1e-6]).all()
        for tex, (low, high) in probe["numbers"]:
            apart = high[0] <= left or low[0] >= right or high[1] <= bottom or low[1] >= top
            assert apart, f"{tex} lies inside the plot's box after {state.step}"
    assert len(landscape_steps["settle"].probe["trails"]) == 3
    assert landscape_steps["draw_valley"].probe["labels"] == ["minimum", "start"]


def test_earlier_paths_fade_and_the_minimum_stays_on_top(landscape_steps):
    assert landscape_steps["momentum"].probe["strength"] == {"GD": 0.35, "momentum": 1.0, "Adam": 1.0}
    assert landscape_steps["adam"].probe["strength"] == {"GD": 0.35, "momentum": 0.35, "Adam": 1.0}
    assert set(landscape_steps["settle"].probe["strength"].values()) == {1.0}
    final = landscape_steps["settle"]
    assert final.probe["minimum_on_top"]
    # the pixel at the minimum's centre is the loss colour, not a path's
    from manim import config

    from scenes.kit import theme

    height, width, _ = final.frame.shape
    x, y = final.probe["minimum"]
    pixel = final.frame[int(round((config.frame_height / 2 - y) / config.frame_height * height)),
                        int(round((x + config.frame_width / 2) / config.frame_width * width))]
    loss = np.array([int(theme.DARK.loss[i:i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(pixel.astype(int) - loss).max() < 40, pixel


CLASSIFIER = {p.name: p.default for p in learning.ClassifierFit.parameters}
BALANCED, IMBALANCED = learning.two_classes(CLASSIFIER["seed"])


def test_classifier_claims_hold():
    classifiers = learning.classifiers(CLASSIFIER)
    fits = {key: classifiers[key].fit(BALANCED)[-1] for key in ("bce", "hinge", "focal")}
    for key, theta in fits.items():
        assert not learning.wrong_side(BALANCED, theta).any(), f"{key} separates the classes"
    # BCE: every point pulls
    assert (classifiers["bce"].pulls(BALANCED, fits["bce"]) > 0).all()
    # hinge: a point beyond the margin (y·s ≥ 1) pulls with exactly 0, a point inside it with 1
    x, y = BALANCED
    margin = (2 * y - 1) * (x @ fits["hinge"][:2] + fits["hinge"][2])
    hinge_pull = classifiers["hinge"].pulls(BALANCED, fits["hinge"])
    assert (hinge_pull[margin > 1] == 0).all() and (hinge_pull[margin < 1] > 0).all() and (margin > 1).sum() >= 8
    assert classifiers["hinge"].margin() == pytest.approx(1.0) and classifiers["bce"].margin() is None
    # focal fades the easy points: relative to the hardest point, they pull far less than under BCE
    relative = {key: classifiers[key].pulls(BALANCED, fits[key]) / classifiers[key].pulls(BALANCED, fits[key]).max()
                for key in ("bce", "focal")}
    easy = relative["bce"] < 0.05
    assert easy.sum() >= 4 and (relative["focal"][easy] < relative["bce"][easy]).all()


def test_alpha_balanced_focal_moves_the_boundary_on_imbalanced_data():
    classifiers = learning.classifiers(CLASSIFIER)
    bce, focal = (classifiers[key].fit(IMBALANCED)[-1] for key in ("bce", "balanced_focal"))
    missed = {key: learning.wrong_side(IMBALANCED, theta)[:learning.RARE].sum()
              for key, theta in (("bce", bce), ("focal", focal))}
    assert missed["bce"] > 0 == missed["focal"]  # BCE leaves a rare point on the wrong side; focal with α does not
    x, y = IMBALANCED
    offset = {key: -theta[2] / np.linalg.norm(theta[:2]) for key, theta in (("bce", bce), ("focal", focal))}
    assert offset["focal"] < offset["bce"] - 0.1  # the line moved toward the common class


@pytest.fixture(scope="module")
def classifier_steps():
    return {s.step: s.probe for s in story_states("ClassifierFit", "dark")}


def test_the_classifier_scene_shows_the_fits(classifier_steps):
    hinge = classifier_steps["fit_hinge"]
    classifier = learning.classifiers(CLASSIFIER)["hinge"]
    theta = classifier.fit(BALANCED)[-1]
    assert hinge["loss"] == "hinge" and hinge["theta"] == pytest.approx(tuple(theta), abs=1e-12)
    assert hinge["readouts"] == pytest.approx([classifier.mean_loss(BALANCED, theta), learning.FIT_STEPS, 0])
    assert len(hinge["lines"]) == 3 and len(classifier_steps["fit_bce"]["lines"]) == 1  # the margins, dashed
    assert len(classifier_steps["show_points"]["lines"]) == 1  # a line is on screen from the first step


def test_every_dot_shows_its_pull_on_one_scale_and_the_wrong_side_is_ringed(classifier_steps):
    """A disc's area is its point's pull |∂L/∂s| on one scale for every loss and frame (not each frame's largest);
    a point that does not pull has no disc; the points on the wrong side are ringed and counted."""
    classifiers = {c.title: c for c in learning.classifiers(CLASSIFIER).values()}
    for step, probe in classifier_steps.items():
        classifier = classifiers[probe["title"]]
        data = IMBALANCED if step in ("imbalanced", "settle") else BALANCED
        pulls = classifier.pulls(data, np.array(probe["theta"]))
        expected = [learning.dot_radius(pull) for pull in pulls]
        np.testing.assert_allclose(probe["radii"], expected, atol=1e-9, err_msg=step)
        assert all((r > 0) == (pull > 0) for r, pull in zip(probe["radii"], pulls))
        wrong = learning.wrong_side(data, np.array(probe["theta"]))
        assert probe["ringed"] == list(wrong) and probe["readouts"][2] == wrong.sum()
        (left, bottom), (right, top) = probe["box"]
        for line in probe["lines"]:
            for x, y in line:
                assert left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6, step
    assert sum(classifier_steps["show_points"]["ringed"]) >= 4  # the first line gets several points wrong
    # BCE's final dots are not drawn to the largest pull: most are small, none empty
    radii = np.array(classifier_steps["fit_bce"]["radii"])
    assert (radii > 0).all() and (radii < learning.DOT_RADIUS / 2).sum() >= 10
