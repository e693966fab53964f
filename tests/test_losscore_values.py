"""Known values from published worked examples; each cites where the number comes from."""

import inspect
import math

import numpy as np
import pytest

import losscore as lc

# The Keras documentation's shared regression/binary example.
Y2 = [[0.0, 1.0], [0.0, 0.0]]
P2 = [[0.6, 0.4], [0.4, 0.6]]


def test_regression_keras_examples():
    # keras.losses.MeanSquaredError / MeanAbsoluteError / LogCosh docs: y_pred [[1, 1], [1, 0]] -> 0.5, 0.5, 0.108
    assert lc.mse(Y2, [[1.0, 1.0], [1.0, 0.0]]) == pytest.approx(0.5)
    assert lc.mae(Y2, [[1.0, 1.0], [1.0, 0.0]]) == pytest.approx(0.5)
    assert lc.log_cosh(Y2, [[1.0, 1.0], [0.0, 0.0]]) == pytest.approx(0.108, abs=5e-4)
    # keras.losses.Huber docs: 0.155
    assert lc.huber(Y2, P2) == pytest.approx(0.155)
    # torch.nn.L1Loss / MSELoss definitions on a hand example: mean |(1,2,3) - (2,2,5)| = 1, squared 5/3
    assert lc.mae([1, 2, 3], [2, 2, 5]) == 1.0
    assert lc.mse([1, 2, 3], [2, 2, 5]) == pytest.approx(5 / 3)


def test_regression_reductions_and_return_types():
    assert lc.mse([1, 2, 3], [2, 2, 5], reduction="sum") == 5.0
    per = lc.mse([1, 2, 3], [2, 2, 5], reduction="none")
    assert isinstance(per, np.ndarray) and per.dtype == np.float64
    np.testing.assert_array_equal(per, [1.0, 0.0, 4.0])
    assert type(lc.mse([1], [2])) is float


def test_quantile_pinball_by_hand():
    # Koenker & Bassett (1978): q·r for r = y − ŷ ≥ 0, (q − 1)·r otherwise.
    np.testing.assert_allclose(lc.quantile([1.0, 2.0], [2.0, 1.0], q=0.9, reduction="none"), [0.1, 0.9])
    # q = 0.5 is half the absolute error
    assert lc.quantile([0, 4], [3, 1]) == pytest.approx(0.5 * lc.mae([0, 4], [3, 1]))


@pytest.mark.parametrize("alpha, expected", [
    (2.0, lambda x: 0.5 * x**2),
    (1.0, lambda x: np.sqrt(x**2 + 1) - 1),
    (0.0, lambda x: np.log(0.5 * x**2 + 1)),
    (-2.0, lambda x: 2 * x**2 / (x**2 + 4)),
    (-np.inf, lambda x: 1 - np.exp(-0.5 * x**2)),
    (np.inf, lambda x: np.exp(0.5 * x**2) - 1),
])
def test_general_robust_special_cases(alpha, expected):
    # Barron, "A General and Adaptive Robust Loss Function", CVPR 2019, section 1 (c = 1).
    x = np.array([-4.0, -1.0, -0.25, 0.0, 0.5, 2.0, 3.0])
    got = lc.general_robust(np.zeros_like(x), x, alpha=alpha, reduction="none")
    np.testing.assert_allclose(got, expected(x), rtol=1e-12, atol=1e-15)


def test_general_robust_scale_and_near_singular_alpha():
    x = np.array([-3.0, 0.5, 2.0])
    zeros = np.zeros_like(x)
    # ρ(x, α, c) = ρ(x/c, α, 1)
    np.testing.assert_allclose(lc.general_robust(zeros, x, alpha=0.5, scale=2.0, reduction="none"),
                               lc.general_robust(zeros, x / 2, alpha=0.5, reduction="none"))
    # α next to the removable singularities at 0 and 2 agrees with the limits
    for near, limit in ((1e-9, 0.0), (2 - 1e-9, 2.0), (-1e-9, 0.0)):
        np.testing.assert_allclose(lc.general_robust(zeros, x, alpha=near, reduction="none"),
                                   lc.general_robust(zeros, x, alpha=limit, reduction="none"), rtol=1e-7)


def test_bce_keras_examples():
    # keras.losses.BinaryCrossentropy docs: probabilities -> 0.815; logits -> 0.865
    assert lc.bce(Y2, P2) == pytest.approx(0.815, abs=5e-4)
    assert lc.bce([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8], from_logits=True) == pytest.approx(0.865, abs=5e-4)
    # torch.nn.BCELoss definition: −log 0.8 for y = 1, ŷ = 0.8
    assert lc.bce([1.0], [0.8]) == pytest.approx(-math.log(0.8))


