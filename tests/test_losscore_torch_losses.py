"""losscore's PyTorch losses (issue: smooth L1, NLL, Poisson/Gaussian NLL, margin, pair/triplet, CTC) against
torch.nn.functional in float64 — values (rtol 1e-6) and autograd gradients (rtol 1e-5) for every reduction — and
against what can be worked out without torch: hand-worked cases, finite differences, bad inputs, extremes."""

import numpy as np
import pytest
from lazy import lazy

import losscore as lc

torch, F = lazy("torch"), lazy("torch.nn.functional")

RNG = np.random.default_rng(11)
REDUCTIONS = ["mean", "sum", "none"]


def t(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def torch_loss(fn, inputs, wrt):
    """(value, [d value.sum() / d inputs[i] for i in wrt]) from torch autograd."""
    tensors = [t(x, i in wrt) if not isinstance(x, torch.Tensor) else x for i, x in enumerate(inputs)]
    value = fn(*tensors)
    value.sum().backward()
    return value.detach().numpy(), [tensors[i].grad.numpy() for i in wrt]


def check(ours, theirs):
    value, grads = theirs
    np.testing.assert_allclose(ours[0], value, rtol=1e-6, atol=1e-12)
    ours_grads = ours[1] if isinstance(ours[1], tuple) else (ours[1],)
    assert len(ours_grads) == len(grads)
    for mine, reference in zip(ours_grads, grads):
        np.testing.assert_allclose(mine, reference, rtol=1e-5, atol=1e-12)


def both(name, *args, **kwargs):
    return getattr(lc, name)(*args, **kwargs), getattr(lc, name + "_grad")(*args, **kwargs)


def away_from(x, points, gap=1e-3):
    """`x` nudged off the kinks at `points` (a test must not sit exactly where a gradient jumps)."""
    x = np.array(x, dtype=float)
    for p in np.atleast_1d(points):
        near = np.abs(x - p) < gap
        x[near] = p + 2 * gap
    return x


# ---- single-prediction losses -------------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("beta", [1.0, 0.5, 0.0])
def test_smooth_l1_is_torch(reduction, beta):
    y = RNG.normal(0, 2, (4, 5))
    p = y + away_from(RNG.normal(0, 2, (4, 5)), [-beta, beta, 0.0])
    check(both("smooth_l1", y, p, reduction=reduction, beta=beta),
          torch_loss(lambda yt, pt: F.smooth_l1_loss(pt, yt, beta=beta, reduction=reduction), [y, p], [1]))


def test_smooth_l1_is_huber_divided_by_beta():
    y, p = RNG.normal(0, 2, 50), RNG.normal(0, 2, 50)
    for beta in (0.3, 1.0, 2.5):
        np.testing.assert_allclose(lc.smooth_l1(y, p, beta=beta, reduction="none"),
                                   lc.huber(y, p, delta=beta, reduction="none") / beta, rtol=1e-12)
    np.testing.assert_allclose(lc.smooth_l1(y, p, beta=0.0, reduction="none"), lc.mae(y, p, reduction="none"))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nll_is_torch(reduction):
    lp = lc.log_softmax(RNG.normal(0, 3, (6, 4)))
    ids = RNG.integers(0, 4, 6)
    check(both("nll", ids, lp, reduction=reduction),
          torch_loss(lambda p: F.nll_loss(p, torch.tensor(ids), reduction=reduction), [lp], [0]))


def test_nll_of_log_softmax_is_cross_entropy():
    z, ids = RNG.normal(0, 3, (5, 3)), RNG.integers(0, 3, 5)
    assert lc.nll(ids, lc.log_softmax(z)) == pytest.approx(lc.sparse_cce(ids, z, from_logits=True), rel=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("log_input", [True, False])
@pytest.mark.parametrize("full", [False, True])
def test_poisson_nll_is_torch(reduction, log_input, full):
    y = RNG.integers(0, 7, (3, 6)).astype(float)  # includes 0, 1 and counts > 1 (Stirling's term)
    p = RNG.normal(0.5, 1.0, (3, 6)) if log_input else RNG.uniform(0.1, 6.0, (3, 6))
    check(both("poisson_nll", y, p, reduction=reduction, log_input=log_input, full=full),
          torch_loss(lambda yt, pt: F.poisson_nll_loss(pt, yt, log_input=log_input, full=full, reduction=reduction),
                     [y, p], [1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("var_shape", ["same", "per sample (N, 1)", "per sample (N,)", "scalar"])
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_is_torch(reduction, var_shape, full):
    y, mean = RNG.normal(0, 2, (5, 3)), RNG.normal(0, 2, (5, 3))
    var = {"same": RNG.uniform(0.1, 3, (5, 3)), "per sample (N, 1)": RNG.uniform(0.1, 3, (5, 1)),
           "per sample (N,)": RNG.uniform(0.1, 3, 5), "scalar": 0.7}[var_shape]
    var_t = var if var_shape == "scalar" else torch.tensor(var)
    check(both("gaussian_nll", y, mean, var=var, reduction=reduction, full=full),
          torch_loss(lambda yt, mt: F.gaussian_nll_loss(mt, yt, var_t, full=full, reduction=reduction), [y, mean], [1]))


def test_gaussian_nll_clamps_tiny_variances_at_eps_like_torch():
    y, mean, var = np.zeros(3), np.array([0.1, 0.2, 0.3]), np.array([0.0, 1e-9, 2.0])
    check(both("gaussian_nll", y, mean, var=var, reduction="sum"),
          torch_loss(lambda yt, mt: F.gaussian_nll_loss(mt, yt, torch.tensor(var), reduction="sum"), [y, mean], [1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("var_shape", ["same", "per sample (N, 1)", "per sample (N,)"])
def test_gaussian_nll_var_grad_is_torch_autograd(reduction, var_shape):
    y, mean = RNG.normal(0, 2, (5, 3)), RNG.normal(0, 2, (5, 3))
    var = {"same": RNG.uniform(0.1, 3, (5, 3)), "per sample (N, 1)": RNG.uniform(0.1, 3, (5, 1)),
           "per sample (N,)": RNG.uniform(0.1, 3, 5)}[var_shape]
    var[0] = 1e-9  # below eps: clamped, and torch's gradient still flows (at eps)
    _, (expected,) = torch_loss(lambda yt, mt, vt: F.gaussian_nll_loss(mt, yt, vt, reduction=reduction),
                                [y, mean, var], [2])
    ours = lc.gaussian_nll_var_grad(y, mean, var=var, reduction=reduction)
    assert ours.shape == var.shape
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-12)


def test_gaussian_nll_var_grad_of_a_shared_scalar_variance_is_the_sum():
    y, mean = RNG.normal(0, 2, 6), RNG.normal(0, 2, 6)
    per_element = lc.gaussian_nll_var_grad(y, mean, var=np.full(6, 0.7))
    assert lc.gaussian_nll_var_grad(y, mean, var=0.7) == pytest.approx(per_element.sum(), rel=1e-12)
    h = 1e-6  # and a finite difference of the loss
    numeric = (lc.gaussian_nll(y, mean, var=0.7 + h) - lc.gaussian_nll(y, mean, var=0.7 - h)) / (2 * h)
    assert lc.gaussian_nll_var_grad(y, mean, var=0.7) == pytest.approx(numeric, rel=1e-6)


def test_gaussian_nll_is_smallest_where_the_variance_equals_the_squared_error():
    variances = np.linspace(0.2, 8, 400)
    losses = [lc.gaussian_nll([0.0], [2.0], var=v) for v in variances]
    assert variances[int(np.argmin(losses))] == pytest.approx(4.0, abs=0.02)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_soft_margin_is_torch(reduction):
    y, x = RNG.choice([-1.0, 1.0], (4, 5)), RNG.normal(0, 3, (4, 5))
    check(both("soft_margin", y, x, reduction=reduction),
          torch_loss(lambda yt, xt: F.soft_margin_loss(xt, yt, reduction=reduction), [y, x], [1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("margin", [1.0, 0.3])
def test_multi_margin_is_torch(reduction, p, margin):
    x, ids = RNG.normal(0, 1, (7, 4)), RNG.integers(0, 4, 7)
    check(both("multi_margin", ids, x, reduction=reduction, p=p, margin=margin),
          torch_loss(lambda xt: F.multi_margin_loss(xt, torch.tensor(ids), p=p, margin=margin, reduction=reduction),
                     [x], [0]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_multilabel_soft_margin_is_torch(reduction):
    y, x = (RNG.random((5, 4)) < 0.5).astype(float), RNG.normal(0, 3, (5, 4))
    check(both("multilabel_soft_margin", y, x, reduction=reduction),
          torch_loss(lambda yt, xt: F.multilabel_soft_margin_loss(xt, yt, reduction=reduction), [y, x], [1]))


# ---- pairs and triplets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [1.0, 2.0])
def test_hinge_embedding_is_torch(reduction, margin):
    y, d = RNG.choice([-1.0, 1.0], 12), away_from(RNG.uniform(0, 3, 12), [margin])
    check(both("hinge_embedding", y, d, reduction=reduction, margin=margin),
          torch_loss(lambda yt, dt: F.hinge_embedding_loss(dt, yt, margin=margin, reduction=reduction), [y, d], [1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.5])
def test_margin_ranking_is_torch(reduction, margin):
    x1, y = RNG.normal(0, 1, 10), RNG.choice([-1.0, 1.0], 10)
    x2 = x1 - y * away_from(RNG.normal(0, 1, 10), [margin])  # keep −y(x1 − x2) + margin off 0
    check(both("margin_ranking", x1, x2, y, reduction=reduction, margin=margin),
          torch_loss(lambda a, b, yt: F.margin_ranking_loss(a, b, yt, margin=margin, reduction=reduction),
                     [x1, x2, y], [0, 1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.4, -0.3])
def test_cosine_embedding_is_torch(reduction, margin):
    x1, x2, y = RNG.normal(0, 1, (8, 3)), RNG.normal(0, 1, (8, 3)), RNG.choice([-1.0, 1.0], 8)
    check(both("cosine_embedding", x1, x2, y, reduction=reduction, margin=margin),
          torch_loss(lambda a, b, yt: F.cosine_embedding_loss(a, b, yt, margin=margin, reduction=reduction),
                     [x1, x2, y], [0, 1]))


def test_cosine_embedding_of_a_zero_vector_is_finite_like_torch():
    x1, x2, y = np.array([[0.0, 0.0], [1.0, 2.0]]), np.array([[1.0, 1.0], [2.0, -1.0]]), np.array([1.0, -1.0])
    check(both("cosine_embedding", x1, x2, y, reduction="sum"),
          torch_loss(lambda a, b, yt: F.cosine_embedding_loss(a, b, yt, reduction="sum"), [x1, x2, y], [0, 1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p", [2.0, 1.0, 3.0])
@pytest.mark.parametrize("swap", [False, True])
def test_triplet_margin_is_torch(reduction, p, swap):
    a, pos, neg = RNG.normal(0, 1, (9, 4)), RNG.normal(0, 1, (9, 4)), RNG.normal(0, 1, (9, 4))
    ours = both("triplet_margin", a, pos, neg, reduction=reduction, margin=1.0, p=p, swap=swap)
    check(ours, torch_loss(lambda at, pt, nt: F.triplet_margin_loss(at, pt, nt, margin=1.0, p=p, swap=swap,
                                                                    reduction=reduction), [a, pos, neg], [0, 1, 2]))


def test_triplet_gradients_vanish_once_the_margin_is_met():
    anchor, positive, negative = [0.0, 0.0], [0.5, 0.0], [0.0, 3.0]  # 0.5 − 3 + 1 < 0
    assert lc.triplet_margin(anchor, positive, negative) == 0.0
    assert all(not g.any() for g in lc.triplet_margin_grad(anchor, positive, negative))


# ---- the registry's pictures of pairs and triplets: the loss of three points, and its gradient on them ----------
TORCH_ON_POINTS = {  # the same pairs and triplets the registry's Embedding pictures build, written with torch
    "triplet_margin": lambda a, p, n, m: F.triplet_margin_loss(a[None], p[None], n[None], margin=m, reduction="sum"),
    "cosine_embedding": lambda a, p, n, m: F.cosine_embedding_loss(
        torch.stack([a, a]), torch.stack([p, n]), torch.tensor([1.0, -1.0], dtype=torch.float64), margin=m,
        reduction="sum"),
    "margin_ranking": lambda a, p, n, m: F.margin_ranking_loss(
        F.pairwise_distance(a[None], n[None]), F.pairwise_distance(a[None], p[None]),
        torch.ones(1, dtype=torch.float64), margin=m, reduction="sum"),
}


@pytest.mark.parametrize("name", sorted(TORCH_ON_POINTS))
def test_embedding_pictures_are_torch_on_the_points(name):
    """Loss.on_points (what the embedding anatomy draws: L, and the arrows as −gradient) equals torch autograd on
    the three points, at the start and along the picture's descent; the descent meets the margin."""
    spec = lc.LOSSES[name]
    # every torch loss told by an embedding picture is here (this round's, torch has none of, test_anatomy checks)
    torch_embedding = {n for n, s in lc.LOSSES.items() if isinstance(s.picture, lc.Embedding)
                       and hasattr(F, f"{n}_loss")}
    assert torch_embedding == set(TORCH_ON_POINTS)
    params = dict(spec.picture_params)
    margin = params.get("margin", spec.params["margin"])
    path = lc.optimize(lambda pts: spec.on_points(pts, **params)[1], np.array(spec.picture.start), method="sgd",
                       lr=spec.picture.rate, steps=spec.picture.steps)
    for points in path[:-1]:  # the last one sits at L = 0 exactly, where a hinge's gradient is a convention
        loss, grad = spec.on_points(points, **params)
        value, grads = torch_loss(lambda a, p, n: TORCH_ON_POINTS[name](a, p, n, margin), list(points), [0, 1, 2])
        np.testing.assert_allclose(loss, value, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(grad, np.vstack(grads), rtol=1e-5, atol=1e-9)
    first, last = spec.on_points(path[0], **params)[0], spec.on_points(path[-1], **params)[0]
    assert first > 0.4 and last < 0.01 * first


# ---- finite differences, for every loss with one prediction -------------------------------------------------------

SINGLE = {
    "smooth_l1": lambda: (RNG.normal(0, 2, 6), {"beta": 0.7}),
    "poisson_nll": lambda: (RNG.integers(0, 5, 6).astype(float), {"full": True}),
    "gaussian_nll": lambda: (RNG.normal(0, 2, 6), {"var": RNG.uniform(0.2, 2, 6)}),
    "soft_margin": lambda: (RNG.choice([-1.0, 1.0], 6), {}),
    "hinge_embedding": lambda: (RNG.choice([-1.0, 1.0], 6), {"margin": 1.5}),
}


@pytest.mark.parametrize("name", sorted(SINGLE))
def test_gradient_is_the_finite_difference_of_the_loss(name):
    y, params = SINGLE[name]()
    x = away_from(RNG.uniform(0.2, 3, y.size), [0.7, 1.5]) if name != "smooth_l1" else y + away_from(
        RNG.normal(0, 2, y.size), [-0.7, 0.7])
    loss, grad = getattr(lc, name), getattr(lc, name + "_grad")
    h = 1e-6
    numeric = [(loss(y, x + h * e, **params) - loss(y, x - h * e, **params)) / (2 * h) for e in np.eye(y.size)]
    np.testing.assert_allclose(grad(y, x, **params), numeric, rtol=1e-5, atol=1e-8)


def test_vector_gradients_are_finite_differences():
    h = 1e-6
    x1, x2, y = RNG.normal(0, 1, (3, 2)), RNG.normal(0, 1, (3, 2)), np.array([1.0, -1.0, -1.0])
    g1, g2 = lc.cosine_embedding_grad(x1, x2, y, margin=-0.5)
    for arr, g in ((x1, g1), (x2, g2)):
        for idx in np.ndindex(arr.shape):
            step = np.zeros_like(arr)
            step[idx] = h
            up = lc.cosine_embedding(*((x1 + step, x2) if arr is x1 else (x1, x2 + step)), y, margin=-0.5)
            down = lc.cosine_embedding(*((x1 - step, x2) if arr is x1 else (x1, x2 - step)), y, margin=-0.5)
            assert g[idx] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8)


# ---- CTC -----------------------------------------------------------------------------------------------------------


def ctc_batch(steps=12, classes=5, lengths=(12, 9, 7), labels=((1, 2, 2, 3), (4, 1), (3, 3, 3))):
    """Log-probabilities (T, N, C) from logits, padded labels, and their lengths (repeats included)."""
    z = RNG.normal(0, 2, (steps, len(lengths), classes))
    padded = np.zeros((len(labels), max(map(len, labels))), dtype=np.int64)
    for i, label in enumerate(labels):
        padded[i, :len(label)] = label
    return z, lc.log_softmax(z), padded, np.array(lengths), np.array([len(x) for x in labels])


def torch_ctc(z, labels, lengths, label_lengths, reduction, blank=0):
    """torch's loss and its gradient with respect to the logits (through log_softmax)."""
    z_t = t(z, True)
    value = F.ctc_loss(F.log_softmax(z_t, -1), torch.tensor(labels), torch.tensor(lengths),
                       torch.tensor(label_lengths), blank=blank, reduction=reduction)
    value.sum().backward()
    return value.detach().numpy(), z_t.grad.numpy()


def through_log_softmax(grad_lp, lp):
    """d/dz from d/d log_softmax(z): g − softmax(z)·Σg, per step and sequence."""
    return grad_lp - np.exp(lp) * grad_lp.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ctc_is_torch(reduction):
    z, lp, labels, lengths, label_lengths = ctc_batch()
    value, grad_z = torch_ctc(z, labels, lengths, label_lengths, reduction)
    np.testing.assert_allclose(lc.ctc(labels, lp, lengths, label_lengths, reduction=reduction), value, rtol=1e-6)
    ours = lc.ctc_grad(labels, lp, lengths, label_lengths, reduction=reduction)
    np.testing.assert_allclose(through_log_softmax(ours, lp), grad_z, rtol=1e-5, atol=1e-10)


def test_ctc_takes_torch_concatenated_labels_and_another_blank():
    z, lp, labels, lengths, label_lengths = ctc_batch(labels=((1, 3, 3, 4), (4, 0), (3, 0, 0)))
    flat = np.concatenate([row[:k] for row, k in zip(labels, label_lengths)])  # class 0 is a letter here
    value, grad_z = torch_ctc(z, flat, lengths, label_lengths, "mean", blank=2)
    assert lc.ctc(flat, lp, lengths, label_lengths, blank=2) == pytest.approx(float(value), rel=1e-6)
    assert lc.ctc(labels, lp, lengths, label_lengths, blank=2) == pytest.approx(float(value), rel=1e-6)
    ours = lc.ctc_grad(flat, lp, lengths, label_lengths, blank=2)
    np.testing.assert_allclose(through_log_softmax(ours, lp), grad_z, rtol=1e-5, atol=1e-10)


def test_ctc_gradient_is_minus_the_posterior_and_torch_returns_softmax_minus_it():
    """The true partial derivative with respect to log_probs is −γ; torch's own gradient for log_probs is the
    logit-shaped exp(log_probs) − γ (it assumes a log_softmax in front), zero beyond each input length."""
    z, lp, labels, lengths, label_lengths = ctc_batch()
    gamma = lc.ctc_posterior(labels, lp, lengths, label_lengths)
    np.testing.assert_allclose(lc.ctc_grad(labels, lp, lengths, label_lengths, reduction="sum"), -gamma + 0.0)
    for n, k in enumerate(lengths):
        np.testing.assert_allclose(gamma[:k, n].sum(axis=-1), 1.0, rtol=1e-12)
        assert not gamma[k:, n].any()
    lp_t = t(lp, True)
    F.ctc_loss(lp_t, torch.tensor(labels), torch.tensor(lengths), torch.tensor(label_lengths),
               reduction="sum").backward()
    expected = np.where(np.arange(len(lp))[:, None, None] < lengths[None, :, None], np.exp(lp) - gamma, 0.0)
    np.testing.assert_allclose(lp_t.grad.numpy(), expected, rtol=1e-5, atol=1e-10)


def test_ctc_small_cases_worked_by_hand():
    # two steps, uniform over {blank, 1}, label "1": alignments 11, 1·, ·1 → p = 3/4
    lp = np.log(np.full((2, 1, 2), 0.5))
    assert lc.ctc([[1]], lp, [2], [1], reduction="sum") == pytest.approx(-np.log(0.75))
    # label "11" needs a blank between: in three steps the only alignment is 1·1
    probs = np.array([[0.2, 0.8], [0.7, 0.3], [0.1, 0.9]])[:, None, :]
    assert lc.ctc([[1, 1]], np.log(probs), [3], [2], reduction="sum") == pytest.approx(-np.log(0.8 * 0.7 * 0.9))
    # an empty label: every step says blank
    assert lc.ctc(np.zeros((1, 0)), np.log(probs), [3], [0], reduction="sum") == pytest.approx(
        -np.log(0.2 * 0.7 * 0.1))


def test_ctc_gradient_is_the_finite_difference_through_the_logits():
    z, lp, labels, lengths, label_lengths = ctc_batch(steps=5, lengths=(5, 4), labels=((1, 2), (3,)))
    grad = through_log_softmax(lc.ctc_grad(labels, lp, lengths, label_lengths), lp)
    h = 1e-6
    for idx in [(0, 0, 1), (2, 0, 2), (4, 0, 0), (1, 1, 3), (3, 1, 4)]:
        step = np.zeros_like(z)
        step[idx] = h
        up = lc.ctc(labels, lc.log_softmax(z + step), lengths, label_lengths)
        down = lc.ctc(labels, lc.log_softmax(z - step), lengths, label_lengths)
        assert grad[idx] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-9)


def test_ctc_does_not_underflow_over_hundreds_of_steps():
    steps = 600
    z = RNG.normal(0, 4, (steps, 1, 6))
    label = RNG.integers(1, 6, (1, 40))
    lp = lc.log_softmax(z)
    value, _ = torch_ctc(z, label, [steps], [40], "sum")
    ours = lc.ctc(label, lp, [steps], [40], reduction="sum")
    assert np.isfinite(ours) and ours > 700  # p itself is below 1e-300: only log space holds it
    assert ours == pytest.approx(float(value), rel=1e-6)


# ---- bad inputs and extremes ---------------------------------------------------------------------------------------

LP = np.log([[0.7, 0.2, 0.1]])


@pytest.mark.parametrize("call, message", [
    (lambda: lc.smooth_l1([1.0], [2.0], beta=-1.0), "beta"),
    (lambda: lc.nll([3], LP), "y_true: class id 3"),
    (lambda: lc.nll([0.5], LP), "y_true"),
    (lambda: lc.nll([0], [[0.1, 0.2, 0.3]]), "y_pred"),
    (lambda: lc.nll([0], np.log([[0.5, 0.2, 0.1]])), "not normalised"),
    (lambda: lc.nll([0, 1], LP), "y_true: shape"),
    (lambda: lc.poisson_nll([-1.0], [0.0]), "y_true"),
    (lambda: lc.poisson_nll([1.0], [-0.5], log_input=False), "y_pred"),
    (lambda: lc.poisson_nll([1.0], [0.5], log_input="yes"), "log_input"),
    (lambda: lc.gaussian_nll([0.0], [1.0], var=[-1.0]), "var: value -1"),
    (lambda: lc.gaussian_nll(np.zeros((2, 3)), np.zeros((2, 3)), var=np.ones((3, 2))), "var: shape"),
    (lambda: lc.gaussian_nll([0.0], [1.0], var=1.0, eps=0.0), "eps"),
    (lambda: lc.soft_margin([0.0], [1.0]), "y_true: value 0"),
    (lambda: lc.multi_margin([0], [[1.0, 2.0]], p=3), "p:"),
    (lambda: lc.multi_margin([2], [[1.0, 2.0]]), "y_true: class id 2"),
    (lambda: lc.multilabel_soft_margin([[0.5, 1.0]], [[0.0, 0.0]]), "y_true: value 0.5"),
    (lambda: lc.hinge_embedding([2.0], [1.0]), "y_true"),
    (lambda: lc.margin_ranking([1.0], [2.0], [0.0]), "y: value 0"),
    (lambda: lc.margin_ranking([1.0, 2.0], [2.0], [1.0, 1.0]), "x2: shape"),
    (lambda: lc.cosine_embedding([[1.0, 0.0]], [[1.0, 0.0]], [1.0], margin=2.0), "margin"),
    (lambda: lc.cosine_embedding([[1.0, 0.0]], [[1.0, 0.0]], [1.0, 1.0]), "y: shape"),
    (lambda: lc.triplet_margin([0.0, 0.0], [1.0, 0.0], [1.0]), "negative: shape"),
    (lambda: lc.triplet_margin([0.0], [1.0], [2.0], p=0.5), "p:"),
    (lambda: lc.ctc([[1, 2]], np.log(np.full((1, 1, 3), 1 / 3)), [1], [2]), "input_lengths: sequence 0"),
    (lambda: lc.ctc([[1, 1]], np.log(np.full((2, 1, 3), 1 / 3)), [2], [2]), "plus a blank between repeats"),
    (lambda: lc.ctc([[0, 1]], np.log(np.full((4, 1, 3), 1 / 3)), [4], [2]), "labels: sequence 0 holds 0"),
    (lambda: lc.ctc([[5]], np.log(np.full((4, 1, 3), 1 / 3)), [4], [1]), "labels: sequence 0 holds 5"),
    (lambda: lc.ctc([[1]], np.full((4, 1, 3), -0.5), [4], [1]), "log_probs: row"),
    (lambda: lc.ctc([[1]], np.log(np.full((4, 1, 3), 1 / 3)), [5], [1]), "input_lengths: 5 is out of range"),
    (lambda: lc.ctc([[1]], np.log(np.full((4, 1, 3), 1 / 3)), [4], [1], blank=3), "blank"),
    (lambda: lc.ctc([1, 2], np.log(np.full((4, 2, 3), 1 / 3)), [4, 4], [1, 2]), "labels: 2 ids"),
])
def test_bad_input_is_refused_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_extreme_inputs_stay_finite_without_warnings():
    # pytest turns any RuntimeWarning into a failure (pyproject: filterwarnings = error)
    big = np.array([-800.0, -50.0, 50.0, 800.0])
    signs = np.array([1.0, -1.0, 1.0, -1.0])
    for name in ("soft_margin",):
        assert np.isfinite(getattr(lc, name)(signs, big)) and np.isfinite(getattr(lc, name + "_grad")(signs, big)).all()
    assert np.isfinite(lc.multilabel_soft_margin([[1.0, 0.0, 1.0, 0.0]], [big])).all()
    assert np.isfinite(lc.multilabel_soft_margin_grad([[1.0, 0.0, 1.0, 0.0]], [big])).all()
    lp = lc.log_softmax(np.array([[[900.0, -900.0, 0.0]], [[-900.0, 900.0, 0.0]]]))
    assert np.isfinite(lc.ctc([[1]], lp, [2], [1]))
    assert np.isfinite(lc.ctc_grad([[1]], lp, [2], [1])).all()
    assert lc.poisson_nll([1.0], [800.0]) == np.inf  # e^800 overflows to inf, as in torch, quietly
    assert np.isfinite(lc.gaussian_nll([0.0], [1e6], var=1e-300))
