"""Known values from published worked examples; each cites where the number comes from."""

import dataclasses
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
                              "binary_focal", "hinge", "squared_hinge", "cce", "sparse_cce", "kld", "poisson", "mape",
                              "msle", "categorical_hinge", "categorical_focal", "cosine_similarity", "dice", "tversky",
                              "smooth_l1", "gaussian_nll", "poisson_nll", "soft_margin", "hinge_embedding", "nll",
                              "multi_margin", "multilabel_soft_margin", "margin_ranking", "cosine_embedding",
                              "triplet_margin", "ctc", "ntxent", "clip_contrastive", "contrastive", "distillation",
                              "dpo", "arcface", "cosface", "sparsemax_loss", "poly1", "lovasz_hinge",
                              "wasserstein_1d", "min_snr_mse"}
    pictures = {"pair": lc.Embedding, "triplet": lc.Embedding, "batch": lc.Embedding, "centres": lc.Embedding,
                "sequence": lc.Trellis, "distribution": lc.pictures.Transport}
    # losses of one prediction whose inputs are not (y_true, y_pred): the names their functions give them
    named_otherwise = {"distillation", "dpo", "min_snr_mse"}
    for name, spec in lc.LOSSES.items():
        assert spec.name == name
        assert spec.fn is getattr(lc, name) and spec.grad is getattr(lc, name + "_grad")
        assert spec.kind in lc.KINDS and spec.lesson
        # what one value of reduction="none" is; a loss with no reduction is one value for its whole batch
        reduces = "reduction" in inspect.signature(spec.fn).parameters
        assert spec.one_value_per in (("element", "sample") if reduces else ("batch",))
        # the inputs the record names are the function's positional arguments, in order; a loss of several
        # inputs says what they are (pairs, triplets, batches, a sequence, two samples) and has the picture of its
        # kind
        positional = [k for k, p in inspect.signature(spec.fn).parameters.items()
                      if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert list(spec.inputs) == positional
        assert isinstance(spec.picture, pictures.get(spec.kind, lc.Picture))
        assert spec.takes_one_prediction == (spec.kind not in pictures)
        if spec.takes_one_prediction:
            assert spec.picture.target in lc.TARGETS
            assert spec.inputs == ("y_true", "y_pred") or name in named_otherwise
            # the sweep moves a prediction against a target, and holds every other input
            assert sorted([*spec.swept, *spec.picture.held]) == sorted(spec.inputs)
        assert spec.formula.startswith("L = ") and r"\partial L" in spec.derivative
        # the registry's parameter defaults are the functions' own; a parameter with none (gaussian_nll's var)
        # is given by the picture
        keywords = {k: p.default for k, p in inspect.signature(spec.fn).parameters.items()
                    if p.kind is p.KEYWORD_ONLY and k != "reduction"}
        assert {k: v for k, v in keywords.items() if v is not inspect.Parameter.empty} == dict(spec.params)
        assert {k for k, v in keywords.items() if v is inspect.Parameter.empty} <= set(spec.picture_params)


def test_a_picture_of_one_prediction_holds_the_loss_s_other_inputs():
    """min_snr_mse along ŷ at the SNR its picture holds, and DPO along the policy's chosen log-probability with the
    rejected one held, against the formulas worked by hand; a picture that leaves an input out is refused."""
    snr_loss = lc.LOSSES["min_snr_mse"]
    x = snr_loss.picture.xs(9)
    y, _, _ = snr_loss.picture.inputs(x)
    snr, gamma = snr_loss.picture.held["snr"], snr_loss.params["gamma"]
    loss, grad = snr_loss.one_prediction(x)
    np.testing.assert_allclose(loss, min(snr, gamma) / snr * (x - y) ** 2, rtol=1e-12)
    np.testing.assert_allclose(grad, 2 * min(snr, gamma) / snr * (x - y), rtol=1e-12)

    dpo = lc.LOSSES["dpo"]
    x = dpo.picture.xs(9)
    beta, chosen = dpo.params["beta"], dpo.picture.right_at  # the rejected answer held where the reference puts it
    loss, grad = dpo.one_prediction(x)
    margin = beta * (x - chosen)
    np.testing.assert_allclose(loss, np.log1p(np.exp(-margin)), rtol=1e-12)
    np.testing.assert_allclose(grad, -beta / (1 + np.exp(margin)), rtol=1e-12)

    fields = {f.name: getattr(snr_loss, f.name) for f in dataclasses.fields(snr_loss)}
    with pytest.raises(ValueError, match="'min_snr_mse': its picture gives target, prediction, expected its inputs "
                                         "target, prediction, snr"):
        lc.Loss(**{**fields, "picture": dataclasses.replace(snr_loss.picture, held={})})


def test_registry_records_take_named_fields_only():
    mse = lc.LOSSES["mse"]
    with pytest.raises(TypeError):
        lc.Loss(mse.name, mse.title, mse.fn, mse.grad, mse.kind, mse.one_value_per, mse.params, mse.formula,
                mse.derivative, mse.picture)
    with pytest.raises(TypeError):
        lc.Picture("real", (0.0, 1.0), "x", "y = 0", 0.0, "y", lambda x: x)
    rebuilt = lc.Loss(**{f.name: getattr(mse, f.name) for f in dataclasses.fields(mse)})
    assert rebuilt == mse


# ---- Keras's own test cases (keras/src/losses/losses_test.py, Keras 3) and documentation examples --------------
Y6, P6 = np.array([1, 9, 2, -5, -2, 6.0]).reshape(2, 3), np.array([4, 8, 12, 8, 1, 3.0]).reshape(2, 3)


def test_poisson_mape_msle_keras_cases():
    # Poisson: the expected losses are y_pred − y_true·log(y_pred) on these arrays (Keras computes them so)
    y, p = np.array([4, 8, 12, 8, 1, 3.0]).reshape(2, 3), np.array([1, 9, 2, 5, 2, 6.0]).reshape(2, 3)
    np.testing.assert_allclose(lc.poisson(y, p, reduction="none"), p - y * np.log(p + 1e-7), rtol=1e-12)
    assert lc.poisson(y, p) == pytest.approx(np.mean(p - y * np.log(p)), rel=1e-6)
    assert lc.mape(Y6, P6) == pytest.approx(211.8518, abs=5e-4)  # MeanAbsolutePercentageErrorTest
    assert lc.msle(Y6, P6) == pytest.approx(1.4370, abs=5e-4)  # MeanSquaredLogarithmicErrorTest
    assert lc.mape(P6, P6) == 0.0 and lc.msle(P6, P6) == 0.0


def test_poisson_mape_msle_extremes_and_clipping():
    # ŷ = 0: the rate is clipped by ε inside the log, finite and exactly −y·log(1e-7)
    assert lc.poisson([2.0], [0.0]) == pytest.approx(-2.0 * math.log(1e-7))
    assert lc.poisson_grad([2.0], [0.0], reduction="sum")[0] == pytest.approx(1 - 2.0 / 1e-7)
    # y = 0: MAPE divides by ε = 1e-7 (Keras), a huge but finite percentage
    assert lc.mape([0.0], [0.5]) == pytest.approx(100 * 0.5 / 1e-7)
    # MSLE clips both sides below at ε: negatives count as ε, and the gradient is 0 where ŷ is clipped
    assert lc.msle([-3.0], [-1.0]) == 0.0
    assert lc.msle_grad([2.0], [-1.0], reduction="sum")[0] == 0.0
    # relative errors: doubling costs about the same at 100 and at 1000
    assert lc.msle([100.0], [200.0]) == pytest.approx(lc.msle([1000.0], [2000.0]), rel=0.02)


def test_cosine_similarity_keras_example_and_zero_vectors():
    # keras.losses.cosine_similarity docs: [-0., -0.99999994, 0.99999994]
    got = lc.cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]],
                               reduction="none")
    np.testing.assert_allclose(got, [0.0, -1.0, 1.0], atol=1e-12)
    # magnitude does not matter; a zero vector gives 0 and a finite gradient (Keras's ε in the normalisation)
    assert lc.cosine_similarity([[1.0, 2.0]], [[3.0, -1.0]]) == pytest.approx(
        lc.cosine_similarity([[1.0, 2.0]], [[30.0, -10.0]]), rel=1e-12)
    assert lc.cosine_similarity([[0.0, 0.0]], [[1.0, 2.0]]) == 0.0
    assert np.isfinite(lc.cosine_similarity_grad([[1.0, 2.0]], [[0.0, 0.0]])).all()
    # the gradient is perpendicular to ŷ: moving along ŷ changes nothing
    g = lc.cosine_similarity_grad([[1.0, 2.0, -1.0]], [[0.5, -1.0, 2.0]])
    assert abs(float((g @ np.array([0.5, -1.0, 2.0]))[0])) < 1e-12


