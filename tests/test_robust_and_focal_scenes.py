"""OutlierFit, RobustLossFamily and FocalLoss show losscore's numbers: the fitted lines after the last gradient step,
ρ's special cases at checked x, the focal curves at checked p_t. (Layout and frames: test_scenes.py.)"""

import math

import numpy as np
import pytest
from scene_harness import story_states

import losscore
from scenes import robust


def by_step(name):
    return {s.step: s.probe for s in story_states(name, "dark")}


def test_outlier_fit_lines_come_from_gradient_descent_on_losscore():
    final = by_step("OutlierFit")["settle"]
    assert final["step"] == robust.STEPS
    x, y = robust.DATA_X, robust.DATA_Y
    for loss, (w, b) in final["params"].items():
        # the same descent, written out here: ŷ = w·x + b, gradient from losscore, chain rule, fixed step
        ww = bb = 0.0
        for _ in range(robust.STEPS):
            g = losscore.LOSSES[loss].grad(y, ww * x + bb)
            ww, bb = ww - robust.LEARNING_RATE * (g @ x), bb - robust.LEARNING_RATE * g.sum()
        assert (w, b) == pytest.approx((ww, bb), abs=1e-12)
    shown = final["readouts"]
    expected = [losscore.LOSSES[loss].fn(y, final["params"][loss][0] * x + final["params"][loss][1])
                for loss, _ in robust.FITS]
    assert shown == pytest.approx(expected)
    # MSE is dragged toward the outlier; MAE and Huber stay with the bulk (true slope 0.5, intercept 1)
    at_outlier = {loss: w * robust.OUTLIER[0] + b for loss, (w, b) in final["params"].items()}
    clean = 0.5 * robust.OUTLIER[0] + 1
    assert at_outlier["mse"] < at_outlier["huber"] - 0.4 and at_outlier["mse"] < at_outlier["mae"] - 0.4
    for loss in ("mae", "huber"):
        assert abs(at_outlier[loss] - clean) < 0.5 < abs(at_outlier["mse"] - clean)


def test_outlier_fit_claims_hold():
    x, y = robust.DATA_X, robust.DATA_Y
    paths = {loss: robust.fit_line(loss) for loss, _ in robust.FITS}
    # MSE's line is the least-squares line, and the outlier tilts it: its slope turns negative (the bulk's is 0.5)
    least_squares = np.linalg.lstsq(np.vstack([x, np.ones_like(x)]).T, y, rcond=None)[0]
    assert paths["mse"][-1] == pytest.approx(least_squares, abs=1e-3) and least_squares[0] < 0
    # "MAE's fixed-size steps overshoot: its loss wobbles." is said at step BOUNCE, before any rise is shown;
    # the MSE and Huber losses never rise
    losses = {loss: np.array([losscore.LOSSES[loss].fn(y, w * x + b) for w, b in path])
              for loss, path in paths.items()}
    rises = {loss: np.flatnonzero(np.diff(v) > 1e-12) for loss, v in losses.items()}
    assert len(rises["mae"]) >= 3 and rises["mae"].min() >= robust.BOUNCE
    assert len(rises["mse"]) == len(rises["huber"]) == 0


CLOSED_FORMS = {2.0: lambda x: 0.5 * x**2, 1.0: lambda x: np.sqrt(x**2 + 1) - 1, 0.0: lambda x: np.log(0.5 * x**2 + 1),
                -2.0: lambda x: 2 * x**2 / (x**2 + 4), -math.inf: lambda x: 1 - np.exp(-0.5 * x**2)}


def test_robust_family_visits_each_member_with_the_right_curves():
    steps = by_step("RobustLossFamily")
    visits = ("l2", "charbonnier", "cauchy", "geman_mcclure", "welsch")
    for step, (alpha, name) in zip(visits, robust.MEMBERS):
        p = steps[step]
        assert p["alpha"] == alpha and name in p["name"]
        xs, ys = p["rho"][:, 0], p["rho"][:, 1]
        checked = (np.abs(np.abs(xs) - 1.5) < 0.02) | (np.abs(xs) < 0.02) | (np.abs(np.abs(xs) - 2.5) < 0.02)
        assert checked.sum() >= 3
        np.testing.assert_allclose(ys[checked], CLOSED_FORMS[alpha](xs[checked]), atol=1e-3)
        # ψ is ρ's derivative: for negative α it falls back toward 0 at large |x|
        px, py = p["psi"][:, 0], p["psi"][:, 1]
        expected_psi = losscore.general_robust_grad(np.zeros_like(px), px, alpha=alpha, reduction="none")
        np.testing.assert_allclose(py, expected_psi, atol=1e-3)
    assert steps["back_to_l2"]["alpha"] == 2.0


