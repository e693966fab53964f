"""OutlierFit, RobustLossFamily and FocalLoss show losscore's numbers: the fitted lines after the last gradient step,
ρ's special cases at checked x, the focal curves at checked p_t; their captions state losscore's numbers, also for
other parameter values, and the layout stays clean at both ends of every declared range. (Layout and frames for the
catalog's values: test_scenes.py.)"""

import functools
import importlib
import math

import numpy as np
import pytest
from scene_harness import assert_at_range_ends, run_story, story_states
from scene_probes import PROBES

import losscore
from losscore.params import ParamError
from scenes import catalog, robust

EDGE = 0.12  # a stroke's width may reach this far past the axes' box, on screen

# every parameter at the low end of its range, and at the high end (lists: the valid values nearest that end)
ENDS = {
    ("OutlierFit", "low"): {"outlier_x": -2.4, "outlier_y": -6.0},
    ("OutlierFit", "high"): {"outlier_x": 2.4, "outlier_y": 6.0},
    ("RobustLossFamily", "low"): {"alphas": [-8.5, -9.0, -9.5, -10.0]},
    ("RobustLossFamily", "high"): {"alphas": [2.0, 1.5, 1.0, 0.5]},
    ("FocalLoss", "low"): {"gammas": [0.1], "gamma": 0.0, "easy": 0.6, "hard": 0.01},
    ("FocalLoss", "high"): {"gammas": [6.0, 7.0, 8.0, 9.0, 10.0], "gamma": 10.0, "easy": 0.99, "hard": 0.4},
}


ENDS_OF = ("low", "high")


def by_step(name):
    return {s.step: s.probe for s in story_states(name, "dark")}


def story(name):
    return getattr(importlib.import_module(catalog.lookup(name).module), name)


@functools.cache
def told(name, end):
    """The story with the values of `end`, its title card left out (it holds no parameter) to save time."""
    return run_story(story(name), "dark", PROBES[name], params=ENDS[name, end], title_card=False)


def said(states):
    return [c["text"] for c in states[-1].timeline["captions"]]


def inside(extent, box):
    (low, high), (box_low, box_high) = extent, box
    return (low >= box_low - EDGE).all() and (high <= box_high + EDGE).all()


def test_outlier_fit_lines_come_from_gradient_descent_on_losscore():
    final = by_step("OutlierFit")["settle"]
    assert final["step"] == robust.STEPS
    x, y = np.append(robust.X, final["params"]["outlier_x"]), np.append(robust.Y, final["params"]["outlier_y"])
    for loss, (w, b) in final["lines"].items():
        # the same descent, written out here: ŷ = w·x + b, gradient from losscore, chain rule, fixed step
        ww = bb = 0.0
        for _ in range(robust.STEPS):
            g = losscore.LOSSES[loss].grad(y, ww * x + bb)
            ww, bb = ww - robust.LEARNING_RATE * (g @ x), bb - robust.LEARNING_RATE * g.sum()
        assert (w, b) == pytest.approx((ww, bb), abs=1e-12)
    shown = final["readouts"]
    expected = [losscore.LOSSES[loss].fn(y, w * x + b) for loss, (w, b) in final["lines"].items()]
    assert shown == pytest.approx([*expected, robust.STEPS])
    # MSE is dragged toward the outlier; MAE and Huber stay with the bulk (true slope 0.5, intercept 1)
    outlier_x = final["params"]["outlier_x"]
    at_outlier = {loss: w * outlier_x + b for loss, (w, b) in final["lines"].items()}
    clean = 0.5 * outlier_x + 1
    assert at_outlier["mse"] < at_outlier["huber"] - 0.4 and at_outlier["mse"] < at_outlier["mae"] - 0.4
    for loss in ("mae", "huber"):
        assert abs(at_outlier[loss] - clean) < 0.5 < abs(at_outlier["mse"] - clean)


