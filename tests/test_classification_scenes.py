"""The classification scenes show losscore's numbers and draw them truthfully: probabilities that sum to 1 as shown,
the loss equal to −log of the true class's probability as shown, sparse and categorical losses equal, arrows to
scale and inside their axes, descent arrows on the logits that sum to zero.
(Layout and control frames for every scene: test_scenes.py; other numbers and the extremes of each parameter's
range: test_classification_params.py.)"""

import functools
import math

import numpy as np
import pytest
from scene_harness import story_states

import losscore
from scenes.classification import BAD, GOOD
from scenes.kit import rounded_to_sum


def probes(name):
    return [s.probe for s in story_states(name, "dark")]


def by_step(name):
    return {s.step: s.probe for s in story_states(name, "dark")}


def length(arrow):
    return float(np.linalg.norm(np.subtract(*arrow)))


def inside(box, low, high, tolerance=1e-6):
    return bool((np.asarray(box[0]) >= np.asarray(low) - tolerance).all()
                and (np.asarray(box[1]) <= np.asarray(high) + tolerance).all())


def check_bce_step(p):
    """BCE after a step: readouts from losscore, the arrow along descent on one scale (cut where capped), the arrow
    and the tangent inside the axes."""
    yhat = p["yhat"]
    slope = losscore.bce_grad([1.0], [yhat])[0]
    assert p["readouts"] == pytest.approx([yhat, losscore.bce([1.0], [yhat]), slope])
    start, end = p["arrow"]
    assert end[0] > start[0] and abs(end[1] - start[1]) < 1e-9, "for y = 1 descent raises ŷ: a level arrow, right"
    wanted = p["scale"] * abs(slope)
    assert length(p["arrow"]) == pytest.approx(min(wanted, p["cap"]), rel=1e-6)
    assert p["cut"] == (wanted > p["cap"]), "an arrow drawn shorter than its gradient shows that it is cut"
    low, high = p["axes_box"]
    assert inside(p["arrow_box"], low, high), "the arrow stays inside the axes"
    tangent = np.array([point[:2] for point in p["tangent"]])
    assert inside((tangent.min(axis=0), tangent.max(axis=0)), low, high), "the tangent is cut at the axes"


def check_softmax_step(p):
    """Softmax after a step: the columns from losscore, the ŷ column and the bars shown rounded so that they add up
    to the total shown, each within one last digit of the probability."""
    z = p["logits"]
    np.testing.assert_allclose(p["cells"][0], z)
    np.testing.assert_allclose(p["cells"][1], np.exp(z))
    probabilities = losscore.softmax(z)
    np.testing.assert_allclose(p["cells"][2], rounded_to_sum(probabilities))
    assert sum(p["shown_cells"][2]) == pytest.approx(p["total_shown"]) == pytest.approx(1.0), "the column adds up"
    assert p["bar_shown"] == pytest.approx(p["shown_cells"][2]), "bars and column show the same numbers"
    assert np.abs(np.array(p["shown_cells"][2]) - probabilities).max() <= 0.01 + 1e-9
    heights = np.array(p["bar_heights"])
    np.testing.assert_allclose(heights / heights.sum(), p["shown_cells"][2], atol=1e-3)


def check_true_class_readouts(p, loss_shown):
    """ŷ_k's readout is the true class's probability, its bar shows the same number rounded, and −log of the number
    shown gives the loss shown (to its last digit)."""
    k = p["k"]
    probabilities = losscore.softmax(p["logits"])
    shown_p = p["readouts_shown"][0]
    assert p["readouts"][0] == pytest.approx(probabilities[k])
    assert p["bar_shown"][k] == pytest.approx(round(shown_p, 2))
    assert abs(-math.log(shown_p) - loss_shown) <= 0.01 + 1e-9, (shown_p, loss_shown)


