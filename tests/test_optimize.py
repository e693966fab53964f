"""losscore.optimize: the same iterates as torch.optim, updates worked by hand, divergence, and bad input."""

import math

import numpy as np
import pytest
from lazy import lazy

import losscore as lc

torch = lazy("torch")

# A narrow valley: f(w, b) = ½(25 w² + b²) + w·b/2, gradient A·x with an off-diagonal term
A = np.array([[25.0, 0.5], [0.5, 1.0]])


def valley(x):
    return A @ x


def torch_iterates(method, x0, lr, steps, **hyper):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop,
           "adagrad": torch.optim.Adagrad}[method]([x], lr=lr, **hyper)
    out = [x.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        x.grad = torch.tensor(valley(x.detach().numpy()), dtype=torch.float64)
        opt.step()
        out.append(x.detach().numpy().copy())
    return np.array(out)


CASES = [("sgd", 0.03, {}), ("sgd", 0.03, {"momentum": 0.9}), ("sgd", 0.03, {"momentum": 0.5, "nesterov": True}),
         ("adam", 0.1, {}), ("adam", 0.05, {"betas": (0.8, 0.99), "eps": 1e-6}), ("rmsprop", 0.01, {}),
         ("rmsprop", 0.01, {"alpha": 0.9, "momentum": 0.5}), ("adagrad", 0.5, {}), ("adagrad", 0.5, {"eps": 1e-3})]


@pytest.mark.parametrize("method, lr, hyper", CASES, ids=[f"{m}-{h}" for m, _, h in CASES])
def test_iterates_equal_torch_optim(method, lr, hyper):
    ours = lc.optimize(valley, [1.0, -2.0], method=method, lr=lr, steps=40, **hyper)
    assert ours.shape == (41, 2)
    np.testing.assert_allclose(ours, torch_iterates(method, [1.0, -2.0], lr, 40, **hyper), rtol=0, atol=1e-9)


def test_first_steps_by_hand():
    g = lambda x: 2 * (x - 3)  # noqa: E731  gradient of (x − 3)²
    # SGD: x ← x − lr·g; from 0 with lr 0.25: 1.5, 2.25
    np.testing.assert_allclose(lc.optimize(g, [0.0], method="sgd", lr=0.25, steps=2)[:, 0], [0, 1.5, 2.25])
    # momentum 0.5: buf₁ = g₀ = −6 → x₁ = 1.5; g₁ = −3, buf₂ = 0.5·(−6) − 3 = −6 → x₂ = 3.0
    np.testing.assert_allclose(lc.optimize(g, [0.0], method="sgd", lr=0.25, steps=2, momentum=0.5)[:, 0],
                               [0, 1.5, 3.0])
    # Adam's first step is lr·sign(g) (m̂ = g, v̂ = g², eps aside): 0 → 0.1
    assert lc.optimize(g, [0.0], method="adam", lr=0.1, steps=1)[1, 0] == pytest.approx(0.1, rel=1e-7)
    # Adagrad's first step is lr·g/|g| = lr too; RMSprop's is lr·g/sqrt(0.01·g²) = 10·lr
    assert lc.optimize(g, [0.0], method="adagrad", lr=0.1, steps=1)[1, 0] == pytest.approx(0.1, rel=1e-9)
    assert lc.optimize(g, [0.0], method="rmsprop", lr=0.01, steps=1)[1, 0] == pytest.approx(0.1, rel=1e-6)


def test_divergence_is_returned_and_overflow_stops_the_run():
    g = lambda x: 2 * (x - 3)  # noqa: E731  each SGD step multiplies the error by 1 − 2·lr = −2 for lr = 1.5
    path = lc.optimize(g, [0.0], method="sgd", lr=1.5, steps=10)[:, 0]
    np.testing.assert_allclose(path - 3, -3 * (-2.0) ** np.arange(11))
    far = lc.optimize(g, [0.0], method="sgd", lr=1.5, steps=5000)
    assert 1000 < len(far) < 5001 and np.isfinite(far).all()  # stopped at the last finite iterate
    assert lc.optimize(g, [5.0], method="sgd", lr=0.1, steps=0).tolist() == [[5.0]]


BAD = [
    (dict(method="newton"), r"^method: got 'newton'"),
    (dict(method="sgd", lr=0.0), r"^lr: got 0.0, expected a number in \(0, inf\)"),
    (dict(method="sgd", lr=-1), r"^lr:"),
    (dict(method="sgd", lr=math.inf), r"^lr:"),
    (dict(method="sgd", steps=-1), r"^steps: got -1"),
    (dict(method="sgd", steps=2.5), r"^steps: got 2.5"),
    (dict(method="sgd", betas=(0.9, 0.99)), r"^betas: not a hyper-parameter of 'sgd'"),
    (dict(method="sgd", momentum=-0.1), r"^momentum: got -0.1"),
    (dict(method="sgd", nesterov=True), r"^nesterov: needs momentum > 0"),
    (dict(method="adam", betas=(0.9, 1.0)), r"^betas\[1\]: got 1.0, expected a number in \[0, 1\)"),
    (dict(method="adam", betas=0.9), r"^betas: got 0.9, expected a pair"),
    (dict(method="rmsprop", alpha=-0.5), r"^alpha: got -0.5"),
    (dict(method="adagrad", eps=-1e-10), r"^eps: got -1e-10"),
]


@pytest.mark.parametrize("kwargs, message", BAD, ids=[m[:30] for _, m in BAD])
def test_bad_input_names_the_argument(kwargs, message):
    call = {"lr": 0.1, "steps": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        lc.optimize(lambda x: x, [1.0], **call)


def test_a_bad_gradient_function_is_named():
    with pytest.raises(ValueError, match=r"^grad: returned shape \(3,\) at step 1, expected \(2,\)"):
        lc.optimize(lambda x: np.zeros(3), [1.0, 2.0], method="sgd", lr=0.1, steps=2)
    with pytest.raises(ValueError, match=r"^grad: returned a non-finite value at step 2"):
        answers = iter([np.array([1.0]), np.array([np.inf])])
        lc.optimize(lambda x: next(answers), [1.0], method="sgd", lr=0.1, steps=3)
    with pytest.raises(ValueError, match=r"^x0: contains NaN"):
        lc.optimize(lambda x: x, [np.nan], method="sgd", lr=0.1, steps=1)