def test_outlier_fit_claims_hold_and_can_be_seen():
    """MAE's loss rises only from the step the caption names it, as the loss-against-step plot shows (each trace
    ends at the loss the readouts show); the data are drawn above the lines, and the lines stay in their plot."""
    states = story_states("OutlierFit", "dark")
    steps = {s.step: s.probe for s in states}
    x, y = np.append(robust.X, robust.OutlierFit.parameters[0].default), np.append(
        robust.Y, robust.OutlierFit.parameters[1].default)
    paths = {loss: robust.fit_line(loss, x, y) for loss, _ in robust.FITS}
    # MSE's line is the least-squares line, and the outlier tilts it: its slope turns negative (the bulk's is 0.5)
    least_squares = np.linalg.lstsq(np.vstack([x, np.ones_like(x)]).T, y, rcond=None)[0]
    assert paths["mse"][-1] == pytest.approx(least_squares, abs=1e-3) and least_squares[0] < 0
    losses = {loss: np.array([losscore.LOSSES[loss].fn(y, w * x + b) for w, b in path])
              for loss, path in paths.items()}
    rises = {loss: np.flatnonzero(np.diff(v) > 1e-12) for loss, v in losses.items()}
    assert len(rises["mae"]) >= 3 and rises["mae"].min() == steps["settle"]["bounce"]
    assert len(rises["mse"]) == len(rises["huber"]) == 0
    # "MAE's fixed-size steps overshoot" is said when the descent reaches the first rise, before it is drawn
    wobble = next(c for c in said(states) if c.startswith("MAE's fixed-size steps"))
    chapter = next(c for c in states[-1].timeline["chapters"] if c["step"] == "descend")
    assert chapter["start"] < next(c["start"] for c in states[-1].timeline["captions"] if c["text"] == wobble)
    final = steps["settle"]
    for loss, (step, value) in final["trace_ends"].items():
        assert step == pytest.approx(robust.STEPS) and value == pytest.approx(losses[loss][-1], abs=1e-9)
    assert set(final["trace_ends"]) == {"mae", "huber"}
    for probe in steps.values():
        assert all(inside(extent, probe["box"]) for extent in probe["in_plot"])
    assert all(p["data_on_top"] for step, p in steps.items() if step != "show_data") and final["data_on_top"]


CLOSED_FORMS = {2.0: lambda x: 0.5 * x**2, 1.0: lambda x: np.sqrt(x**2 + 1) - 1, 0.0: lambda x: np.log(0.5 * x**2 + 1),
                -2.0: lambda x: 2 * x**2 / (x**2 + 4), -math.inf: lambda x: 1 - np.exp(-0.5 * x**2)}


def test_robust_family_visits_each_member_with_the_right_curves():
    steps = by_step("RobustLossFamily")
    visits = ("first_alpha", "second_alpha", "third_alpha", "fourth_alpha", "alpha_to_minus_infinity")
    for step, alpha in zip(visits, (*steps["first_alpha"]["params"]["alphas"], -math.inf)):
        p = steps[step]
        assert p["alpha"] == alpha and robust.NAMED[alpha] in p["name"]
        xs, ys = p["rho"][:, 0], p["rho"][:, 1]
        checked = (np.abs(np.abs(xs) - 1.5) < 0.02) | (np.abs(xs) < 0.02) | (np.abs(np.abs(xs) - 2.5) < 0.02)
        assert checked.sum() >= 3
        np.testing.assert_allclose(ys[checked], CLOSED_FORMS[alpha](xs[checked]), atol=1e-3)
        # ψ is ρ's derivative: for negative α it falls back toward 0 at large |x|
        px, py = p["psi"][:, 0], p["psi"][:, 1]
        expected_psi = losscore.general_robust_grad(np.zeros_like(px), px, alpha=alpha, reduction="none")
        np.testing.assert_allclose(py, expected_psi, atol=1e-3)
        # ρ, ψ and c, which the captions and the formula use, are named on screen
        assert p["axis_labels"] == [r"\rho(x)", r"\psi(x)"] and "c = 1" in p["key"][0]
        assert r"\rho" in p["key"][1] and r"\psi = \rho'" in p["key"][2]
    assert steps["back_to_start"]["alpha"] == 2.0


def test_robust_family_says_what_each_alpha_does_to_far_residuals():
    """Each α's caption is true of the ψ drawn: compare ψ at the plot's end with ψ halfway there and at its peak."""
    claims = {"in step": lambda far, middle, most: far == pytest.approx(2 * middle, rel=0.05),
              "more slowly": lambda far, middle, most: middle < far < 1.9 * middle,
              "far out, ψ levels off": lambda far, middle, most: far == pytest.approx(middle, rel=0.1),
              "starts to fall": lambda far, middle, most: far < most,
              "barely pull": lambda far, middle, most: far < 0.25 * most,
              "ignored": lambda far, middle, most: far < 1e-3 * most}
    for states in (story_states("RobustLossFamily", "dark"), *(told("RobustLossFamily", end) for end in ENDS_OF)):
        captions = said(states)
        for s in states[1:6]:
            alpha, psi = s.probe["alpha"], s.probe["psi"]
            psi = psi[np.argsort(psi[:, 0])]
            far = psi[-1, 1]
            middle = psi[np.argmin(np.abs(psi[:, 0] - psi[-1, 0] / 2)), 1]
            caption = next(c for c in captions if c.startswith(robust.alpha_words(alpha) + ":"))
            claim = [key for key in claims if key in caption]
            assert len(claim) == 1 and claims[claim[0]](far, middle, psi[:, 1].max()), (caption, far, middle)