def check_cce_step(p):
    """CCE after a step: L = −log ŷ_k as shown; the descent arrows on the logits, y − ŷ, on one scale, chained so
    that they return to the zero line: the gradient sums to zero."""
    probabilities = losscore.softmax(p["logits"])
    k = int(np.argmax(p["onehot"]))
    p = {**p, "k": k}
    assert p["readouts"][1] == pytest.approx(-math.log(probabilities[k]))
    assert p["readouts"][1] == pytest.approx(losscore.cce(p["onehot"], probabilities))
    check_true_class_readouts(p, p["readouts_shown"][1])
    if p["arrows"] is None:
        return
    descent = p["onehot"] - probabilities
    zero, top = p["levels"]
    assert top - zero == pytest.approx(p["unit"] * descent[k]), "the guide at the true class's tip"
    level = top
    for i in [k, *(i for i in range(len(descent)) if i != k)]:
        arrow = p["arrows"][i]
        if arrow is None:  # too short to be drawn
            assert abs(descent[i]) * p["unit"] < 0.05
            level += descent[i] * p["unit"] if i != k else 0
            continue
        (x0, y0), (x1, y1) = arrow[0][:2], arrow[1][:2]
        assert x0 == pytest.approx(x1), "vertical: the logit rises or falls"
        assert y1 - y0 == pytest.approx(p["unit"] * descent[i]), "length and direction: descent on z_i, to scale"
        if i == k:
            assert y0 == pytest.approx(zero)
        else:
            assert y0 == pytest.approx(level), "each down arrow starts where the one before it ends"
            level = y1
    assert level == pytest.approx(zero), "the down arrows end on the zero line: the gradient sums to zero"


def test_bce_readouts_arrow_and_tangent():
    steps = by_step("BinaryCrossEntropy")
    shown = [p for p in steps.values() if p["readouts"] is not None]
    assert len(shown) >= 4
    for p in shown:
        check_bce_step(p)
    params = steps["unsure"]["params"]
    visits = [steps[s]["yhat"] for s in ("unsure", "confident_right", "confident_wrong")]
    assert visits == [params["unsure"], params["confident_right"], params["confident_wrong"]]
    assert steps["confident_wrong"]["cut"], "the default confident mistake's gradient is off the arrow's scale"
    right, unsure = (length(steps[s]["arrow"]) for s in ("confident_right", "unsure"))
    ratio = losscore.bce_grad([1.0], [visits[1]])[0] / losscore.bce_grad([1.0], [visits[0]])[0]
    assert right / unsure == pytest.approx(ratio), "one scale: the arrows' lengths compare as the gradients do"


def test_softmax_columns_and_bars_add_up():
    shown = [p for p in probes("Softmax") if p["cells"]]
    assert len({tuple(np.round(p["logits"], 6)) for p in shown}) >= 2, "a logit changes during the story"
    for p in shown:
        check_softmax_step(p)


def test_rounded_to_sum_keeps_each_value_within_one_digit():
    rng = np.random.default_rng(0)
    for _ in range(200):
        p = losscore.softmax(rng.normal(0, 3, size=rng.integers(2, 7)))
        shown = rounded_to_sum(p)
        assert round(shown.sum(), 9) == 1 and np.abs(shown - p).max() < 0.01
        assert np.allclose(shown * 100, np.round(shown * 100))
    np.testing.assert_allclose(rounded_to_sum([0.25, 0.75]), [0.25, 0.75])


def test_cce_loss_readouts_and_descent_arrows():
    steps = by_step("CategoricalCrossEntropy")
    for p in steps.values():
        check_cce_step(p)
    assert steps["gradient_arrows"]["arrows"] is not None
    k = int(np.argmax(steps["good_prediction"]["onehot"]))
    truth = [losscore.softmax(steps[s]["logits"])[k] for s in ("good_prediction", "bad_prediction")]
    assert truth == pytest.approx([GOOD, BAD]), "the story visits a good and a bad prediction"


def test_sparse_equals_categorical():
    steps = by_step("SparseCategoricalCrossEntropy")
    shown = [p for p in steps.values() if p["readouts"]]
    assert len({round(p["readouts"][1], 6) for p in shown}) >= 2, "the prediction moves"
    for p in shown:
        _, cce_value, sparse_value = p["readouts"]
        assert cce_value == pytest.approx(sparse_value, abs=1e-12)
        assert sparse_value == pytest.approx(losscore.sparse_cce(p["k"], p["probabilities"]))
        check_true_class_readouts(p, p["readouts_shown"][2])
    classes = len(steps["memory"]["probabilities"])
    assert f"{classes} numbers per label" in steps["memory"]["storage"], "the memory panel counts this example's"


