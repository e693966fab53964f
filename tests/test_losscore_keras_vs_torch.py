"""losscore against PyTorch, where torch defines the same function: values and autograd gradients (float64)."""

import numpy as np
import pytest
from lazy import lazy

import losscore as lc

torch, F = lazy("torch"), lazy("torch.nn.functional")

RNG = np.random.default_rng(7)


def autograd(fn, y, p):
    """(value, d value / d p) from torch autograd, for a torch loss fn(y, p)."""
    p_t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    value = fn(torch.tensor(y, dtype=torch.float64), p_t)
    value.sum().backward()
    return value.detach().numpy(), p_t.grad.numpy()


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_poisson_is_torch_poisson_nll_without_log_input(reduction):
    y, p = RNG.integers(0, 6, (4, 3)).astype(float), RNG.uniform(0.05, 5, (4, 3))
    value, grad = autograd(lambda yt, pt: F.poisson_nll_loss(pt, yt, log_input=False, eps=1e-7,
                                                            reduction=reduction), y, p)
    np.testing.assert_allclose(lc.poisson(y, p, reduction=reduction), value, rtol=1e-6)
    np.testing.assert_allclose(lc.poisson_grad(y, p, reduction=reduction), grad, rtol=1e-6)


def test_cosine_similarity_is_minus_torch_cosine_similarity():
    y, p = RNG.normal(0, 2, (5, 4)), RNG.normal(0, 2, (5, 4))
    value, grad = autograd(lambda yt, pt: -F.cosine_similarity(yt, pt, dim=-1, eps=1e-7), y, p)
    np.testing.assert_allclose(lc.cosine_similarity(y, p, reduction="none"), value, rtol=1e-6)
    np.testing.assert_allclose(lc.cosine_similarity_grad(y, p, reduction="sum"), grad, rtol=1e-6, atol=1e-12)


def test_msle_and_mape_match_autograd_of_their_formulas():
    y, p = RNG.uniform(0.5, 5, (3, 4)), RNG.uniform(0.5, 5, (3, 4))
    _, grad = autograd(lambda yt, pt: ((torch.log1p(pt) - torch.log1p(yt)) ** 2).mean(), y, p)
    np.testing.assert_allclose(lc.msle_grad(y, p), grad, rtol=1e-6)
    _, grad = autograd(lambda yt, pt: (100 * (yt - pt).abs() / yt.abs()).mean(), y, p)
    np.testing.assert_allclose(lc.mape_grad(y, p), grad, rtol=1e-6)


def test_categorical_focal_and_dice_match_autograd_of_their_formulas():
    y = np.eye(4)[RNG.integers(0, 4, 6)]
    z = RNG.normal(0, 2, (6, 4))

    def focal(yt, zt):
        p = torch.softmax(zt, -1).clamp(1e-7, 1 - 1e-7)
        return (0.25 * (1 - p) ** 2 * -yt * torch.log(p)).sum(-1).mean()
    value, grad = autograd(focal, y, z)
    assert lc.categorical_focal(y, z, from_logits=True) == pytest.approx(float(value), rel=1e-6)
    np.testing.assert_allclose(lc.categorical_focal_grad(y, z, from_logits=True), grad, rtol=1e-6, atol=1e-15)
    mask, prob = (RNG.random((3, 5)) < 0.5).astype(float), RNG.uniform(0.05, 0.95, (3, 5))

    def dice(yt, pt):
        return (1 - 2 * (yt * pt).sum(1) / (yt.sum(1) + pt.sum(1) + 1e-7)).mean()
    _, grad = autograd(dice, mask, prob)
    np.testing.assert_allclose(lc.dice_grad(mask, prob), grad, rtol=1e-6)