def test_focal_curves_match_lin_et_al_at_checked_points():
    steps = by_step("FocalLoss")
    family = steps["gamma_family"]["curves"]
    gammas = (0.0, *steps["gamma_family"]["params"]["gammas"])
    for gamma, curve in zip(gammas, family):
        for p_t in (0.1, 0.3, 0.6, 0.9):
            i = np.argmin(np.abs(curve[:, 0] - p_t))
            x = curve[i, 0]
            assert abs(x - p_t) < 0.01
            assert curve[i, 1] == pytest.approx(-((1 - x) ** gamma) * math.log(x), abs=1e-3)
    grown, settled = steps["grow_gamma"], steps["settle"]
    assert grown["gamma"] == gammas[-1] and settled["gamma"] == settled["params"]["gamma"]
    easy, hard = settled["params"]["easy"], settled["params"]["hard"]
    kept = [losscore.binary_focal([1.0], [p], gamma=settled["gamma"]) / losscore.bce([1.0], [p]) for p in (hard, easy)]
    assert settled["readouts"] == pytest.approx([settled["gamma"], *kept], rel=1e-9)
    assert grown["readouts"][2] == pytest.approx((1 - easy) ** gammas[-1], rel=1e-6)


def test_focal_makes_the_fading_visible_and_keeps_its_colours_apart():
    """The live γ curve has a colour of its own; the family fades in colour as γ grows; the zoom on the
    well-classified half holds its curves; the examples ride on the live curve."""
    steps = by_step("FocalLoss")
    p = steps["settle"]
    assert p["live_color"] not in p["colors"] and len(set(p["colors"])) == len(p["colors"])
    assert all(inside(extent, p["zoom_box"]) for extent in p["in_zoom"])
    (hx, hy), (ex, ey) = (point[:2] for point in p["examples"])
    f = [losscore.binary_focal([1.0], [x], gamma=p["gamma"]) for x in (hx, ex)]
    assert (hx, ex) == pytest.approx((p["params"]["hard"], p["params"]["easy"])) and (hy, ey) == pytest.approx(f)
    # on the zoom the easy example's fall from γ = 0 to the story's γ spans a visible part of the plot's height
    zoom_height = p["zoom_box"][1][1] - p["zoom_box"][0][1]
    ce = losscore.bce([1.0], [ex])
    assert (ce - ey) / 0.7 * zoom_height > 0.15


def test_small_values_are_written_in_scientific_notation_never_as_zeros():
    from scenes.kit.numbers import SciNumber

    assert SciNumber.split(1.0536e-6) == (1.05, -6) and SciNumber.split(9.999) == (1.0, 1)
    assert SciNumber.split(-0.0123) == (-1.23, -2) and SciNumber.split(0.0) == (0.0, 0)
    grown = by_step("FocalLoss")["grow_gamma"]  # γ = 5: the easy example keeps 1e-5 of its loss
    shown = SciNumber(grown["readouts"][2])
    assert shown.mantissa.get_value() == pytest.approx(1.0) and shown.exponent.get_value() == -5


def test_focal_captions_state_losscores_shares_for_the_values_given():
    for end in ("low", "high"):
        values = ENDS["FocalLoss", end]
        kept = {p: losscore.binary_focal([1.0], [p], gamma=values["gamma"]) / losscore.bce([1.0], [p])
                for p in (values["hard"], values["easy"])}
        captions = said(told("FocalLoss", end))
        hard = next(c for c in captions if c.startswith(f"At γ = {values['gamma']:g}, a hard pₜ = {values['hard']:g}"))
        easy = next(c for c in captions if c.startswith(f"An easy pₜ = {values['easy']:g} keeps"))
        for caption, share in ((hard, kept[values["hard"]]), (easy, kept[values["easy"]])):
            words = caption.split("keeps ")[1].split("%")[0]
            if words.startswith("under"):
                assert share < 1e-4
            else:
                assert float(words) / 100 == pytest.approx(share, rel=0.051, abs=5e-5)


@pytest.mark.parametrize("name, end", ENDS)
def test_layout_is_clean_at_the_ends_of_every_range(name, end):
    assert_at_range_ends(story(name), ENDS[name, end], end)
    for s in told(name, end):
        assert s.problems == [], f"{name} ({end}) after {s.step}: {s.problems}"


@pytest.mark.parametrize("name, given, message", [
    ("OutlierFit", {"outlier_y": 2.0}, r"^OutlierFit: outlier_y must lie at least 3 from the points' line "),
    ("RobustLossFamily", {"alphas": [2.0, 0.0, 1.0, -2.0]}, r"^RobustLossFamily: alphas must fall from one to the "
                                                             r"next, got 2, 0, 1, −2$"),
    ("RobustLossFamily", {"alphas": [2.0, 1.0]}, r"^RobustLossFamily: alphas must hold 4 values, got 2$"),
    ("FocalLoss", {"gammas": [2.0, 1.0]}, r"^FocalLoss: gammas must rise from one to the next, got 2, 1$"),
    ("FocalLoss", {"easy": 1.0}, r"^FocalLoss: easy = 1 is outside its range \[0.6, 0.99\]$"),
])
def test_values_that_do_not_fit_are_refused_by_name(name, given, message):
    with pytest.raises(ParamError, match=message):
        story(name)(params=given)


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