def test_good_vs_bad_meter_climbs_the_minus_log_curve():
    steps = by_step("GoodVsBadPredictions")
    params = steps["good"]["params"]
    truth = [params[name][0] for name in ("good", "worse", "bad")]
    visited = [steps[s] for s in ("good", "worse", "bad")]
    assert [p["p_true"] for p in visited] == pytest.approx(truth)
    losses = [p["loss"][0] for p in visited]
    assert losses == pytest.approx([-math.log(p) for p in truth])
    assert visited[0]["dot"][1] < visited[1]["dot"][1] < visited[2]["dot"][1], "the dot climbs"
    for p, loss in zip(truth, losses):  # the ledger's numbers recompute (L = −log of the ŷ_k beside it), as the meter
        assert f"{-math.log(round(p, 2)):.3f}" == f"{loss:.3f}"
        assert rf"\hat{{y}}_k = {p:.2f} \;\Rightarrow\; L = {loss:.3f}" in visited[2]["ledger"]
    for p in steps.values():
        np.testing.assert_allclose(p["probabilities"].sum(), 1.0)
        np.testing.assert_allclose(p["bar_values"], p["probabilities"])


# Parameters: what a lesson may set, refused when it does not fit the story, and the ends of every range rendered.

def scene_class(name):
    import scenes.classification as module

    return getattr(module, name)


def declared(name):
    return {p.name: p for p in scene_class(name).parameters}


def test_each_scene_declares_its_numbers_with_todays_values_as_defaults():
    assert declared("Softmax")["logits"].length == (2, 6)
    assert {"logits", "label"} <= set(declared("CategoricalCrossEntropy")) == set(
        declared("SparseCategoricalCrossEntropy"))
    assert set(declared("BinaryCrossEntropy")) == {"unsure", "confident_right", "confident_wrong"}
    assert set(declared("GoodVsBadPredictions")) == {"good", "worse", "bad"}
    for name in ("BinaryCrossEntropy", "Softmax", "CategoricalCrossEntropy", "SparseCategoricalCrossEntropy",
                 "GoodVsBadPredictions"):
        defaults = scene_class(name).check_params({})  # the defaults fit together
        for param in scene_class(name).parameters:
            assert param.meaning and param.check(defaults[param.name], name) is not None


@pytest.mark.parametrize("name, given, message", [
    ("CategoricalCrossEntropy", {"label": 3}, r"CategoricalCrossEntropy: label = 3 is not a class: with 3 logits"),
    ("SparseCategoricalCrossEntropy", {"logits": [1.0, 2.0], "label": 2}, r"label = 2 is not a class"),
    ("Softmax", {"logits": [0.0] * 7}, r"Softmax: logits must hold 2 to 6 values, got 7"),
    ("Softmax", {"logit": [1.0, 2.0]}, r"unknown key 'logit' \(did you mean 'logits'\?\)"),
    ("CategoricalCrossEntropy", {"logits": [4.0, -4.0, 0.0], "label": 1}, r"logits give the true class \(label 1\)"),
    ("BinaryCrossEntropy", {"confident_right": 0.99}, r"confident_right = 0.99 is outside its range \[0.8, 0.95\]"),
    ("GoodVsBadPredictions", {"bad": [0.3, 0.3, 0.3, 0.2]}, r"bad's probabilities must sum to 1"),
    ("GoodVsBadPredictions", {"worse": [0.405, 0.295, 0.2, 0.1]}, r"worse must give each probability with at most"),
    ("GoodVsBadPredictions", {"worse": [0.2, 0.3, 0.3, 0.2]}, r"must fall from good to worse to bad, got 0.9, 0.2"),
    ("GoodVsBadPredictions", {"good": [0.9, 0.1]}, r"worse has 4 probabilities, good has 2"),
])
def test_values_that_do_not_fit_the_story_are_refused_with_a_message_naming_the_key(name, given, message):
    from losscore.params import ParamError

    with pytest.raises(ParamError, match=message):
        scene_class(name)(params=given)


