"""The losses courses teach now (issue 22) against their references, in float64: values to rtol 1e-6, gradients
(torch autograd of the reference) to rtol 1e-5.

pytorch-metric-learning (ArcFace, CosFace, NT-Xent) and scipy (wasserstein_distance) are called as they are. optax
(ntxent, multiclass_sparsemax_loss, poly_loss_cross_entropy), open_clip (ClipLoss), torchtune (DPOLoss), diffusers
(Min-SNR), Chainer (contrastive) and Berman et al. (Lovász hinge) are not test dependencies: each is a short torch
formula below, written from its published definition. Then hand-worked cases, properties, and bad input."""

import math

import numpy as np
import pytest
from lazy import lazy

import losscore as lc

torch, F, pml = lazy("torch"), lazy("torch.nn.functional"), lazy("pytorch_metric_learning.losses")
stats = lazy("scipy.stats")

RNG = np.random.default_rng(22)
REDUCTIONS = ["mean", "sum", "none"]


def t(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def check(name, args, kwargs, reference, wrt):
    """losscore's NAME(*args, **kwargs) and NAME_grad equal reference(*tensors) and its autograd gradients with
    respect to args[i] for i in wrt (of the sum, for a reduction of "none")."""
    tensors = [t(x, i in wrt) for i, x in enumerate(args)]
    expected = reference(*tensors)
    if expected.requires_grad:  # (a reference that runs its own backward pass returns a plain value)
        expected.sum().backward()
    np.testing.assert_allclose(getattr(lc, name)(*args, **kwargs), expected.detach().numpy(), rtol=1e-6, atol=1e-12)
    grads = as_tuple(getattr(lc, name + "_grad")(*args, **kwargs))
    assert len(grads) == len(wrt)
    for mine, i in zip(grads, wrt):
        assert mine.shape == np.shape(args[i])
        np.testing.assert_allclose(mine, tensors[i].grad.numpy(), rtol=1e-5, atol=1e-10)


def as_tuple(grads):
    return grads if isinstance(grads, tuple) else (grads,)


def reduce(losses, reduction):
    return {"mean": losses.mean, "sum": losses.sum, "none": lambda: losses}[reduction]()


def groups_of_two(n):
    """Labels [0, 0, 1, 1, …]: two views of each of n/2 images."""
    return np.repeat(np.arange(n // 2), 2)


# ---- the references, as torch formulas ---------------------------------------------------------------------------


def optax_ntxent(embeddings, labels, temperature):
    """optax.losses.ntxent: per ordered positive pair, −log softmax of the positive against the anchor's negatives."""
    u = embeddings / embeddings.norm(dim=1, keepdim=True)
    s = u @ u.T / temperature
    pair_losses = []
    for i in range(len(labels)):
        negatives = s[i][torch.tensor(labels != labels[i])]
        for j in np.flatnonzero((labels == labels[i]) & (np.arange(len(labels)) != i)):
            pair_losses.append(torch.logsumexp(torch.cat([s[i, j:j + 1], negatives]), 0) - s[i, j])
    return torch.stack(pair_losses).mean()


def open_clip_loss(image, text, scale, reduction):
    """open_clip.loss.ClipLoss on one device: the mean of the two cross entropies over the batch's logits."""
    labels = torch.arange(len(image))
    per_pair = (F.cross_entropy(scale * image @ text.T, labels, reduction="none")
                + F.cross_entropy(scale * text @ image.T, labels, reduction="none")) / 2
    return reduce(per_pair, reduction)


def chainer_contrastive(x1, x2, y, margin, reduction):
    """chainer.functions.contrastive: ½[y·d² + (1 − y)·max(0, m − d)²]."""
    d = (x1 - x2).norm(dim=-1)
    return reduce(0.5 * (y * d**2 + (1 - y) * (margin - d).clamp_min(0) ** 2), reduction)


def torch_distillation(teacher, student, temperature, reduction):
    """Hinton et al.'s soft loss as torch code writes it: kl_div(..., reduction="batchmean") * T**2."""
    log_q, p = F.log_softmax(student / temperature, -1), F.softmax(teacher / temperature, -1)
    if reduction == "mean":
        return F.kl_div(log_q.reshape(-1, log_q.shape[-1]), p.reshape(-1, p.shape[-1]), reduction="batchmean") \
            * temperature**2
    return reduce(F.kl_div(log_q, p, reduction="none").sum(-1) * temperature**2, reduction)


def torchtune_dpo(chosen, rejected, ref_chosen, ref_rejected, beta, label_smoothing, reduction):
    """torchtune.rlhf.loss.DPOLoss: its per-pair losses, which the recipe averages."""
    logits = (chosen - rejected) - (ref_chosen - ref_rejected)
    losses = -F.logsigmoid(beta * logits) * (1 - label_smoothing) - F.logsigmoid(-beta * logits) * label_smoothing
    return reduce(losses, reduction)


def optax_projection_simplex(z):
    """optax.projections.projection_simplex (sparsemax) along the last axis, by sorting."""
    ordered, _ = torch.sort(z, dim=-1, descending=True)
    cumulative = ordered.cumsum(-1)
    k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    support = (1 + k * ordered > cumulative).sum(-1, keepdim=True)
    return (z - (cumulative.gather(-1, support - 1) - 1) / support).clamp_min(0)


def optax_sparsemax_loss(scores, ids, reduction):
    """optax.losses.multiclass_sparsemax_loss: ⟨p, z − z_k⟩ over p's support + ½(1 − ‖p‖²), p = sparsemax(z)."""
    p = optax_projection_simplex(scores)
    ids = torch.tensor(ids)
    shifted = scores - scores.gather(-1, ids[:, None])
    losses = (p * torch.where(p > 0, shifted, 0.0)).sum(-1) + 0.5 * (1 - (p * p).sum(-1))
    return reduce(losses, reduction)


def optax_poly1(labels, logits, epsilon, reduction):
    """optax.losses.poly_loss_cross_entropy: softmax cross entropy + ε·Σ y(1 − p)."""
    cross_entropy = -(labels * F.log_softmax(logits, -1)).sum(-1)
    return reduce(cross_entropy + epsilon * (labels * (1 - F.softmax(logits, -1))).sum(-1), reduction)


def berman_lovasz_hinge(labels, logits, reduction):
    """Berman et al.'s lovasz_hinge(per_image=True): the sorted hinge errors dotted with the Jaccard increments."""
    losses = []
    for y, z in zip(labels.reshape(len(labels), -1), logits.reshape(len(logits), -1)):
        errors = 1 - z * (2 * y - 1)
        errors_sorted, perm = torch.sort(errors, descending=True)
        truth = y[perm]
        jaccard = 1 - (truth.sum() - truth.cumsum(0)) / (truth.sum() + (1 - truth).cumsum(0))
        increments = torch.cat([jaccard[:1], jaccard[1:] - jaccard[:-1]])
        losses.append(torch.dot(F.relu(errors_sorted), increments))
    return reduce(torch.stack(losses), reduction)


def scipy_wasserstein(u, v, u_weights=None, v_weights=None):
    """scipy.stats.wasserstein_distance's integral Σ |F_u − F_v|·Δx, with the sorted positions differentiable."""
    points, _ = torch.sort(torch.cat([u, v]))

    def cdf(values, weights):
        order = torch.argsort(values.detach())
        mass = torch.ones(len(values), dtype=values.dtype) if weights is None else torch.as_tensor(weights)[order]
        cumulative = torch.cat([torch.zeros(1, dtype=values.dtype), mass.cumsum(0)])
        return cumulative[torch.searchsorted(values.detach()[order], points.detach()[:-1], right=True)] / mass.sum()
    return ((cdf(u, u_weights) - cdf(v, v_weights)).abs() * points.diff()).sum()


def diffusers_min_snr(target, prediction, snr, gamma, prediction_type, reduction):
    """diffusers' train_text_to_image.py with --snr_gamma: per-sample MSE times min(SNR, γ)/SNR (or /(SNR + 1))."""
    weights = torch.stack([snr, gamma * torch.ones_like(snr)], dim=1).min(dim=1)[0]
    weights = weights / snr if prediction_type == "epsilon" else weights / (snr + 1)
    losses = F.mse_loss(prediction, target, reduction="none")
    return reduce(losses.mean(dim=list(range(1, losses.ndim))) * weights, reduction)


def pml_loss(cls, labels, weights, **kwargs):
    """A pytorch-metric-learning classification loss with our class centres: a function of (embeddings, W)."""
    loss = cls(num_classes=weights.shape[1], embedding_size=weights.shape[0], **kwargs)

    def reference(embeddings, w):
        loss.W = torch.nn.Parameter(w.detach().clone())  # PML's W is (D, C), the layout losscore takes
        value = loss(embeddings, torch.tensor(labels))
        value.backward()
        w.grad = loss.W.grad  # W is the loss's own parameter: its gradient lands there
        return value.detach()
    return reference


# ---- values and gradients equal the references -----------------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.07, 0.5, 1.0])
def test_ntxent_is_optax_and_pml(temperature):
    e, labels = RNG.normal(0, 1, (8, 3)), np.array([0, 0, 1, 1, 1, 2, 3, 3])  # groups of 1, 2 and 3
    check("ntxent", [e, labels], {"temperature": temperature}, lambda et, _: optax_ntxent(et, labels, temperature),
          [0])
    expected = pml.NTXentLoss(temperature=temperature)(t(e), torch.tensor(labels))
    assert lc.ntxent(e, labels, temperature=temperature) == pytest.approx(expected.item(), rel=1e-6)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("scale", [1.0, 14.3])
def test_clip_contrastive_is_open_clip(reduction, scale):
    image, text = RNG.normal(0, 1, (5, 4)), RNG.normal(0, 1, (5, 4))
    check("clip_contrastive", [image, text], {"logit_scale": scale, "reduction": reduction},
          lambda i, x: open_clip_loss(i, x, scale, reduction), [0, 1])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [1.0, 2.5])
def test_contrastive_is_chainer(reduction, margin):
    x1, x2, y = RNG.normal(0, 1, (10, 3)), RNG.normal(0, 1, (10, 3)), np.tile([0.0, 1.0], 5)
    check("contrastive", [x1, x2, y], {"margin": margin, "reduction": reduction},
          lambda a, b, yt: chainer_contrastive(a, b, yt, margin, reduction), [0, 1])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("temperature", [1.0, 2.0, 4.0])
def test_distillation_is_torch_kl_div_batchmean(reduction, temperature):
    teacher, student = RNG.normal(0, 3, (6, 5)), RNG.normal(0, 3, (6, 5))
    check("distillation", [teacher, student], {"temperature": temperature, "reduction": reduction},
          lambda te, st: torch_distillation(te, st, temperature, reduction), [1])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("beta, label_smoothing", [(0.1, 0.0), (0.5, 0.0), (0.1, 0.2)])
def test_dpo_is_torchtune(reduction, beta, label_smoothing):
    logps = [-RNG.uniform(5, 60, 7) for _ in range(4)]
    check("dpo", logps, {"beta": beta, "label_smoothing": label_smoothing, "reduction": reduction},
          lambda *x: torchtune_dpo(*x, beta, label_smoothing, reduction), [0, 1])


@pytest.mark.parametrize("margin, scale", [(0.5, 64.0), (0.2, 10.0), (1.2, 4.0)])
def test_arcface_is_pml_with_the_margin_in_degrees(margin, scale):
    e, w, labels = RNG.normal(0, 1, (6, 3)), RNG.normal(0, 1, (3, 4)), RNG.integers(0, 4, 6)
    if margin > 1:  # a large margin: some true angles lie past π − m, where PML falls back to cos θ − m·sin m
        e[0], labels[0] = -w[:, 1] + 0.1, 1
    check("arcface", [labels, e, w], {"margin": margin, "scale": scale},
          lambda _, et, wt: pml_loss(pml.ArcFaceLoss, labels, wt, margin=np.degrees(margin), scale=scale)(et, wt),
          [1, 2])


@pytest.mark.parametrize("margin, scale", [(0.35, 64.0), (0.1, 10.0)])
def test_cosface_is_pml(margin, scale):
    e, w, labels = RNG.normal(0, 1, (6, 3)), RNG.normal(0, 1, (3, 4)), RNG.integers(0, 4, 6)
    check("cosface", [labels, e, w], {"margin": margin, "scale": scale},
          lambda _, et, wt: pml_loss(pml.CosFaceLoss, labels, wt, margin=margin, scale=scale)(et, wt), [1, 2])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sparsemax_loss_is_optax(reduction):
    scores, ids = RNG.normal(0, 1.5, (8, 5)), RNG.integers(0, 5, 8)
    check("sparsemax_loss", [ids, scores], {"reduction": reduction},
          lambda _, z: optax_sparsemax_loss(z, ids, reduction), [1])


@pytest.mark.parametrize("axis", [-1, 0])
def test_sparsemax_is_optax_projection_simplex(axis):
    z = RNG.normal(0, 2, (4, 6))
    expected = np.moveaxis(optax_projection_simplex(t(np.moveaxis(z, axis, -1))).numpy(), -1, axis)
    np.testing.assert_allclose(lc.sparsemax(z, axis=axis), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("epsilon", [2.0, -1.0, 0.0])
def test_poly1_is_optax(reduction, epsilon):
    labels, logits = np.eye(4)[RNG.integers(0, 4, 6)], RNG.normal(0, 2, (6, 4))
    labels[0] = [0.7, 0.1, 0.1, 0.1]  # a soft label too
    check("poly1", [labels, logits], {"epsilon": epsilon, "reduction": reduction},
          lambda y, z: optax_poly1(y, z, epsilon, reduction), [1])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_lovasz_hinge_is_berman(reduction):
    masks = (RNG.random((3, 4, 5)) < 0.4).astype(float)
    masks[2] = 0.0  # an image without any mask pixel
    logits = RNG.normal(0, 1.5, (3, 4, 5))
    check("lovasz_hinge", [masks, logits], {"reduction": reduction},
          lambda y, z: berman_lovasz_hinge(y, z, reduction), [1])


@pytest.mark.parametrize("weighted", [False, True])
def test_wasserstein_1d_is_scipy(weighted):
    u, v = RNG.normal(0, 1, 7), RNG.normal(0.5, 2, 5)
    weights = {"u_weights": RNG.uniform(0, 2, 7), "v_weights": RNG.uniform(0, 2, 5)} if weighted else {}
    assert lc.wasserstein_1d(u, v, **weights) == pytest.approx(stats.wasserstein_distance(u, v, **weights),
                                                               rel=1e-12)
    check("wasserstein_1d", [u, v], weights, lambda ut, vt: scipy_wasserstein(ut, vt, *weights.values()), [0])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("prediction_type", ["epsilon", "v"])
def test_min_snr_mse_is_diffusers(reduction, prediction_type):
    target, prediction = RNG.normal(0, 1, (6, 2, 3)), RNG.normal(0, 1, (6, 2, 3))
    snr = np.array([0.01, 0.5, 1.0, 5.0, 20.0, 400.0])  # both sides of γ = 5
    check("min_snr_mse", [target, prediction, snr], {"reduction": reduction, "prediction_type": prediction_type},
          lambda y, p, s: diffusers_min_snr(y, p, s, 5.0, prediction_type, reduction), [1])


# ---- hand-worked cases and properties ----------------------------------------------------------------------------


def test_hand_worked_values():
    e = [[1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [0.0, 3.0]]  # two pairs at right angles to each other
    assert lc.ntxent(e, [0, 0, 1, 1], temperature=0.5) == pytest.approx(math.log(1 + 2 * math.exp(-2)), rel=1e-12)
    eye = np.eye(3)
    assert lc.clip_contrastive(eye, eye, logit_scale=3.0) == pytest.approx(math.log(1 + 2 * math.exp(-3)), rel=1e-12)
    assert lc.contrastive([0.0, 0.0], [3.0, 4.0], 0.0, margin=6.0) == pytest.approx(0.5)  # ½(6 − 5)²
    assert lc.dpo([-4.0], [-9.0], [-4.0], [-9.0]) == pytest.approx(math.log(2))  # the policy is the reference
    assert lc.dpo([-1.0], [-3.0], [-2.0], [-2.0], beta=0.5) == pytest.approx(math.log(1 + math.exp(-1)))
    assert lc.sparsemax([3.0, 1.0, 0.5]).tolist() == [1.0, 0.0, 0.0]
    assert lc.sparsemax([0.5, 0.0, -0.5]) == pytest.approx([0.75, 0.25, 0.0])
    assert lc.lovasz_hinge([[1.0, 0.0]], [[2.0, -1.0]]) == 0.0  # both pixels beyond the margin
    assert lc.wasserstein_1d([1.5], [-2.0]) == pytest.approx(3.5)
    assert lc.wasserstein_1d([0.0, 10.0], [0.0, 10.0], u_weights=[3, 1], v_weights=[1, 1]) == pytest.approx(2.5)
    assert lc.min_snr_mse([[1.0]], [[3.0]], [10.0], gamma=5.0) == pytest.approx(4.0 * 5.0 / 10.0)


def test_sparsemax_loss_is_martins_closed_form():
    """½ Σ_{j∈S} (z_j² − τ²) + ½ − z_k (Martins & Astudillo 2016, eq. 15)."""
    z, ids = RNG.normal(0, 1, (6, 5)), RNG.integers(0, 5, 6)
    p = lc.sparsemax(z)
    tau = np.array([(row - q)[q > 0][0] for row, q in zip(z, p)])  # p = z − τ on the support
    closed = 0.5 * np.where(p > 0, z**2 - tau[:, None] ** 2, 0.0).sum(1) + 0.5 - z[np.arange(6), ids]
    np.testing.assert_allclose(lc.sparsemax_loss(ids, z, reduction="none"), closed, rtol=1e-10, atol=1e-12)
    assert lc.sparsemax_loss([0], [[2.0, 1.0, -3.0]]) == 0.0  # a lead of 1 costs exactly nothing
    np.testing.assert_allclose(lc.sparsemax_loss_grad([0], [[2.0, 1.0, -3.0]]), [[0.0, 0.0, 0.0]])


def test_special_cases_are_known_losses():
    z, ids = RNG.normal(0, 2, (5, 4)), RNG.integers(0, 4, 5)
    one_hot = np.eye(4)[ids]
    assert lc.poly1(one_hot, z, epsilon=0.0) == pytest.approx(lc.cce(one_hot, z, from_logits=True), rel=1e-12)
    e, w = RNG.normal(0, 1, (5, 3)), RNG.normal(0, 1, (3, 4))  # with no margin, ArcFace and CosFace are one loss
    assert lc.arcface(ids, e, w, margin=0.0, scale=8.0) == pytest.approx(lc.cosface(ids, e, w, margin=0.0, scale=8.0))
    teacher, student, temperature = RNG.normal(0, 2, (5, 4)), RNG.normal(0, 2, (5, 4)), 3.0
    kl = lc.kld(lc.softmax(teacher, temperature=temperature), lc.softmax(student, temperature=temperature))
    assert lc.distillation(teacher, student, temperature=temperature) == pytest.approx(temperature**2 * kl, rel=1e-6)
    noisy = np.array([0.2, 1.0, 4.0])  # SNR ≤ γ: the noise-prediction weight is 1, so Min-SNR is plain MSE
    y, p = RNG.normal(0, 1, (3, 4)), RNG.normal(0, 1, (3, 4))
    assert lc.min_snr_mse(y, p, noisy) == pytest.approx(lc.mse(y, p), rel=1e-12)


def test_reductions_agree_for_every_loss_that_takes_one():
    e, w, ids = RNG.normal(0, 1, (5, 3)), RNG.normal(0, 1, (3, 4)), RNG.integers(0, 4, 5)
    calls = {
        "clip_contrastive": (RNG.normal(0, 1, (5, 3)), RNG.normal(0, 1, (5, 3))),
        "contrastive": (RNG.normal(0, 1, (5, 3)), RNG.normal(0, 1, (5, 3)), np.array([0.0, 1, 0, 1, 1])),
        "distillation": (RNG.normal(0, 1, (5, 4)), RNG.normal(0, 1, (5, 4))),
        "dpo": tuple(-RNG.uniform(1, 9, 5) for _ in range(4)),
        "arcface": (ids, e, w), "cosface": (ids, e, w),
        "sparsemax_loss": (ids, RNG.normal(0, 1, (5, 4))), "poly1": (np.eye(4)[ids], RNG.normal(0, 1, (5, 4))),
        "lovasz_hinge": ((RNG.random((5, 2, 2)) < 0.5).astype(float), RNG.normal(0, 1, (5, 2, 2))),
        "min_snr_mse": (RNG.normal(0, 1, (5, 2)), RNG.normal(0, 1, (5, 2)), RNG.uniform(0.1, 9, 5)),
    }
    for name, args in calls.items():
        fn, grad = getattr(lc, name), getattr(lc, name + "_grad")
        per_sample = fn(*args, reduction="none")
        assert per_sample.shape == (5,), name
        assert fn(*args) == pytest.approx(per_sample.mean(), rel=1e-12), name
        assert fn(*args, reduction="sum") == pytest.approx(per_sample.sum(), rel=1e-12), name
        for mean, total in zip(as_tuple(grad(*args)), as_tuple(grad(*args, reduction="sum"))):
            np.testing.assert_allclose(mean * 5, total, rtol=1e-12, err_msg=name)


def test_only_directions_count_in_the_angular_and_ntxent_losses():
    e, w, ids = RNG.normal(0, 1, (4, 3)), RNG.normal(0, 1, (3, 5)), RNG.integers(0, 5, 4)
    scaled = e * np.array([[0.5], [3.0], [1.0], [7.0]])
    assert lc.arcface(ids, scaled, w * 4.0) == pytest.approx(lc.arcface(ids, e, w), rel=1e-12)
    d_e, d_w = lc.arcface_grad(ids, e, w)
    np.testing.assert_allclose((d_e * e).sum(1), 0.0, atol=1e-12)  # perpendicular: no pull along the embedding
    np.testing.assert_allclose((d_w * w).sum(0), 0.0, atol=1e-12)
    np.testing.assert_allclose((lc.ntxent_grad(e, [0, 0, 1, 1]) * e).sum(1), 0.0, atol=1e-12)


def test_the_temperature_squared_keeps_the_distillation_gradient_in_scale():
    """Hinton et al.: for a large T, T·(softmax(s/T) − softmax(t/T)) → ((s − s̄) − (t − t̄))/C; without the T² it
    would vanish as 1/T."""
    teacher, student = np.array([[2.0, 0.0, -1.0]]), np.array([[0.5, 0.2, 0.0]])
    centred = (student - student.mean()) - (teacher - teacher.mean())
    np.testing.assert_allclose(lc.distillation_grad(teacher, student, temperature=1e3), centred / 3, rtol=1e-2)


def test_dpo_weighs_the_pairs_ranked_the_wrong_way_most():
    wrong, right = lc.dpo_grad([-9.0, -5.0], [-5.0, -9.0], [-7.0, -7.0], [-7.0, -7.0], beta=0.5, reduction="none")[0]
    assert abs(wrong) > abs(right) > 0
    assert wrong == pytest.approx(-0.5 * lc.sigmoid(0.5 * 4.0))  # −β·σ(−βΔ) with Δ = −4


def test_extreme_inputs_stay_finite():
    e, labels = RNG.normal(0, 1, (6, 3)), groups_of_two(6)
    assert np.isfinite(lc.ntxent(e, labels, temperature=1e-3))
    assert np.isfinite(lc.ntxent_grad(e, labels, temperature=1e-3)).all()
    assert np.isfinite(lc.clip_contrastive_grad(e, e[::-1], logit_scale=1e4)).all()
    assert np.isfinite(lc.dpo([-1.0], [-900.0], [-900.0], [-1.0], beta=5.0))
    assert np.isfinite(lc.distillation([[1e3, 0.0]], [[0.0, 1e3]], temperature=0.1))
    on_centre = lc.arcface_grad([0], [[1.0, 0.0]], [[2.0, 0.0], [0.0, 1.0]])  # θ = 0: defined as 0 for the margin
    assert all(np.isfinite(g).all() for g in on_centre)


def test_wasserstein_grad_is_a_finite_difference():
    u, v, h = RNG.normal(0, 1, 6), RNG.normal(1, 1, 4), 1e-7
    numeric = [(lc.wasserstein_1d(u + h * np.eye(6)[i], v) - lc.wasserstein_1d(u - h * np.eye(6)[i], v)) / (2 * h)
               for i in range(6)]
    np.testing.assert_allclose(lc.wasserstein_1d_grad(u, v), numeric, rtol=1e-5, atol=1e-8)


# ---- bad input is refused, naming the argument -------------------------------------------------------------------

E4 = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]]
W = [[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]]
LP = [-1.0, -2.0]

BAD = [
    # (loss, args, keyword arguments, the message must match this regex)
    ("ntxent", (E4, [0, 0, 1]), {}, r"^labels: shape \(3,\) does not match embeddings' 4 rows"),
    ("ntxent", (E4, [0, 0, 1, 1]), {"temperature": 0}, r"^temperature: got 0, expected a number > 0"),
    ("ntxent", (E4, [0, 1, 2, 3]), {}, r"^labels: no two embeddings share a label"),
    ("ntxent", ([[1.0, 0.0], [0.0, 0.0]], [0, 0]), {}, r"^embeddings: row 1 is the zero vector"),
    ("ntxent", ([1.0, 2.0], [0, 0]), {}, r"^embeddings: shape \(2,\), expected \(N, D\)"),
    ("clip_contrastive", (E4, E4[:3]), {}, r"^text_features: shape \(3, 2\) does not match image_features shape "
                                           r"\(4, 2\)"),
    ("clip_contrastive", (E4, E4), {"logit_scale": -1.0}, r"^logit_scale: got -1.0, expected a number > 0"),
    ("contrastive", (E4, E4, [0, 1, 2, 0]), {}, r"^y: value 2 is not 0 or 1"),
    ("contrastive", (E4, E4[:3], [0, 1, 1, 0]), {}, r"^x2: shape \(3, 2\) does not match x1 shape \(4, 2\)"),
    ("contrastive", (E4, E4, [0, 1, 1]), {}, r"^y: shape \(3,\), expected \(4,\)"),
    ("contrastive", (E4, E4, [0, 1, 1, 0]), {"margin": 0.0}, r"^margin: got 0.0, expected a number > 0"),
    ("distillation", ([[1.0, 2.0]], [[1.0, 2.0, 3.0]]), {}, r"^student_logits: shape \(1, 3\) does not match "
                                                           r"teacher_logits shape \(1, 2\)"),
    ("distillation", ([[1.0, 2.0]], [[1.0, 2.0]]), {"temperature": 0.0}, r"^temperature: got 0.0"),
    ("dpo", (LP, LP, LP, [-1.0, -2.0, -3.0]), {}, r"^reference_rejected_logps: shape \(3,\) does not match "
                                                  r"policy_chosen_logps shape \(2,\)"),
    ("dpo", (LP, [-1.0, 0.5], LP, LP), {}, r"^policy_rejected_logps: value 0.5 > 0 is not a log-probability"),
    ("dpo", (LP, LP, LP, LP), {"beta": 0}, r"^beta: got 0, expected a number > 0"),
    ("dpo", (LP, LP, LP, LP), {"label_smoothing": 0.7}, r"^label_smoothing: got 0.7, expected a number in \[0, 0.5\]"),
    ("arcface", ([0, 3, 1, 0], E4, W), {}, r"^labels: 3 is not a class id, expected a whole number in \[0, 3\)"),
    ("arcface", ([0, 1, 1], E4, W), {}, r"^labels: shape \(3,\) does not match embeddings' 4 rows"),
    ("arcface", ([0, 1, 1, 0], E4, np.ones((3, 3))), {}, r"^weights: shape \(3, 3\) does not fit embeddings of size 2"),
    ("arcface", ([0, 1, 1, 0], E4, W), {"margin": 28.6}, r"^margin: got 28.6, expected a number in \[0, 3.14159\)"),
    ("arcface", ([0, 1, 1, 0], E4, W), {"scale": 0}, r"^scale: got 0, expected a number > 0"),
    ("arcface", ([0, 1, 1, 0], E4, [[1.0, 0.0, 0.5], [0.0, 0.0, 0.5]]), {}, r"^weights: column 1 is the zero vector"),
    ("cosface", ([0, 1, 1, 0], E4, W), {"margin": -0.1}, r"^margin: got -0.1, expected a number in \[0, inf\)"),
    ("cosface", ([0, 1.5, 1, 0], E4, W), {}, r"^labels: 1.5 is not a class id"),
    ("sparsemax_loss", ([0, 3], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]), {}, r"^y_true: class id 3 is out of range"),
    ("sparsemax_loss", ([0], [[[1.0, 2.0]]]), {}, r"^y_pred: shape \(1, 1, 2\), expected scores"),
    ("poly1", ([[1.0, 0.0]], [[1.0, 2.0]]), {"epsilon": -2}, r"^epsilon: got -2, expected a number in \[-1, inf\]"),
    ("poly1", ([[1.0, 1.0]], [[1.0, 2.0]]), {}, r"^y_true: row 0 sums to 2"),
    ("poly1", ([[1.0, 0.0]], [[1.0, 2.0, 3.0]]), {}, r"^y_pred: shape \(1, 3\) does not match y_true shape \(1, 2\)"),
    ("lovasz_hinge", ([[0.5, 1.0]], [[1.0, 2.0]]), {}, r"^y_true: value 0.5 is not 0 or 1"),
    ("lovasz_hinge", ([1.0, 0.0], [1.0, 2.0]), {}, r"^y_true: shape \(2,\) has no sample axis"),
    ("wasserstein_1d", ([[1.0, 2.0]], [1.0]), {}, r"^u_values: shape \(1, 2\), expected a 1-D array"),
    ("wasserstein_1d", ([1.0, 2.0], [1.0]), {"u_weights": [1.0, -1.0]}, r"^u_weights: value -1 is negative"),
    ("wasserstein_1d", ([1.0, 2.0], [1.0]), {"v_weights": [0.0]}, r"^v_weights: sums to 0"),
    ("wasserstein_1d", ([1.0, 2.0], [1.0]), {"v_weights": [1.0, 1.0]}, r"^v_weights: shape \(2,\) does not match "
                                                                       r"v_values shape \(1,\)"),
    ("wasserstein_1d", ([], [1.0]), {}, r"^u_values: is empty"),
    ("min_snr_mse", ([[0.0], [1.0]], [[0.0], [1.0]], [1.0, 0.0]), {}, r"^snr: value 0 ≤ 0, expected"),
    ("min_snr_mse", ([[0.0], [1.0]], [[0.0], [1.0]], [1.0, 2.0, 3.0]), {}, r"^snr: shape \(3,\), expected \(2,\)"),
    ("min_snr_mse", ([[0.0], [1.0]], [[0.0]], [1.0, 2.0]), {},
     r"^prediction: shape \(1, 1\) does not match target shape \(2, 1\)"),
    ("min_snr_mse", ([[0.0]], [[0.0]], [1.0]), {"prediction_type": "eps"},
     r"^prediction_type: got 'eps' \(did you mean 'epsilon'\?\), expected 'epsilon'"),
    ("min_snr_mse", ([[0.0]], [[0.0]], [1.0]), {"prediction_type": "v_prediction"}, r"^prediction_type: .*'v'"),
    ("min_snr_mse", ([[0.0]], [[0.0]], [1.0]), {"gamma": 0}, r"^gamma: got 0, expected a number > 0"),
]


@pytest.mark.parametrize("name, args, kwargs, message", BAD, ids=[f"{c[0]}: {c[3][1:30]}" for c in BAD])
def test_bad_input_is_refused_naming_the_argument(name, args, kwargs, message):
    for fn in (getattr(lc, name), getattr(lc, name + "_grad")):
        with pytest.raises(ValueError, match=message):
            fn(*args, **kwargs)


def test_an_unknown_reduction_is_refused():
    with pytest.raises(ValueError, match=r"^reduction: got 'avg'"):
        lc.dpo(LP, LP, LP, LP, reduction="avg")
    with pytest.raises(ValueError, match=r"^reduction: got 'avg'"):
        lc.lovasz_hinge_grad([[1.0]], [[0.0]], reduction="avg")
