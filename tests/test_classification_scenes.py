"""The classification scenes show losscore's numbers: probabilities that sum to 1, the loss equal to −log of the
true class's probability, sparse and categorical losses equal, gradient arrows along ŷ − y.
(Layout and control frames for every scene: test_scenes.py.)"""

import math

import numpy as np
import pytest
from scene_harness import story_states

import losscore


def probes(name):
    return [s.probe for s in story_states(name, "dark")]


def by_step(name):
    return {s.step: s.probe for s in story_states(name, "dark")}


def test_bce_readouts_and_arrow():
    steps = by_step("BinaryCrossEntropy")
    shown = [p for p in steps.values() if p["readouts"] is not None]
    assert len(shown) >= 4
    for p in shown:
        yhat = p["yhat"]
        assert p["readouts"] == pytest.approx([yhat, losscore.bce([1.0], [yhat]), losscore.bce_grad([1.0], [yhat])[0]])
        start, end = p["arrow"]
        assert end[0] > start[0], "for y = 1 gradient descent raises ŷ"
    # the story's three regimes, in order: unsure, confidently right, confidently wrong
    assert [steps[s]["yhat"] for s in ("unsure", "confident_right", "confident_wrong")] == [0.5, 0.95, 0.03]
    lengths = {s: np.linalg.norm(np.subtract(*steps[s]["arrow"])) for s in ("unsure", "confident_wrong")}
    # the wrong prediction's gradient (−1/0.03) is 16× the unsure one's (−1/0.5): its arrow is the longest shown
    assert lengths["confident_wrong"] > lengths["unsure"]


def test_softmax_columns_and_bars():
    shown = [p for p in probes("Softmax") if p["cells"]]
    logit_sets = {tuple(np.round(p["logits"], 6)) for p in shown}
    assert len(logit_sets) >= 2, "a logit changes during the story"
    for p in shown:
        z = p["logits"]
        expected = losscore.softmax(z)
        np.testing.assert_allclose(p["cells"][0], z)
        np.testing.assert_allclose(p["cells"][1], np.exp(z))
        np.testing.assert_allclose(p["cells"][2], expected)
        np.testing.assert_allclose(p["bar_values"], expected)
        np.testing.assert_allclose(p["probabilities"].sum(), 1.0)
        assert p["total"] == pytest.approx([1.0])
        heights = np.array(p["bar_heights"])
        np.testing.assert_allclose(heights / heights.sum(), expected, atol=1e-3)


def test_cce_loss_is_minus_log_of_the_true_class_and_arrows_follow_the_gradient():
    shown = [p for p in probes("CategoricalCrossEntropy")]
    p_trues = []
    for p in shown:
        probs = losscore.softmax(p["logits"])
        k = int(np.argmax(p["onehot"]))
        np.testing.assert_allclose(p["bar_values"], probs)
        assert p["p_true"] == pytest.approx(probs[k])
        assert p["loss"] == pytest.approx([-math.log(probs[k])])
        assert p["loss"] == pytest.approx([losscore.cce(p["onehot"], probs)])
        p_trues.append(probs[k])
        if p["arrows"] is not None:
            grad = probs - p["onehot"]
            for g, arrow in zip(grad, p["arrows"]):
                if arrow is not None:
                    direction = np.sign(arrow[1][1] - arrow[0][1])
                    assert direction == np.sign(g), "up where ŷ − y > 0, down for the true class"
            assert p["arrows"][k] is not None and p["arrows"][k][1][1] < p["arrows"][k][0][1]
    assert max(p_trues) > 0.9 and min(p_trues) < 0.1, "the story visits a good and a bad prediction"


def test_sparse_equals_categorical():
    shown = [p for p in probes("SparseCategoricalCrossEntropy") if p["losses"]]
    assert len({round(p["losses"][0], 6) for p in shown}) >= 2, "the prediction moves"
    for p in shown:
        cce_value, sparse_value = p["losses"]
        assert cce_value == pytest.approx(sparse_value, abs=1e-12)
        assert sparse_value == pytest.approx(losscore.sparse_cce(p["k"], p["probabilities"]))


def test_good_vs_bad_meter_climbs_the_minus_log_curve():
    steps = by_step("GoodVsBadPredictions")
    visited = [steps[s] for s in ("good", "worse", "bad")]
    assert [p["p_true"] for p in visited] == pytest.approx([0.9, 0.4, 0.25])
    losses = [p["loss"][0] for p in visited]
    assert losses == pytest.approx([-math.log(0.9), -math.log(0.4), -math.log(0.25)])
    assert [round(v, 3) for v in losses] == [0.105, 0.916, 1.386]
    assert visited[0]["dot"][1] < visited[1]["dot"][1] < visited[2]["dot"][1], "the dot climbs"
    assert [r"L = 0.105" in visited[2]["ledger"][0], r"L = 1.386" in visited[2]["ledger"][2]] == [True, True]
    for p in steps.values():
        np.testing.assert_allclose(p["probabilities"].sum(), 1.0)
        np.testing.assert_allclose(p["bar_values"], p["probabilities"])
