"""Settable parameters (losscore.params): one check for every entry point, and the registry's tunable parameters
(ranges a lesson or a slider may use) consistent with what each loss draws."""

import numpy as np
import pytest

import losscore as lc
from losscore.params import Param, ParamError, check_params

LOGITS = Param(name="logits", default=[2.0, 1.0], kind="floats", low=-8.0, high=8.0, length=(2, 6),
               meaning="the scores softmax turns into probabilities")
LABEL = Param(name="label", default=0, kind="int", low=0, high=5, meaning="the true class")


def test_defaults_fill_in_and_values_are_converted():
    assert check_params([LOGITS, LABEL], {"label": 2}, where="Softmax") == {"logits": [2.0, 1.0], "label": 2}
    assert check_params([LOGITS], {"logits": [1, 2, 3]})["logits"] == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("given, message", [
    ({"logit": [1.0, 2.0]}, "scene 1 (Softmax): unknown key 'logit' (did you mean 'logits'?); keys: logits, label"),
    ({"label": 1.5}, "scene 1 (Softmax): label must be a whole number, got 1.5"),
    ({"label": "two"}, "scene 1 (Softmax): label must be a whole number, got 'two'"),
    ({"label": 9}, "scene 1 (Softmax): label = 9 is outside its range [0, 5]"),
    ({"logits": [1.0]}, "scene 1 (Softmax): logits must hold 2 to 6 values, got 1"),
    ({"logits": [1.0, float("nan")]}, "scene 1 (Softmax): logits must be finite, got nan"),
    ({"logits": [1.0, float("inf")]}, "scene 1 (Softmax): logits must be finite, got inf"),
    ({"logits": 3.0}, "scene 1 (Softmax): logits must be a list of numbers, got 3.0"),
    ({"label": True}, "scene 1 (Softmax): label must be a whole number, got True"),
])
def test_bad_values_are_refused_by_name(given, message):
    with pytest.raises(ParamError) as err:
        check_params([LOGITS, LABEL], given, where="scene 1 (Softmax)")
    assert str(err.value) == message


def test_grid_runs_from_low_to_high_by_step():
    assert Param(name="q", low=0.05, high=0.95, step=0.05).grid()[-3:] == [0.85, 0.9, 0.95]
    with pytest.raises(ValueError, match="'x' has no grid"):
        Param(name="x").grid()


def test_a_tunable_parameter_must_be_one_of_the_loss_s_own():
    mse = lc.LOSSES["mse"]
    fields = {f: getattr(mse, f) for f in ("name", "title", "fn", "grad", "kind", "one_value_per", "params",
                                          "formula", "derivative", "picture")}
    with pytest.raises(ValueError, match="tunable delta not among its parameters"):
        lc.Loss(**fields, tunable=(Param(name="delta", low=0.1, high=1.0, step=0.1),))


@pytest.mark.parametrize("name", [n for n, s in lc.LOSSES.items() if s.tunable])
def test_tunable_defaults_are_what_the_picture_draws_and_lie_on_the_grid(name):
    spec = lc.LOSSES[name]
    drawn = {**spec.params, **spec.picture_params}
    for p in spec.tunable:
        assert p.default == drawn[p.name] and p.meaning
        assert p.low <= p.default <= p.high and p.default in p.grid()
        for value in p.grid():  # every setting gives finite numbers: along the whole sweep, or on the points
            if spec.takes_one_prediction:
                loss, grad = spec.one_prediction(spec.picture.xs(201), **{**drawn, p.name: value})
            else:
                loss, grad = spec.on_points(np.array(spec.picture.start), **{**drawn, p.name: value})
            assert np.isfinite(loss).all() and np.isfinite(grad).all(), (p.name, value)