# One lesson at each end of every range (in words: every parameter at its low end, then at its high end).
EXTREMES = {
    "BinaryCrossEntropy": ({"unsure": 0.4, "confident_right": 0.8, "confident_wrong": 0.01},
                           {"unsure": 0.6, "confident_right": 0.95, "confident_wrong": 0.2}),
    "Softmax": ({"logits": [-4.0, -4.0]}, {"logits": [4.0] * 6}),
    "CategoricalCrossEntropy": ({"logits": [-4.0, -4.0], "label": 0}, {"logits": [4.0] * 6, "label": 5}),
    "SparseCategoricalCrossEntropy": ({"logits": [-4.0, -4.0], "label": 0}, {"logits": [4.0] * 6, "label": 5}),
    "GoodVsBadPredictions": ({"good": [0.6, 0.4], "worse": [0.5, 0.5], "bad": [0.01, 0.99]},
                             {"good": [1.0, 0, 0, 0, 0, 0], "worse": [0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
                              "bad": [0.1, 0.18, 0.18, 0.18, 0.18, 0.18]}),
}


def test_the_extremes_are_the_ends_of_the_declared_ranges():
    for name, (low, high) in EXTREMES.items():
        for param in scene_class(name).parameters:
            for values, end, size in ((low, param.low, min(param.length)), (high, param.high, max(param.length))):
                value = values[param.name]
                if param.kind == "floats" and name != "GoodVsBadPredictions":
                    assert value == [end] * size, (name, param.name)
                elif param.kind == "floats":  # probability rows: the fewest and the most classes
                    assert len(value) == size, (name, param.name)
                elif name in ("CategoricalCrossEntropy", "SparseCategoricalCrossEntropy") and param.name == "label":
                    assert value == (0 if values is low else len(values["logits"]) - 1)  # the first, the last class
                else:
                    assert value == end, (name, param.name)


@functools.cache
def extreme_states(name, end):
    """The story told at one end of its ranges, in the dark theme; its title card (the same for any numbers, checked
    with the catalog's) left out to keep the suite fast."""
    from scene_harness import run_story
    from scene_probes import PROBES

    return run_story(scene_class(name), "dark", PROBES[name], params=EXTREMES[name][end], title_card=False)


@pytest.mark.parametrize("end", [0, 1], ids=["low", "high"])
@pytest.mark.parametrize("name", list(EXTREMES))
def test_the_layout_is_clean_and_the_numbers_true_at_the_ends_of_every_range(name, end):
    states = extreme_states(name, end)
    for s in states:
        assert s.problems == [], f"{name} at its {'high' if end else 'low'} end, after {s.step}: {s.problems}"
    check = {"BinaryCrossEntropy": check_bce_step, "Softmax": check_softmax_step,
             "CategoricalCrossEntropy": check_cce_step}.get(name)
    for s in states:
        if check and (name != "BinaryCrossEntropy" or s.probe["readouts"] is not None):
            check(s.probe)


def captions(states):
    return [c["text"] for c in states[-1].timeline["captions"]]


def test_captions_say_the_lessons_numbers():
    low = EXTREMES["BinaryCrossEntropy"][0]
    said = captions(extreme_states("BinaryCrossEntropy", 0))
    steeper = losscore.bce_grad([1.0], [low["confident_wrong"]])[0] / losscore.bce_grad([1.0], [low["unsure"]])[0]
    assert f"At ŷ = {low['unsure']:g} the model is unsure: a middling loss." in said
    assert f"Confident and right: L falls to {losscore.bce([1.0], [low['confident_right']]):.2f}." in said
    assert f"Confident and wrong: {steeper:.0f}× as steep as at ŷ = {low['unsure']:g}." in said
    assert "The cut arrow is too long to draw to scale." in said
    assert "The cut arrow is too long to draw to scale." not in captions(extreme_states("BinaryCrossEntropy", 1))

    assert "Raise cat's logit: the others give way." in captions(extreme_states("Softmax", 0))  # the lowest, first

    high = EXTREMES["CategoricalCrossEntropy"][1]
    states = extreme_states("CategoricalCrossEntropy", 1)
    bad = {s.step: s.probe for s in states}["bad_prediction"]
    loss = losscore.cce(np.eye(6)[high["label"]], losscore.softmax(bad["logits"]))
    assert f"{BAD:.2f} for the truth: the loss rises to {loss:.2f}." in captions(states)

    states = extreme_states("SparseCategoricalCrossEntropy", 1)
    assert "With 6 classes: 6 numbers per label, or one." in captions(states)
    assert "6 numbers per label" in {s.step: s.probe for s in states}["memory"]["storage"]

    for end in (0, 1):
        rows = EXTREMES["GoodVsBadPredictions"][end]
        states = extreme_states("GoodVsBadPredictions", end)
        ledger = {s.step: s.probe for s in states}["bad"]["ledger"]
        losses = [losscore.cce(np.eye(len(rows[n]))[0], rows[n]) for n in ("good", "worse", "bad")]
        assert ledger == [rf"\hat{{y}}_k = {rows[n][0]:.2f} \;\Rightarrow\; L = {loss:.3f}"
                          for n, loss in zip(("good", "worse", "bad"), losses)]
        assert "Another class leads: the loss climbs higher." in captions(states)