def test_focal_curves_match_lin_et_al_at_checked_points():
    steps = by_step("FocalLoss")
    family = steps["gamma_family"]["curves"]
    for gamma, curve in zip((0.0, 0.5, 1.0, 2.0, 5.0), family):
        for p_t in (0.1, 0.3, 0.6, 0.9):
            i = np.argmin(np.abs(curve[:, 0] - p_t))
            x = curve[i, 0]
            assert abs(x - p_t) < 0.01
            assert curve[i, 1] == pytest.approx(-((1 - x) ** gamma) * math.log(x), abs=1e-3)
    grown, settled = steps["grow_gamma"], steps["settle"]
    assert grown["gamma"] == 5.0 and settled["gamma"] == 2.0
    ce = -math.log(0.9)
    assert settled["readouts"] == pytest.approx([2.0, 0.01 * ce, 0.01], rel=1e-9)
    assert grown["readouts"][1] == pytest.approx(1e-5 * ce, rel=1e-6)


def test_small_values_are_written_in_scientific_notation_never_as_zeros():
    from scenes.kit.numbers import SciNumber

    assert SciNumber.split(1.0536e-6) == (1.05, -6) and SciNumber.split(9.999) == (1.0, 1)
    assert SciNumber.split(-0.0123) == (-1.23, -2) and SciNumber.split(0.0) == (0.0, 0)
    grown = by_step("FocalLoss")["grow_gamma"]  # γ = 5: L(p_t = 0.9) ≈ 1e-6, which 4 decimals wrote as 0.0000
    shown = SciNumber(grown["readouts"][1])
    assert shown.mantissa.get_value() == pytest.approx(1.05) and shown.exponent.get_value() == -6


def test_ctc_scene_shows_losscores_trellis_loss_and_posterior():
    """The readouts are losscore's P(label) and CTC loss; the grid shows the softmax, then the posterior γ that
    losscore.ctc_posterior gives (each used step's γ sums to 1), then the softmax again."""
    picture = losscore.LOSSES["ctc"].picture
    states = {s.step: s for s in story_states("CTCAlignment", "dark")}
    log_probs = losscore.log_softmax(np.array(picture.logits))
    batch = (np.array([picture.label]), log_probs[:, None, :], [len(log_probs)], [len(picture.label)])
    loss = losscore.ctc(*batch, reduction="sum")
    assert states["show_steps"].probe["readouts"] is None
    assert states["total"].probe["readouts"] == pytest.approx([np.exp(-loss), loss], rel=1e-12)
    np.testing.assert_allclose(states["show_steps"].probe["cells"], np.exp(log_probs), atol=1e-9)
    gamma = losscore.ctc_posterior(*batch)[:, 0]
    np.testing.assert_allclose(states["posterior"].probe["cells"], gamma, atol=1e-9)
    np.testing.assert_allclose(gamma.sum(axis=1), 1.0)
    np.testing.assert_allclose(states["settle"].probe["cells"], np.exp(log_probs), atol=1e-9)
    assert all(not s.problems for s in states.values())


def test_triplet_scene_descends_on_losscores_gradient_until_the_margin_is_met():
    """The points are losscore.optimize's iterates on losscore's triplet gradient; the readouts are losscore's
    distances and loss; the arrows point against the gradient until the loss is 0, then none is drawn."""
    picture, margin = losscore.LOSSES["triplet_margin"].picture, losscore.LOSSES["triplet_margin"].params["margin"]
    states = {s.step: s for s in story_states("TripletMargin", "dark")}
    start = np.array(picture.start)
    grad = lambda points: np.array(losscore.triplet_margin_grad(*points, reduction="sum"))  # noqa: E731
    end = losscore.optimize(grad, start, method="sgd", lr=picture.rate, steps=picture.steps)[-1]
    for step, expected in (("show_arrows", start), ("settle", end)):
        points = states[step].probe["points"]
        np.testing.assert_allclose(points, expected, atol=1e-12)
        a, p, n = points
        assert states[step].probe["readouts"] == pytest.approx(
            [losscore.pairwise_distance(a, p), losscore.pairwise_distance(a, n),
             losscore.triplet_margin(a, p, n)], abs=1e-12)
    grads = losscore.triplet_margin_grad(*start, reduction="sum")
    for arrow, grad in zip(states["show_arrows"].probe["arrows"], grads):
        shaft = arrow[1] - arrow[0]
        assert np.dot(shaft[:2], -grad) > 0.99 * np.linalg.norm(shaft[:2]) * np.linalg.norm(grad)
    final = states["settle"].probe
    assert final["readouts"][2] == 0.0 and final["readouts"][1] >= final["readouts"][0] + margin
    assert all(arrow is None for arrow in final["arrows"])