def test_categorical_hinge_keras_case():
    # CategoricalHingeTest.test_unweighted: pos [76, −16], neg [0, 48], loss [0, 65] → 32.5
    y, p = np.array([1, 9, 2, -5.0]).reshape(2, 2), np.array([4, 8, 12, 8.0]).reshape(2, 2)
    np.testing.assert_allclose(lc.categorical_hinge(y, p, reduction="none"), [0.0, 65.0])
    assert lc.categorical_hinge(y, p) == 32.5
    # beyond the margin the gradient is exactly zero; inside it pulls the true score up, the best wrong one down
    np.testing.assert_array_equal(lc.categorical_hinge_grad([[1, 0, 0]], [[3.0, 1.0, 0.5]]), [[0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(lc.categorical_hinge_grad([[1, 0, 0]], [[1.5, 1.0, 0.5]], reduction="sum"),
                                  [[-1.0, 1.0, 0.0]])


def test_categorical_focal_keras_cases():
    y = np.eye(3)
    # CategoricalFocalCrossentropyTest: all correct → 0; logits [[8,1,1],[0,9,1],[2,3,5]] → 0.000345
    assert lc.categorical_focal(y, np.eye(3)) == pytest.approx(0.0, abs=1e-3)
    assert lc.categorical_focal(y, 10 * np.eye(3), from_logits=True) == pytest.approx(0.0, abs=1e-3)
    z = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
    assert lc.categorical_focal(y, z, from_logits=True) == pytest.approx(0.000345, abs=5e-6)
    # by definition, on normalised rows: α(1 − p)^γ(−log p) of the true class
    p = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1]])
    expected = [0.25 * 0.1**2 * -math.log(0.9), 0.25 * 0.3**2 * -math.log(0.7)]
    np.testing.assert_allclose(lc.categorical_focal(y[:2], p, reduction="none"), expected, rtol=1e-12)
    # γ = 0, α = 1 is cce; rows that do not sum to 1 are refused (Keras would renormalise them)
    assert lc.categorical_focal(y[:2], p, gamma=0.0, alpha=1.0) == pytest.approx(lc.cce(y[:2], p), rel=1e-12)
    with pytest.raises(ValueError, match=r"^y_pred: row 1 sums to 2.28"):
        lc.categorical_focal(y, [[0.9, 0.05, 0.05], [0.5, 0.89, 0.89], [0.05, 0.01, 0.94]])
    # the class axis can be the first one
    np.testing.assert_allclose(lc.categorical_focal(y[:2].T, p.T, axis=0, reduction="none"), expected, rtol=1e-12)