def test_binary_focal_keras_examples():
    # keras.losses.BinaryFocalCrossentropy docs
    y, z = [0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]
    assert lc.binary_focal(y, z, gamma=2, from_logits=True) == pytest.approx(0.691, abs=5e-4)
    assert lc.binary_focal(y, z, gamma=2, alpha=0.25, from_logits=True) == pytest.approx(0.51, abs=5e-3)
    assert lc.binary_focal([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]], gamma=3,
                           from_logits=True) == pytest.approx(0.647, abs=5e-4)
    # keras.losses.binary_focal_crossentropy docs: per-sample [0.330, 0.206] (our "none" is per element)
    per_element = lc.binary_focal(Y2, P2, gamma=2, reduction="none")
    np.testing.assert_allclose(per_element.mean(axis=-1), [0.330, 0.206], atol=5e-4)


def test_hinge_keras_examples():
    # keras.losses.Hinge / SquaredHinge docs use 0/1 labels that Keras converts to −1/+1: 1.3 and 1.86
    y = 2 * np.array(Y2) - 1
    assert lc.hinge(y, P2) == pytest.approx(1.3)
    assert lc.squared_hinge(y, P2) == pytest.approx(1.86)


def test_cce_and_sparse_keras_examples():
    # keras.losses.CategoricalCrossentropy / SparseCategoricalCrossentropy docs: 1.177 (ŷ = 0 is clipped to 1e-7)
    p = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    assert lc.cce([[0, 1, 0], [0, 0, 1]], p) == pytest.approx(1.177, abs=5e-4)
    assert lc.sparse_cce([1, 2], p) == pytest.approx(1.177, abs=5e-4)
    np.testing.assert_allclose(lc.sparse_cce([1, 2], p, reduction="none"), [-math.log(0.95), -math.log(0.1)])
    # torch.nn.CrossEntropyLoss on logits: −log softmax(z)_k
    z = [1.0, 2.0, 0.5]
    expected = -(z[1] - math.log(sum(math.exp(v) for v in z)))
    assert lc.sparse_cce(1, z, from_logits=True) == pytest.approx(expected)


def test_label_smoothing_follows_keras():
    # keras: bce labels y(1 − ls) + ls/2, cce labels y(1 − ls) + ls/C
    assert lc.bce([1.0], [0.7], label_smoothing=0.2) == pytest.approx(lc.bce([0.9], [0.7]))
    assert lc.cce([[0, 1, 0, 0]], [[0.1, 0.6, 0.2, 0.1]], label_smoothing=0.4) == pytest.approx(
        lc.cce([[0.1, 0.7, 0.1, 0.1]], [[0.1, 0.6, 0.2, 0.1]]))


def test_kld_by_definition():
    # KL([½, ½] ‖ [¼, ¾]) = ½ log 2 + ½ log(2/3) = ½ log(4/3)
    assert lc.kld([[0.5, 0.5]], [[0.25, 0.75]]) == pytest.approx(0.5 * math.log(4 / 3))
    assert lc.kld([[0.2, 0.3, 0.5]], [[0.2, 0.3, 0.5]]) == pytest.approx(0.0, abs=1e-15)


def test_activations():
    p = lc.softmax([1.0, 2.0, 3.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(p, e / e.sum())
    np.testing.assert_allclose(lc.softmax([1.0, 2.0], temperature=2.0), lc.softmax([0.5, 1.0]))
    np.testing.assert_allclose(lc.log_softmax([[1.0, 2.0, 3.0]]), np.log(p)[None])
    # along axis 0: columns (0, 0) and (0, log 3) give (½, ½) and (¼, ¾)
    np.testing.assert_allclose(lc.softmax([[0.0, 0.0], [0.0, math.log(3)]], axis=0), [[0.5, 0.25], [0.5, 0.75]])
    np.testing.assert_allclose(lc.sigmoid([0.0, 2.0, -2.0]), [0.5, 1 / (1 + math.exp(-2)), 1 / (1 + math.exp(2))])


def test_registry_describes_every_loss_once():
    assert set(lc.LOSSES) == {"mae", "mse", "huber", "log_cosh", "quantile", "general_robust", "bce",
                              "binary_focal", "hinge", "squared_hinge", "cce", "sparse_cce", "kld"}
    for name, spec in lc.LOSSES.items():
        assert spec.name == name
        assert spec.loss is getattr(lc, name) and spec.grad is getattr(lc, name + "_grad")
        assert spec.kind in lc.KINDS and spec.per in ("element", "sample")
        assert spec.formula.startswith("L = ") and r"\partial L" in spec.derivative
        # the registry's parameter defaults are the functions' own
        defaults = {k: p.default for k, p in inspect.signature(spec.loss).parameters.items()
                    if p.kind is p.KEYWORD_ONLY and k != "reduction"}
        assert defaults == dict(spec.params)