MASK_Y = np.array([[[[1.0], [1.0]], [[0.0], [0.0]]], [[[1.0], [1.0]], [[0.0], [0.0]]]])
MASK_P = np.array([[[[0.0], [1.0]], [[0.0], [1.0]]], [[[0.4], [0.0]], [[0.0], [0.9]]]])


def test_dice_and_tversky_keras_cases():
    # DiceTest / TverskyTest with axis=(1, 2, 3): one value per sample, as ours
    np.testing.assert_allclose(lc.dice(MASK_Y, MASK_P, reduction="none"), [0.5, 0.75757575], rtol=1e-6)
    np.testing.assert_allclose(lc.tversky(MASK_Y, MASK_P, reduction="none"), [0.5, 0.75757575], rtol=1e-6)
    np.testing.assert_allclose(lc.tversky(MASK_Y, MASK_P, alpha=0.2, beta=0.8, reduction="none"),
                               [0.5, 0.7222222], rtol=1e-6)
    # Keras's default axis=None pools the batch into one mask: ours on the flattened batch as one sample
    y, p = np.array([[1, 2], [1, 2.0]]), np.array([[4, 1], [6, 1.0]])
    assert lc.dice(y.reshape(1, -1), p.reshape(1, -1)) == pytest.approx(-0.55555546, rel=1e-6)
    assert lc.tversky(y.reshape(1, -1), p.reshape(1, -1)) == pytest.approx(-0.55555546, rel=1e-6)
    assert lc.tversky(y.reshape(1, -1), p.reshape(1, -1), alpha=0.2, beta=0.8) == pytest.approx(-0.29629636, rel=1e-6)
    seg_y = np.array([[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1.0]])
    seg_p = np.array([[0, 1, 0, 1], [1, 0, 1, 1], [0, 1, 0, 1], [1, 0, 1, 1.0]])
    assert lc.dice(seg_y.reshape(1, -1), seg_p.reshape(1, -1)) == pytest.approx(0.77777773, rel=1e-6)
    assert lc.tversky(seg_y.reshape(1, -1), seg_p.reshape(1, -1), alpha=0.2, beta=0.8) == pytest.approx(
        0.7916667, rel=1e-6)


def test_dice_and_tversky_extremes():
    # empty masks: no overlap to reward, loss 1, no warning; a perfect binary mask: loss 0 (up to ε)
    assert lc.dice(np.zeros((2, 4)), np.zeros((2, 4))) == 1.0
    assert lc.tversky(np.zeros((1, 4)), np.zeros((1, 4))) == 1.0
    assert np.isfinite(lc.dice_grad(np.zeros((1, 4)), np.zeros((1, 4)))).all()
    assert lc.dice([[1, 0, 1.0]], [[1, 0, 1.0]]) == pytest.approx(0.0, abs=1e-7)
    # α = β = ½ is dice; α weighs missed mask pixels (Keras's order), β extra ones
    y, p = np.array([[1, 1, 0, 0.0]]), np.array([[1, 0, 0, 0.0]])  # one pixel missed, none extra
    assert lc.tversky(y, p, alpha=0.5, beta=0.5) == pytest.approx(lc.dice(y, p))
    assert lc.tversky(y, p, alpha=0.9, beta=0.1) > lc.tversky(y, p, alpha=0.1, beta=0.9)
